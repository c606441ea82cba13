package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.sftp.SftpUser.HomeMapping;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.sftp.Upload;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's own sftp client, in batch mode with a key file and the server's host key in a
 * known_hosts file, against the endpoints: what the end-to-end checks and users' scripts will run.
 * Skipped, with a message, where no sftp is on the PATH.
 */
class OpenSshSftpTest {
    @TempDir
    Path data;
    @TempDir
    Path client;
    private SftpFixture fixture;
    private Path sftp;

    @BeforeEach
    void findSftp() throws IOException {
        sftp = findOnPath("sftp");
        Assumptions.assumeTrue(sftp != null, "OpenSSH's sftp is not on the PATH: the OpenSSH client check is skipped");
        fixture = new SftpFixture(TransferConfig.defaults(data));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs a batch of sftp commands as alice; the client's output. */
    private String runBatch(int port, String... commands) throws Exception {
        Path key = client.resolve("alice_key");
        Files.writeString(key, SshKeys.privateKeyText(SftpFixture.ALICE));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path knownHosts = client.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + SshKeys.publicKeyLine(SftpFixture.HOST.getPublic()) + "\n");
        Path batch = client.resolve("batch");
        Files.write(batch, List.of(commands));
        Process process = new ProcessBuilder(sftp.toString(), "-b", batch.toString(), "-i", key.toString(),
                "-P", String.valueOf(port),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "alice@127.0.0.1")
                .directory(client.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("sftp finished").isTrue();
        assertThat(process.exitValue()).as("sftp's exit status; its output:\n" + output).isZero();
        return output;
    }

    @Test
    void openSshsSftpUploadsListsDownloadsAndRenamesOnAPathHome() throws Exception {
        int port = fixture.open("S3", SftpFixture.pathUser("/bucket-a/home/alice"));
        Files.writeString(client.resolve("report.csv"), "a,b\n1,2\n");
        String output = runBatch(port,
                "mkdir /in",
                "put report.csv /in/report.csv",
                "ls -l /in",
                "get /in/report.csv fetched.csv",
                "rename /in/report.csv /in/renamed.csv",
                "ls /in");
        assertThat(output).contains("report.csv").contains("renamed.csv");
        assertThat(Files.readString(client.resolve("fetched.csv"))).isEqualTo("a,b\n1,2\n");
        Upload upload = fixture.uploads.nextCompleted();
        assertThat(upload.location()).isEqualTo(new FileLocation.S3("bucket-a", "home/alice/in/report.csv", null,
                ObjectStoreTest.md5("a,b\n1,2\n")));
        assertThat(upload.sessionId()).matches("[0-9a-f]{16}");
        assertThat(fixture.store.head("bucket-a", "home/alice/in/renamed.csv")).isPresent();
        assertThat(fixture.store.head("bucket-a", "home/alice/in/report.csv")).isEmpty();
    }

    @Test
    void openSshsSftpSeesALogicalHome() throws Exception {
        Files.createDirectories(data.resolve("objects/bucket-b/pics"));
        int port = fixture.open("S3", SftpFixture.logicalUser(List.of(new HomeMapping("/pics", "/bucket-b/pics", "DIRECTORY"))));
        Files.writeString(client.resolve("cat.jpg"), "meow");
        String output = runBatch(port, "pwd", "ls /", "cd pics", "put cat.jpg", "ls");
        assertThat(output).contains("Remote working directory: /").contains("pics").contains("cat.jpg");
        assertThat(fixture.uploads.nextCompleted().location()).extracting(l -> ((FileLocation.S3) l).key())
                .isEqualTo("pics/cat.jpg");
    }
}
