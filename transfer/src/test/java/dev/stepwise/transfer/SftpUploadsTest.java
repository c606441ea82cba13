package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.sftp.Upload;
import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.Versioning;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written over SFTP: stored through the object store, reported completed or partial with their session. */
class SftpUploadsTest {
    @TempDir
    Path data;
    private SftpFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private int openS3(String home) throws IOException {
        fixture = new SftpFixture(TransferConfig.defaults(data));
        return fixture.open("S3", SftpFixture.pathUser(home));
    }

    private static void write(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClosedUploadIsReportedCompletedWithItsObjectEtagAndSession() throws Exception {
        int port = openS3("/bucket-a/home/alice");
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            write(sftp, "/report.csv", "a,b\n");
        }
        Upload upload = fixture.uploads.nextCompleted();
        assertThat(upload.serverId()).isEqualTo(SftpFixture.SERVER_ID);
        assertThat(upload.userName()).isEqualTo("alice");
        assertThat(upload.sessionId()).matches("[0-9a-f]{16}");
        assertThat(upload.location()).isEqualTo(new FileLocation.S3("bucket-a", "home/alice/report.csv", null,
                ObjectStoreTest.md5("a,b\n")));
        assertThat(fixture.store.head("bucket-a", "home/alice/report.csv")).get().extracting(ObjectInfo::etag)
                .isEqualTo(ObjectStoreTest.md5("a,b\n"));
        assertThat(fixture.uploads.partial).isEmpty();
    }

    @Test
    void eachConnectionIsOneSessionWithItsOwnId() throws Exception {
        int port = openS3("/bucket-a");
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            write(sftp, "/one", "1");
            write(sftp, "/two", "2");
        }
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            write(sftp, "/three", "3");
        }
        String first = fixture.uploads.nextCompleted().sessionId();
        String second = fixture.uploads.nextCompleted().sessionId();
        String third = fixture.uploads.nextCompleted().sessionId();
        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first).matches("[0-9a-f]{16}");
    }

    @Test
    void anUploadToAVersionedBucketCarriesItsVersion() throws Exception {
        int port = openS3("/bucket-v");
        fixture.store.setVersioning("bucket-v", Versioning.ENABLED);
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            write(sftp, "/f.txt", "one");
            write(sftp, "/f.txt", "two");
        }
        FileLocation.S3 first = (FileLocation.S3) fixture.uploads.nextCompleted().location();
        FileLocation.S3 second = (FileLocation.S3) fixture.uploads.nextCompleted().location();
        assertThat(first.versionId()).isNotNull().isNotEqualTo(second.versionId());
        assertThat(fixture.store.versions("bucket-v", "f.txt")).extracting(ObjectInfo::versionId)
                .containsExactly(second.versionId(), first.versionId());
    }

    @Test
    void aFileBeingWrittenIsNotVisibleUnderItsKeyUntilClosed() throws Exception {
        int port = openS3("/bucket-a");
        fixture.store.put("bucket-a", "f.txt", new java.io.ByteArrayInputStream("old".getBytes()), java.util.Map.of());
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            SftpClient.CloseableHandle handle = sftp.open("/f.txt",
                    EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
            byte[] part = "new content, first half".getBytes(StandardCharsets.UTF_8);
            sftp.write(handle, 0, part);
            assertThat(Files.readString(data.resolve("objects/bucket-a/f.txt"))).isEqualTo("old");
            assertThat(fixture.store.head("bucket-a", "f.txt")).get().extracting(ObjectInfo::size).isEqualTo(3L);
            sftp.close(handle);
        }
        assertThat(fixture.uploads.nextCompleted().location()).extracting(l -> ((FileLocation.S3) l).etag())
                .isEqualTo(ObjectStoreTest.md5("new content, first half"));
        assertThat(Files.readString(data.resolve("objects/bucket-a/f.txt"))).isEqualTo("new content, first half");
    }

    @Test
    void aDroppedSessionStoresWhatWasReceivedAndReportsAPartialUpload() throws Exception {
        int port = openS3("/bucket-a");
        ClientSession session = fixture.login(port);
        SftpClient sftp = SftpFixture.sftp(session);
        SftpClient.CloseableHandle handle = sftp.open("/big.bin",
                EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
        sftp.write(handle, 0, "received so far".getBytes(StandardCharsets.UTF_8));
        session.close(true); // the client drops the connection without closing the file
        Upload partial = fixture.uploads.nextPartial();
        assertThat(partial.location()).isEqualTo(new FileLocation.S3("bucket-a", "big.bin", null,
                ObjectStoreTest.md5("received so far")));
        assertThat(partial.sessionId()).matches("[0-9a-f]{16}");
        assertThat(Files.readString(data.resolve("objects/bucket-a/big.bin"))).isEqualTo("received so far");
        assertThat(fixture.uploads.completed).isEmpty();
    }

    @Test
    void closingTheServerStoresAndReportsTheUploadsItCutOffBeforeItReturns() throws Exception {
        int port = openS3("/bucket-a");
        ClientSession session = fixture.login(port);
        SftpClient sftp = SftpFixture.sftp(session);
        SftpClient.CloseableHandle handle = sftp.open("/cut.txt",
                EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
        sftp.write(handle, 0, "cut off".getBytes(StandardCharsets.UTF_8));
        fixture.endpoints.close(SftpFixture.SERVER_ID);
        assertThat(fixture.uploads.partial).hasSize(1);
        assertThat(fixture.uploads.partial.peek().location())
                .isEqualTo(new FileLocation.S3("bucket-a", "cut.txt", null, ObjectStoreTest.md5("cut off")));
        session.close(true);
    }

    @Test
    void anIdleSessionIsClosedAndItsOpenUploadIsPartial() throws Exception {
        fixture = new SftpFixture(TransferConfig.defaults(data), Duration.ofSeconds(1));
        int port = fixture.open("S3", SftpFixture.pathUser("/bucket-a"));
        ClientSession session = fixture.login(port);
        SftpClient sftp = SftpFixture.sftp(session);
        SftpClient.CloseableHandle handle = sftp.open("/idle.txt",
                EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create));
        sftp.write(handle, 0, "then nothing".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.uploads.partial.isEmpty());
        assertThat(fixture.uploads.nextPartial().location()).extracting(l -> ((FileLocation.S3) l).key())
                .isEqualTo("idle.txt");
        await().atMost(Duration.ofSeconds(10)).until(session::isClosed);
    }

    @Test
    void anEfsUploadIsReportedAtItsFileSystemAndPath() throws Exception {
        Path efs = Files.createDirectories(data.resolve("efs-folder"));
        fixture = new SftpFixture(TransferConfig.defaults(data).withEfsFileSystems(SftpFixture.efs("fs-12345678", efs)));
        int port = fixture.open("EFS", SftpFixture.pathUser("/fs-12345678/home/alice"));
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            sftp.mkdir("/in");
            write(sftp, "/in/note.txt", "x");
        }
        Upload upload = fixture.uploads.nextCompleted();
        assertThat(upload.location()).isEqualTo(new FileLocation.Efs("fs-12345678", "/home/alice/in/note.txt"));
        assertThat(Files.readString(efs.resolve("home/alice/in/note.txt"))).isEqualTo("x");
    }

    @Test
    void foldersAndRenamesGoThroughTheObjectStore() throws Exception {
        int port = openS3("/bucket-a");
        try (ClientSession session = fixture.login(port); SftpClient sftp = SftpFixture.sftp(session)) {
            sftp.mkdir("/in");
            write(sftp, "/in/a.txt", "a");
            sftp.rename("/in/a.txt", "/in/b.txt");
            assertThat(sftp.readDir("/in")).extracting(SftpClient.DirEntry::getFilename)
                    .containsExactlyInAnyOrder(".", "..", "b.txt");
            sftp.remove("/in/b.txt");
            sftp.rmdir("/in");
        }
        assertThat(fixture.store.list("bucket-a", "", null, 10).objects()).isEmpty();
    }
}
