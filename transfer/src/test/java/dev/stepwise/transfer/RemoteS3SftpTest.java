package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.sftp.MinaSftpEndpoints;
import dev.stepwise.transfer.sftp.Upload;
import dev.stepwise.transfer.storage.RemoteObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An SFTP server of the S3 domain on an S3-compatible service (a real moto_server) with a real SFTP
 * client: uploads land in the remote bucket and are reported with its ETag; listings, attributes and
 * downloads read the bucket; folders, renames and deletes change it; nothing is kept locally.
 */
class RemoteS3SftpTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static MotoS3 moto;
    private static S3Client s3;

    @TempDir
    Path data;
    private RemoteObjectStorage storage;
    private SftpFixture fixture;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        moto = MotoS3.start();
        s3 = moto.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void open() throws IOException {
        TransferConfig config = TransferConfig.defaults(data);
        storage = new RemoteObjectStorage(moto.endpoint(), MotoS3.REGION, MotoS3.ACCESS_KEY, MotoS3.SECRET_KEY,
                data.resolve("scratch"), Clock.systemUTC());
        fixture = new SftpFixture(config, MinaSftpEndpoints.IDLE_TIMEOUT, storage);
        bucket = "sftp-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    }

    @AfterEach
    void close() {
        fixture.close();
        storage.close();
    }

    private SftpClient login() throws IOException {
        int port = fixture.open("S3", SftpFixture.pathUser("/" + bucket + "/home/alice"));
        ClientSession session = fixture.login(port);
        return SftpFixture.sftp(session);
    }

    private String remote(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static String md5(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static void write(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
            if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                names.add(entry.getFilename());
            }
        }
        return names;
    }

    private static int status(SftpException e) {
        return e.getStatus();
    }

    @Test
    void anUploadLandsInTheRemoteBucketAndIsReportedWithItsEtag() throws Exception {
        try (SftpClient sftp = login()) {
            write(sftp, "report.csv", "a,b\n");
            Upload upload = fixture.uploads.nextCompleted();
            assertThat(upload.location()).isEqualTo(new FileLocation.S3(bucket, "home/alice/report.csv", null,
                    md5("a,b\n")));
            assertThat(remote("home/alice/report.csv")).isEqualTo("a,b\n");
            // the home was made at login, as a folder marker
            assertThat(s3.headObject(b -> b.bucket(bucket).key("home/alice/")).contentLength()).isZero();
        }
        assertThat(data.resolve("objects").resolve(bucket)).doesNotExist();
        try (var left = Files.list(data.resolve("scratch"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void listingsAttributesAndDownloadsReadTheRemoteBucket() throws Exception {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("home/alice/a.txt"), RequestBody.fromString("alpha"));
        s3.putObject(b -> b.bucket(bucket).key("home/alice/sub/b.txt"), RequestBody.fromString("beta"));
        s3.putObject(b -> b.bucket(bucket).key("home/bob/c.txt"), RequestBody.fromString("not alice's"));
        try (SftpClient sftp = login()) {
            assertThat(names(sftp, ".")).containsExactlyInAnyOrder("a.txt", "sub");
            assertThat(names(sftp, "sub")).containsExactly("b.txt");
            assertThat(sftp.stat("a.txt").getSize()).isEqualTo(5);
            assertThat(sftp.stat("a.txt").isRegularFile()).isTrue();
            assertThat(sftp.stat("sub").isDirectory()).isTrue();
            assertThat(read(sftp, "a.txt")).isEqualTo("alpha");
            assertThat(read(sftp, "/sub/b.txt")).isEqualTo("beta");
            assertThatThrownBy(() -> read(sftp, "missing.txt")).isInstanceOf(SftpException.class)
                    .satisfies(e -> assertThat(status((SftpException) e)).isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
            assertThatThrownBy(() -> sftp.stat("missing")).isInstanceOf(SftpException.class);
        }
    }

    @Test
    void foldersRenamesAndDeletesChangeTheRemoteBucket() throws Exception {
        try (SftpClient sftp = login()) {
            sftp.mkdir("inbox");
            assertThat(s3.headObject(b -> b.bucket(bucket).key("home/alice/inbox/")).contentLength()).isZero();
            write(sftp, "inbox/one.txt", "1");
            fixture.uploads.nextCompleted();
            sftp.rename("inbox/one.txt", "inbox/two.txt");
            assertThat(remote("home/alice/inbox/two.txt")).isEqualTo("1");
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("home/alice/inbox/one")).contents()).isEmpty();
            assertThatThrownBy(() -> sftp.rmdir("inbox")).isInstanceOf(SftpException.class);
            sftp.remove("inbox/two.txt");
            sftp.rmdir("inbox");
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("home/alice/inbox")).contents()).isEmpty();
            assertThat(names(sftp, ".")).isEmpty();
        }
    }
}
