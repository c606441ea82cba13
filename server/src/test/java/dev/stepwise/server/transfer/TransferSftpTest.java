package dev.stepwise.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.State;

/**
 * Every ONLINE server is a real SFTP endpoint: a user logs in with its key to the port
 * DescribeServer shows, sees the server's host key, and uploads into its home on the data folder's
 * object store; a stopped server refuses connections on that port and a started one takes them
 * again; a new Stepwise process on the same data folder opens the same servers on the same ports,
 * and a server whose port is taken meanwhile goes START_FAILED while the others still open.
 */
class TransferSftpTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);

    @TempDir
    Path data;
    private StepwiseServer stepwise;
    private TransferClient transfer;
    private SshClient ssh;
    private final List<PublicKey> hostKeysSeen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        startStepwise();
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> hostKeysSeen.add(key));
        ssh.start();
    }

    @AfterEach
    void stop() {
        ssh.stop();
        stopStepwise();
    }

    private void startStepwise() {
        stepwise = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false));
        transfer = TransferClients.transfer(stepwise.port());
    }

    private void stopStepwise() {
        transfer.close();
        stepwise.close();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + stepwise.port());
    }

    private String serverWithAlice(String home) {
        String id = transfer.createServer(r -> { }).serverId();
        transfer.createUser(r -> r.serverId(id).userName("alice").role(ROLE).homeDirectory(home)
                .sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic()) + " alice@laptop"));
        return id;
    }

    private int port(String serverId) {
        List<Integer> ports = TransferWire.sftpPorts(endpoint(), serverId);
        assertThat(ports).hasSize(1);
        return ports.get(0);
    }

    private ClientSession login(int port, KeyPair key) throws IOException {
        ClientSession session = ssh.connect("alice", "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession();
        session.addPublicKeyIdentity(key);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    private void upload(int port, String path, String content) throws IOException {
        try (ClientSession session = login(port, ALICE);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
             OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private State state(String serverId) {
        return transfer.describeServer(r -> r.serverId(serverId)).server().state();
    }

    @Test
    void aUserLogsInWithItsKeyAndUploadsIntoItsHome() throws IOException {
        String id = serverWithAlice("/bucket-a/home/alice");
        int port = port(id);
        upload(port, "/report.csv", "a,b\n");
        assertThat(Files.readString(data.resolve("objects/bucket-a/home/alice/report.csv"))).isEqualTo("a,b\n");
        // the key the endpoint showed is the one DescribeServer fingerprints
        String fingerprint = transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint();
        assertThat(hostKeysSeen).isNotEmpty().allMatch(k -> SshKeys.fingerprint(k).equals(fingerprint));
        assertThatThrownBy(() -> login(port, SshKeys.generateRsa(2048)).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aStoppedServerRefusesItsPortAndAStartedOneTakesItAgain() throws IOException {
        String id = serverWithAlice("/bucket-a");
        int port = port(id);
        transfer.stopServer(r -> r.serverId(id));
        assertThat(state(id)).isEqualTo(State.OFFLINE);
        assertThat(TransferWire.accepts(port)).isFalse();
        assertThatThrownBy(() -> login(port, ALICE).close()).isInstanceOf(IOException.class);
        transfer.startServer(r -> r.serverId(id));
        assertThat(state(id)).isEqualTo(State.ONLINE);
        assertThat(port(id)).isEqualTo(port);
        upload(port, "/again.txt", "x");
        assertThat(Files.readString(data.resolve("objects/bucket-a/again.txt"))).isEqualTo("x");
    }

    @Test
    void aNewProcessOnTheSameDataOpensTheSameServersOnTheSamePorts() throws IOException {
        String id = serverWithAlice("/bucket-a");
        int port = port(id);
        String fingerprint = transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint();
        stopStepwise();
        assertThat(TransferWire.accepts(port)).isFalse();
        startStepwise();
        assertThat(state(id)).isEqualTo(State.ONLINE);
        assertThat(port(id)).isEqualTo(port);
        assertThat(transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint()).isEqualTo(fingerprint);
        upload(port, "/after-restart.txt", "still here");
        assertThat(Files.readString(data.resolve("objects/bucket-a/after-restart.txt"))).isEqualTo("still here");
    }

    @Test
    void aServerWhosePortIsTakenAtStartFailsAndTheOthersStillOpen() throws IOException {
        String first = serverWithAlice("/bucket-a");
        String second = serverWithAlice("/bucket-b");
        String stopped = transfer.createServer(r -> { }).serverId();
        transfer.stopServer(r -> r.serverId(stopped));
        int firstPort = port(first);
        int secondPort = port(second);
        stopStepwise();
        try (ServerSocket taken = new ServerSocket(secondPort, 1, InetAddress.getLoopbackAddress())) {
            startStepwise();
            assertThat(state(second)).isEqualTo(State.START_FAILED);
            assertThat(state(first)).isEqualTo(State.ONLINE);
            assertThat(state(stopped)).isEqualTo(State.OFFLINE);
            upload(firstPort, "/ok.txt", "ok");
        }
        transfer.startServer(r -> r.serverId(second));
        assertThat(state(second)).isEqualTo(State.ONLINE);
        upload(secondPort, "/ok.txt", "ok too");
        assertThat(Files.readString(data.resolve("objects/bucket-b/ok.txt"))).isEqualTo("ok too");
    }

    @Test
    void keysImportedOrDeletedCountFromTheNextLogin() throws IOException {
        String id = serverWithAlice("/bucket-a");
        int port = port(id);
        KeyPair laptop = SshKeys.generateRsa(2048);
        assertThatThrownBy(() -> login(port, laptop).close()).isInstanceOf(IOException.class);
        String keyId = transfer.importSshPublicKey(r -> r.serverId(id).userName("alice")
                .sshPublicKeyBody(SshKeys.publicKeyLine(laptop.getPublic()))).sshPublicKeyId();
        login(port, laptop).close();
        transfer.deleteSshPublicKey(r -> r.serverId(id).userName("alice").sshPublicKeyId(keyId));
        assertThatThrownBy(() -> login(port, laptop).close()).isInstanceOf(IOException.class);
        transfer.deleteUser(r -> r.serverId(id).userName("alice"));
        assertThatThrownBy(() -> login(port, ALICE).close()).isInstanceOf(IOException.class);
    }

    @Test
    void anImportedHostKeyIsOfferedToClients() throws IOException {
        String id = serverWithAlice("/bucket-a");
        KeyPair ecdsa = TransferHostKeyApiTest.ecdsa();
        transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(ecdsa)));
        hostKeysSeen.clear();
        login(port(id), ALICE).close();
        // clients prefer ECDSA to RSA: the server offers both, its oldest key of each type
        assertThat(hostKeysSeen).isNotEmpty()
                .allMatch(k -> SshKeys.fingerprint(k).equals(SshKeys.fingerprint(ecdsa.getPublic())));
    }
}
