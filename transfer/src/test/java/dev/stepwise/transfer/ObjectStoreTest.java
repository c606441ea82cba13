package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.ObjectPage;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.StorageException;
import dev.stepwise.transfer.storage.Versioning;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is the embedded object store's own: objects as files in bucket folders, keys that map onto
 * paths, sidecars that survive a restart or a crash, folder markers (what every ObjectStorage does is
 * in {@link ObjectStoreContractTest}).
 */
class ObjectStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path root;
    private TickingClock clock;
    private ObjectStore store;

    @BeforeEach
    void open() throws IOException {
        clock = new TickingClock(T0);
        store = new ObjectStore(root, clock, new Random(7));
    }

    private ObjectInfo put(String bucket, String key, String content) throws IOException {
        return store.put(bucket, key, stream(content), Map.of());
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String bucket, String key, String versionId) throws IOException {
        try (InputStream in = store.open(bucket, key, versionId, null)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String md5(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anObjectsEtagIsTheMd5OfItsContentUnquotedAsTransferShowsIt() throws Exception {
        ObjectInfo info = put("bucket-a", "in/report.csv", "a,b\n");
        assertThat(info.etag()).isEqualTo(md5("a,b\n")).matches("[0-9a-f]{32}");
        assertThat(info.quotedEtag()).isEqualTo("\"" + md5("a,b\n") + "\"");
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.lastModified()).isAfter(T0)
                .isEqualTo(Files.getLastModifiedTime(root.resolve("bucket-a/in/report.csv")).toInstant());
        assertThat(info.location()).isEqualTo(
                new dev.stepwise.transfer.sftp.FileLocation.S3("bucket-a", "in/report.csv", null, md5("a,b\n")));
        assertThat(Files.readString(root.resolve("bucket-a/in/report.csv"))).isEqualTo("a,b\n");
    }

    @Test
    void aBucketIsCreatedByItsFirstWriteAndBadNamesAreRefused() throws IOException {
        assertThat(Files.exists(root.resolve("fresh-bucket"))).isFalse();
        put("fresh-bucket", "x", "1");
        assertThat(Files.isDirectory(root.resolve("fresh-bucket"))).isTrue();
        assertThatThrownBy(() -> put("Bad_Bucket", "x", "1")).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).type()).isEqualTo(StorageException.Type.BAD_REQUEST))
                .hasMessageContaining("The specified bucket is not valid.");
        assertThatThrownBy(() -> put(".stepwise", "x", "1")).isInstanceOf(StorageException.class);
    }

    @Test
    void keysThatWouldLeaveTheirBucketAreRefused() {
        for (String key : List.of("../escape", "a/../../b", "a//b", "/abs", "./x")) {
            assertThatThrownBy(() -> put("bucket-a", key, "1")).as(key).isInstanceOf(StorageException.class)
                    .satisfies(e -> assertThat(((StorageException) e).type()).isEqualTo(StorageException.Type.BAD_REQUEST));
        }
        assertThat(root.resolve("escape")).doesNotExist();
    }

    @Test
    void deletingInAVersionedBucketHidesTheObjectBehindAMarkerAndKeepsItsVersions() throws IOException {
        store.setVersioning("bucket-v", Versioning.ENABLED);
        ObjectInfo written = put("bucket-v", "k", "data");
        assertThat(store.delete("bucket-v", "k")).get().isNotEqualTo(written.versionId());
        assertThat(store.head("bucket-v", "k")).isEmpty();
        assertThat(root.resolve("bucket-v/k")).doesNotExist();
        assertThat(read("bucket-v", "k", written.versionId())).isEqualTo("data");
    }

    @Test
    void metadataSurvivesARestart() throws IOException {
        store.setVersioning("bucket-v", Versioning.ENABLED);
        ObjectInfo written = store.put("bucket-v", "k", stream("data"), Map.of("stage", "raw"));
        ObjectStore reopened = new ObjectStore(root, clock, new Random(8));
        assertThat(reopened.versioning("bucket-v")).isEqualTo(Versioning.ENABLED);
        assertThat(reopened.head("bucket-v", "k")).contains(written);
    }

    @Test
    void contentNotCommittedIsNeverVisibleUnderItsKeyNotEvenAfterACrash() throws IOException {
        put("bucket-a", "k", "old");
        ObjectStore.Staged staged = store.stage();
        Files.writeString(staged.file(), "half of the new cont");
        assertThat(read("bucket-a", "k", null)).isEqualTo("old");
        // the process dies here; a new one finds the old object, not the half-written one
        ObjectStore afterCrash = new ObjectStore(root, clock, new Random(9));
        assertThat(afterCrash.head("bucket-a", "k")).get().extracting(ObjectInfo::size).isEqualTo(3L);
        try (InputStream in = afterCrash.open("bucket-a", "k", null, null)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old");
        }
        assertThat(afterCrash.list("bucket-a", "", null, 10).objects()).extracting(ObjectInfo::key).containsExactly("k");
    }

    @Test
    void contentWhoseSidecarDisagreesIsTakenAsItIsWithItsEtagComputedAgain() throws Exception {
        store.setVersioning("bucket-v", Versioning.ENABLED);
        put("bucket-v", "k", "committed");
        // as after a crash between the content's rename and the sidecar's, or a file put in by hand
        Files.writeString(root.resolve("bucket-v/k"), "replaced by hand");
        ObjectInfo seen = store.head("bucket-v", "k").orElseThrow();
        assertThat(seen.etag()).isEqualTo(md5("replaced by hand"));
        assertThat(seen.versionId()).isEqualTo("null");
        Files.createDirectories(root.resolve("bucket-a"));
        Files.writeString(root.resolve("bucket-a/dropped.txt"), "dropped");
        assertThat(store.head("bucket-a", "dropped.txt")).get().extracting(ObjectInfo::etag, ObjectInfo::versionId)
                .containsExactly(md5("dropped"), null);
    }

    @Test
    void aCopyKeepsContentEtagAndTagsAndRefusesAnExistingDestinationUnlessAsked() throws IOException {
        ObjectInfo source = store.put("bucket-a", "in/a.csv", stream("data"), Map.of("stage", "raw"));
        ObjectInfo copy = store.copy("bucket-a", "in/a.csv", null, null, "bucket-b", "out/a.csv", false);
        assertThat(copy.etag()).isEqualTo(source.etag());
        assertThat(copy.tags()).isEqualTo(Map.of("stage", "raw"));
        assertThat(read("bucket-b", "out/a.csv", null)).isEqualTo("data");

        put("bucket-a", "in/a.csv", "newer");
        assertThatThrownBy(() -> store.copy("bucket-a", "in/a.csv", null, null, "bucket-b", "out/a.csv", false))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).type()).isEqualTo(StorageException.Type.ALREADY_EXISTS));
        assertThat(read("bucket-b", "out/a.csv", null)).isEqualTo("data");
        store.copy("bucket-a", "in/a.csv", null, null, "bucket-b", "out/a.csv", true);
        assertThat(read("bucket-b", "out/a.csv", null)).isEqualTo("newer");
        assertThat(Files.list(root.resolve(".stepwise/tmp")).toList()).isEmpty();
    }

    @Test
    void aListingPagesThroughKeysWithAPrefixInKeyOrder() throws IOException {
        for (String key : List.of("in/b.csv", "in/a.csv", "in/sub/c.csv", "out/d.csv", "in/e.csv")) {
            put("bucket-a", key, key);
        }
        store.createFolder("bucket-a", "in/empty/");
        ObjectPage first = store.list("bucket-a", "in/", null, 2);
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactly("in/a.csv", "in/b.csv");
        assertThat(first.truncated()).isTrue();
        ObjectPage second = store.list("bucket-a", "in/", first.nextStartAfter(), 2);
        assertThat(second.objects()).extracting(ObjectInfo::key).containsExactly("in/e.csv", "in/empty/");
        ObjectPage third = store.list("bucket-a", "in/", second.nextStartAfter(), 2);
        assertThat(third.objects()).extracting(ObjectInfo::key).containsExactly("in/sub/c.csv");
        assertThat(third.truncated()).isFalse();
        assertThat(third.nextStartAfter()).isNull();
        assertThat(store.list("bucket-a", "in/e", null, 10).objects()).extracting(ObjectInfo::key)
                .containsExactly("in/e.csv", "in/empty/");
        assertThat(store.list("bucket-a", "in/empty/", null, 10).objects().getFirst().etag())
                .isEqualTo(ObjectStore.EMPTY_ETAG);
        assertThatThrownBy(() -> store.list("no-such-bucket", "", null, 10)).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("The specified bucket does not exist.");
    }

    /** A clock that moves one second on at each reading, so versions have distinct times. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plusSeconds(1);
            return current;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
