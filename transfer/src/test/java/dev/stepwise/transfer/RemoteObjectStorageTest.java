package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.RemoteObjectStorage;
import dev.stepwise.transfer.storage.StorageException;
import dev.stepwise.transfer.storage.Versioning;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 storage domain on a real S3-compatible service (moto_server) keeps the contract of every
 * {@link ObjectStorage}, and what it writes is plain S3 that any other client reads.
 */
class RemoteObjectStorageTest extends ObjectStorageContract {
    private static MotoS3 moto;
    private static S3Client client;

    @TempDir
    Path scratch;
    private RemoteObjectStorage storage;

    @BeforeAll
    static void startS3() throws Exception {
        moto = MotoS3.start();
        client = moto.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (client != null) {
            client.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void open() throws IOException {
        storage = new RemoteObjectStorage(moto.endpoint(), MotoS3.REGION, MotoS3.ACCESS_KEY, MotoS3.SECRET_KEY,
                scratch, Clock.systemUTC());
    }

    @Override
    protected ObjectStorage storage() {
        return storage;
    }

    /**
     * Narrowed: S3 keeps the versions written before versioning was suspended (its user guide, "Adding
     * objects to versioning-suspended buckets"), but moto drops them when the "null" version is
     * written, so only the "null" version ids are checked against it.
     */
    @Override
    @Test
    void suspendedVersioningWritesTheNullVersionAndKeepsEarlierVersions() throws IOException {
        String v = bucket("bucket-v");
        storage.setVersioning(v, Versioning.ENABLED);
        put(v, "k", "kept");
        storage.setVersioning(v, Versioning.SUSPENDED);
        assertThat(storage.versioning(v)).isEqualTo(Versioning.SUSPENDED);
        assertThat(put(v, "k", "n1").versionId()).isEqualTo("null");
        assertThat(put(v, "k", "n2").versionId()).isEqualTo("null");
        assertThat(storage.versions(v, "k")).extracting(ObjectInfo::versionId).startsWith("null");
        assertThat(read(v, "k", "null")).isEqualTo("n2");
    }

    @Test
    void anObjectWrittenIsPlainS3ToOtherClientsAndNothingStagedIsLeft() throws Exception {
        String a = bucket("bucket-a");
        ObjectInfo written = storage.put(a, "in/report.csv", stream("a,b\n"), Map.of("stage", "raw"));
        assertThat(client.getObjectAsBytes(b -> b.bucket(a).key("in/report.csv")).asUtf8String()).isEqualTo("a,b\n");
        assertThat(client.headObject(b -> b.bucket(a).key("in/report.csv")).eTag()).isEqualTo(written.quotedEtag());
        assertThat(client.getObjectTagging(b -> b.bucket(a).key("in/report.csv")).tagSet())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("stage=raw"));
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anObjectPutThereByAnotherClientIsReadAsItIs() throws Exception {
        String a = bucket("bucket-a");
        client.createBucket(b -> b.bucket(a));
        client.putObject(b -> b.bucket(a).key("dropped.txt"), RequestBody.fromString("dropped"));
        assertThat(storage.head(a, "dropped.txt", null)).get().extracting(ObjectInfo::etag, ObjectInfo::size)
                .containsExactly(md5("dropped"), 7L);
        assertThat(read(a, "dropped.txt", null)).isEqualTo("dropped");
    }

    @Test
    void aServiceThatCannotBeReachedIsAFaultOfTheMediumNotARefusal() throws Exception {
        URI closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (RemoteObjectStorage unreachable = new RemoteObjectStorage(closed, MotoS3.REGION, MotoS3.ACCESS_KEY,
                MotoS3.SECRET_KEY, scratch, Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.head("bucket-a", "k", null))
                    .isInstanceOf(IOException.class).isNotInstanceOf(StorageException.class)
                    .hasMessageContaining("could not be reached");
        }
    }
}
