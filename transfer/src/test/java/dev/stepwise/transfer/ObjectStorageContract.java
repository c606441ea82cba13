package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.ObjectPage;
import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.StorageException;
import dev.stepwise.transfer.storage.Versioning;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStorage} does, the embedded store and a remote S3 alike: ETags, versions,
 * delete markers, tags and their limits, copies and their conditions, listings. Each test works in
 * buckets of its own, so a shared service needs no cleaning between tests.
 */
abstract class ObjectStorageContract {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private String suffix;

    /** The storage under test; the same instance throughout one test. */
    protected abstract ObjectStorage storage();

    @BeforeEach
    void nameBuckets() {
        suffix = "-" + ProcessHandle.current().pid() + "-" + TESTS.incrementAndGet();
    }

    /** A bucket of this test only. */
    protected String bucket(String name) {
        return name + suffix;
    }

    protected ObjectInfo put(String bucket, String key, String content) throws IOException {
        return storage().put(bucket, key, stream(content), Map.of());
    }

    protected static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    protected String read(String bucket, String key, String versionId) throws IOException {
        try (InputStream in = storage().open(bucket, key, versionId, null)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected static String md5(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    protected static void assertRefused(ThrowableAssert.ThrowingCallable call, StorageException.Type type,
                                        String messageStart) {
        assertThatThrownBy(call).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).type()).isEqualTo(type))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void anObjectsEtagIsTheMd5OfItsContentUnquoted() throws Exception {
        String a = bucket("bucket-a");
        ObjectInfo info = put(a, "in/report.csv", "a,b\n");
        assertThat(info.etag()).isEqualTo(md5("a,b\n"));
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.location()).isEqualTo(new dev.stepwise.transfer.sftp.FileLocation.S3(a, "in/report.csv",
                null, md5("a,b\n")));
        ObjectInfo head = storage().head(a, "in/report.csv", null).orElseThrow();
        assertThat(head.etag()).isEqualTo(info.etag());
        assertThat(head.lastModified()).isEqualTo(info.lastModified());
        assertThat(read(a, "in/report.csv", null)).isEqualTo("a,b\n");
    }

    @Test
    void aBucketIsCreatedByItsFirstWriteAndBadNamesAreRefused() throws IOException {
        String fresh = bucket("fresh");
        assertThat(storage().head(fresh, "x", null)).isEmpty();
        put(fresh, "x", "1");
        assertThat(read(fresh, "x", null)).isEqualTo("1");
        assertRefused(() -> put("Bad_Bucket", "x", "1"), StorageException.Type.BAD_REQUEST,
                "The specified bucket is not valid.");
    }

    @Test
    void aMissingKeyIsNotFound() throws IOException {
        String a = bucket("bucket-a");
        put(a, "present", "1");
        assertThat(storage().head(a, "absent", null)).isEmpty();
        assertRefused(() -> storage().open(a, "absent", null, null), StorageException.Type.NOT_FOUND,
                "The specified key does not exist.");
        assertRefused(() -> storage().open(bucket("never-made"), "absent", null, null),
                StorageException.Type.NOT_FOUND, "The specified ");
    }

    @Test
    void anUnversionedBucketReplacesTheObjectAndGivesNoVersionId() throws IOException {
        String a = bucket("bucket-a");
        ObjectInfo first = put(a, "k", "one");
        ObjectInfo second = put(a, "k", "two");
        assertThat(first.versionId()).isNull();
        assertThat(second.versionId()).isNull();
        assertThat(storage().versioning(a)).isEqualTo(Versioning.UNVERSIONED);
        assertThat(read(a, "k", null)).isEqualTo("two");
        assertThat(storage().versions(a, "k")).extracting(ObjectInfo::etag, ObjectInfo::versionId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second.etag(), null));
    }

    @Test
    void aVersionedBucketGivesEachWriteAVersionAndKeepsTheOlderOnes() throws IOException {
        String v = bucket("bucket-v");
        storage().setVersioning(v, Versioning.ENABLED);
        assertThat(storage().versioning(v)).isEqualTo(Versioning.ENABLED);
        ObjectInfo first = put(v, "k", "one");
        ObjectInfo second = put(v, "k", "two");
        assertThat(first.versionId()).isNotNull().isNotEqualTo(second.versionId());
        assertThat(read(v, "k", null)).isEqualTo("two");
        assertThat(read(v, "k", first.versionId())).isEqualTo("one");
        assertThat(storage().head(v, "k", first.versionId())).get().extracting(ObjectInfo::etag)
                .isEqualTo(first.etag());
        assertThat(storage().versions(v, "k")).extracting(ObjectInfo::versionId)
                .containsExactly(second.versionId(), first.versionId());
    }

    @Test
    void anObjectWrittenBeforeVersioningIsKeptAsTheNullVersion() throws IOException {
        String v = bucket("bucket-v");
        put(v, "k", "before");
        storage().setVersioning(v, Versioning.ENABLED);
        ObjectInfo after = put(v, "k", "after");
        assertThat(read(v, "k", "null")).isEqualTo("before");
        assertThat(storage().versions(v, "k")).extracting(ObjectInfo::versionId)
                .containsExactly(after.versionId(), "null");
    }

    @Test
    void suspendedVersioningWritesTheNullVersionAndKeepsEarlierVersions() throws IOException {
        String v = bucket("bucket-v");
        storage().setVersioning(v, Versioning.ENABLED);
        ObjectInfo kept = put(v, "k", "kept");
        storage().setVersioning(v, Versioning.SUSPENDED);
        assertThat(storage().versioning(v)).isEqualTo(Versioning.SUSPENDED);
        assertThat(put(v, "k", "n1").versionId()).isEqualTo("null");
        assertThat(put(v, "k", "n2").versionId()).isEqualTo("null");
        assertThat(storage().versions(v, "k")).extracting(ObjectInfo::versionId)
                .containsExactly("null", kept.versionId());
        assertThat(read(v, "k", kept.versionId())).isEqualTo("kept");
        assertThat(read(v, "k", "null")).isEqualTo("n2");
    }

    @Test
    void deletingInAVersionedBucketHidesTheObjectBehindAMarkerAndKeepsItsVersions() throws IOException {
        String v = bucket("bucket-v");
        storage().setVersioning(v, Versioning.ENABLED);
        ObjectInfo written = put(v, "k", "data");
        assertThat(storage().delete(v, "k")).get().isNotEqualTo(written.versionId());
        assertThat(storage().head(v, "k", null)).isEmpty();
        assertThat(read(v, "k", written.versionId())).isEqualTo("data");
        assertThat(storage().versions(v, "k")).extracting(ObjectInfo::versionId).containsExactly(written.versionId());
    }

    @Test
    void deletingInAnUnversionedBucketRemovesTheObjectAndAMissingKeyIsNoError() throws IOException {
        String a = bucket("bucket-a");
        put(a, "k", "data");
        assertThat(storage().delete(a, "k")).isEmpty();
        assertThat(storage().head(a, "k", null)).isEmpty();
        assertThat(storage().delete(a, "never")).isEmpty();
        assertThat(storage().delete(bucket("never-made"), "never")).isEmpty();
    }

    @Test
    void tagsFollowS3sLimitsAndARefusedChangeLeavesTheOldTags() throws IOException {
        String a = bucket("bucket-a");
        put(a, "k", "data");
        Map<String, String> ten = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("key" + i, "value " + i);
        }
        assertThat(storage().putTags(a, "k", null, ten).tags()).isEqualTo(ten);
        Map<String, String> eleven = new HashMap<>(ten);
        eleven.put("key10", "v");
        assertRefused(() -> storage().putTags(a, "k", null, eleven), StorageException.Type.BAD_REQUEST,
                "Object tags cannot be greater than 10");
        assertRefused(() -> storage().putTags(a, "k", null, Map.of("bad*key", "v")),
                StorageException.Type.BAD_REQUEST, "The TagKey you have provided is invalid");
        assertRefused(() -> storage().putTags(a, "k", null, Map.of("k", "x".repeat(257))),
                StorageException.Type.BAD_REQUEST, "The TagValue you have provided is invalid");
        assertThat(storage().head(a, "k", null)).get().extracting(ObjectInfo::tags).isEqualTo(ten);
        assertRefused(() -> storage().putTags(a, "missing", null, Map.of("a", "b")), StorageException.Type.NOT_FOUND,
                "The specified key does not exist.");
    }

    @Test
    void tagsOfAnOlderVersionAreItsOwn() throws IOException {
        String v = bucket("bucket-v");
        storage().setVersioning(v, Versioning.ENABLED);
        ObjectInfo first = storage().put(v, "k", stream("one"), Map.of("stage", "raw"));
        put(v, "k", "two");
        storage().putTags(v, "k", first.versionId(), Map.of("stage", "archived"));
        assertThat(storage().head(v, "k", first.versionId())).get().extracting(ObjectInfo::tags)
                .isEqualTo(Map.of("stage", "archived"));
        assertThat(storage().head(v, "k", null)).get().extracting(ObjectInfo::tags).isEqualTo(Map.of());
    }

    @Test
    void anOverwriteDropsTheTagsAsAPutWithoutTaggingDoes() throws IOException {
        String a = bucket("bucket-a");
        assertThat(storage().put(a, "k", stream("one"), Map.of("a", "b")).tags()).isEqualTo(Map.of("a", "b"));
        assertThat(storage().head(a, "k", null)).get().extracting(ObjectInfo::tags).isEqualTo(Map.of("a", "b"));
        assertThat(put(a, "k", "two").tags()).isEmpty();
        assertThat(storage().head(a, "k", null)).get().extracting(ObjectInfo::tags).isEqualTo(Map.of());
    }

    @Test
    void aCopyKeepsContentEtagAndTagsAndRefusesAnExistingDestinationUnlessAsked() throws IOException {
        String a = bucket("bucket-a");
        String b = bucket("bucket-b");
        ObjectInfo source = storage().put(a, "in/a.csv", stream("data"), Map.of("stage", "raw"));
        ObjectInfo copy = storage().copy(a, "in/a.csv", null, null, b, "out/a.csv", false);
        assertThat(copy.etag()).isEqualTo(source.etag());
        assertThat(copy.tags()).isEqualTo(Map.of("stage", "raw"));
        assertThat(storage().head(b, "out/a.csv", null)).get().extracting(ObjectInfo::tags)
                .isEqualTo(Map.of("stage", "raw"));
        assertThat(read(b, "out/a.csv", null)).isEqualTo("data");

        put(a, "in/a.csv", "newer");
        assertRefused(() -> storage().copy(a, "in/a.csv", null, null, b, "out/a.csv", false),
                StorageException.Type.ALREADY_EXISTS, "An object already exists at " + b + "/out/a.csv");
        assertThat(read(b, "out/a.csv", null)).isEqualTo("data");
        storage().copy(a, "in/a.csv", null, null, b, "out/a.csv", true);
        assertThat(read(b, "out/a.csv", null)).isEqualTo("newer");
    }

    @Test
    void aCopyOfAnOlderVersionCopiesThatVersion() throws IOException {
        String v = bucket("bucket-v");
        storage().setVersioning(v, Versioning.ENABLED);
        ObjectInfo first = put(v, "k", "one");
        put(v, "k", "two");
        ObjectInfo copy = storage().copy(v, "k", first.versionId(), first.etag(), v, "copy", false);
        assertThat(copy.etag()).isEqualTo(first.etag());
        assertThat(copy.versionId()).isNotNull().isNotEqualTo(first.versionId());
        assertThat(read(v, "copy", null)).isEqualTo("one");
    }

    @Test
    void aCopyOrReadOfAChangedSourceFailsItsEtagConstraint() throws Exception {
        String a = bucket("bucket-a");
        ObjectInfo original = put(a, "k", "original");
        put(a, "k", "changed by a custom step");
        assertRefused(() -> storage().copy(a, "k", null, original.etag(), a, "copy", true),
                StorageException.Type.NOT_FOUND, "ETag constraint not met");
        assertRefused(() -> storage().open(a, "k", null, original.etag()), StorageException.Type.NOT_FOUND,
                "ETag constraint not met");
        try (InputStream in = storage().open(a, "k", null, md5("changed by a custom step"))) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("changed by a custom step");
        }
        assertThat(storage().head(a, "copy", null)).isEmpty();
        assertRefused(() -> storage().copy(a, "nothing", null, null, a, "copy", true),
                StorageException.Type.NOT_FOUND, "The specified key does not exist.");
    }

    @Test
    void aListingPagesThroughKeysWithAPrefixInKeyOrder() throws IOException {
        String a = bucket("bucket-a");
        for (String key : List.of("in/b.csv", "in/a.csv", "in/sub/c.csv", "out/d.csv", "in/e.csv")) {
            put(a, key, key);
        }
        ObjectPage first = storage().list(a, "in/", null, 2);
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactly("in/a.csv", "in/b.csv");
        assertThat(first.objects().getFirst().etag()).isEqualTo(storage().head(a, "in/a.csv", null).orElseThrow().etag());
        assertThat(first.truncated()).isTrue();
        ObjectPage second = storage().list(a, "in/", first.nextStartAfter(), 2);
        assertThat(second.objects()).extracting(ObjectInfo::key).containsExactly("in/e.csv", "in/sub/c.csv");
        assertThat(second.truncated()).isFalse();
        assertThat(second.nextStartAfter()).isNull();
        assertThat(storage().list(a, "", null, 10).objects()).hasSize(5);
        assertRefused(() -> storage().list(bucket("never-made"), "", null, 10), StorageException.Type.NOT_FOUND,
                "The specified bucket does not exist.");
    }
}
