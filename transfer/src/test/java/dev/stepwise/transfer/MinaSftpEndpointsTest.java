package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.sftp.MinaSftpEndpoints;
import dev.stepwise.transfer.sftp.SftpServerSpec;
import dev.stepwise.transfer.sftp.SftpUser;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.sftp.UploadListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP endpoints with MINA's own SFTP client: ports, host keys, public-key logins, homes. */
class MinaSftpEndpointsTest {
    private static final KeyPair HOST = SshKeys.generateRsa(2048);
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);

    @TempDir
    Path data;
    private MinaSftpEndpoints endpoints;
    private SshClient client;

    @BeforeEach
    void start() {
        endpoints = new MinaSftpEndpoints(TransferConfig.defaults(data));
        client = SshClient.setUpDefaultClient();
        // the client trusts the server's host key only
        client.setServerKeyVerifier((session, address, key) -> key.equals(HOST.getPublic()));
        client.start();
    }

    @AfterEach
    void stop() {
        client.stop();
        endpoints.close();
    }

    private SftpServerSpec spec(List<Integer> ports, String home) {
        return new SftpServerSpec("s-0123456789abcdef0", "S3", ports, List.of(HOST),
                name -> name.equals("alice") ? Optional.of(new SftpUser("alice", List.of(ALICE.getPublic()), "PATH",
                        home, List.of())) : Optional.empty(), UploadListener.NONE);
    }

    private ClientSession login(int port, String user, KeyPair key) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession();
        session.addPublicKeyIdentity(key);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    @Test
    void anUploadLandsUnderTheUsersHomeInItsBucket() throws IOException {
        int port = endpoints.open(spec(List.of(), "/bucket-a/home/alice")).get(0);
        try (ClientSession session = login(port, "alice", ALICE);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThat(sftp.canonicalPath(".")).isEqualTo("/");
            sftp.mkdir("/in");
            try (OutputStream out = sftp.write("/in/report.csv")) {
                out.write("a,b\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.readString(data.resolve("objects/bucket-a/home/alice/in/report.csv"))).isEqualTo("a,b\n");
    }

    @Test
    void aPathOutsideTheHomeNeverLeavesIt() throws IOException {
        Files.createDirectories(data.resolve("objects/bucket-a"));
        Files.writeString(data.resolve("objects/bucket-a/secret.txt"), "not alice's");
        int port = endpoints.open(spec(List.of(), "/bucket-a/home/alice")).get(0);
        try (ClientSession session = login(port, "alice", ALICE);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> sftp.read("/../../secret.txt").readAllBytes()).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.read("../../secret.txt").readAllBytes()).isInstanceOf(IOException.class);
            assertThat(sftp.canonicalPath("/../..")).isEqualTo("/");
        }
    }

    @Test
    void anotherKeyOrAnUnknownUserIsRefused() throws IOException {
        int port = endpoints.open(spec(List.of(), "/bucket-a")).get(0);
        KeyPair mallory = SshKeys.generateRsa(2048);
        assertThatThrownBy(() -> login(port, "alice", mallory)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> login(port, "bob", ALICE)).isInstanceOf(IOException.class);
    }

    @Test
    void theAskedPortsAreBoundAndClosingFreesThem() throws IOException {
        int free = freePort();
        List<Integer> bound = endpoints.open(spec(List.of(free), "/bucket-a"));
        assertThat(bound).containsExactly(free);
        login(free, "alice", ALICE).close();
        endpoints.close("s-0123456789abcdef0");
        assertThatThrownBy(() -> login(free, "alice", ALICE)).isInstanceOf(IOException.class);
        // and can be opened again
        assertThat(endpoints.open(spec(List.of(free), "/bucket-a"))).containsExactly(free);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anEfsHomeIsTheFolderItsFileSystemIsMappedTo() throws IOException {
        Path efs = data.resolve("efs-folder");
        MinaSftpEndpoints withEfs = new MinaSftpEndpoints(TransferConfig.defaults(data)
                .withEfsFileSystems(Map.of("fs-12345678", efs)));
        try {
            SftpServerSpec s = spec(List.of(), "/fs-12345678/alice");
            int port = withEfs.open(new SftpServerSpec(s.serverId(), "EFS", s.ports(), s.hostKeys(), s.users(),
                    s.uploads())).get(0);
            try (ClientSession session = login(port, "alice", ALICE);
                 SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                 OutputStream out = sftp.write("/note.txt")) {
                out.write("x".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(Files.readString(efs.resolve("alice/note.txt"))).isEqualTo("x");
        } finally {
            withEfs.close();
        }
    }
}
