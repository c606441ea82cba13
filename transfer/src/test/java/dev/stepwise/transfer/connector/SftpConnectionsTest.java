package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connectors' SFTP sessions against a real Apache MINA SSHD server holding an RSA and an ECDSA host
 * key: the trusted key's type is the one negotiated; an untrusted or missing trusted key, refused
 * credentials, a missing secret and a closed port are each their own failure; an interrupted
 * connection attempt is an interruption, never a failure.
 */
class SftpConnectionsTest {
    private static final Caller CALLER = new Caller("123456789012", "eu-west-1", null);
    private static final KeyPair HOST_RSA = SshKeys.generateRsa(2048);
    private static final KeyPair HOST_EC = Keys.ecdsa();
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);

    @TempDir
    static Path root;
    private static SshServer sshd;
    private static final List<String> reads = new CopyOnWriteArrayList<>();
    private static final Map<String, String> SECRETS = Map.of(
            "alice-key", Json.write(Json.object().put("Username", "alice").put("PrivateKey", Keys.legacyPem(ALICE))),
            "bob-password", Json.write(Json.object().put("Username", "bob").put("Password", "right")),
            "bob-wrong", Json.write(Json.object().put("Username", "bob").put("Password", "wrong")));
    private static final SecretValues SECRET_VALUES = (caller, id) -> {
        reads.add(caller.account() + "/" + caller.region() + "/" + id);
        return Optional.ofNullable(SECRETS.get(id));
    };
    /** SSH sessions the server has seen begin. */
    private static final AtomicInteger sessions = new AtomicInteger();
    private final SftpConnections connections = new SftpConnections(SECRET_VALUES, Duration.ofSeconds(10));

    @AfterEach
    void closeConnections() {
        connections.close();
    }

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello");
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(HOST_EC, HOST_RSA));
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("bob") && password.equals("right"));
        sshd.setPublickeyAuthenticator((user, key, session) -> user.equals("alice") && key.equals(ALICE.getPublic()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        sshd.start();
    }

    @AfterAll
    static void stop() throws IOException {
        sshd.stop(true);
    }

    private static ConnectorTarget target(String secret, String... trusted) {
        return new ConnectorTarget("arn:aws:transfer:eu-west-1:123456789012:connector/c-0123456789abcdef0",
                "c-0123456789abcdef0", "sftp://127.0.0.1:" + sshd.getPort(), secret, List.of(trusted));
    }

    private static String line(KeyPair pair) {
        return SshKeys.publicKeyLine(pair.getPublic());
    }

    @Test
    void aTrustedKeyOfEitherTypeIsTheOneNegotiated() throws Exception {
        try (SftpConnections.Connection c = connections.open(CALLER, target("alice-key", line(HOST_RSA)))) {
            assertThat(c.hostKey()).isEqualTo(HOST_RSA.getPublic());
            assertThat(new String(c.sftp().read("/hello.txt").readAllBytes())).isEqualTo("hello");
        }
        try (SftpConnections.Connection c = connections.open(CALLER, target("bob-password", line(HOST_EC)))) {
            assertThat(c.hostKey()).isEqualTo(HOST_EC.getPublic());
        }
        // the secret is read as the connector's account and region
        assertThat(reads).contains("123456789012/eu-west-1/alice-key");
        SftpConnections.TestResult ok = connections.test(CALLER, target("bob-password", line(HOST_RSA)));
        assertThat(ok).isEqualTo(new SftpConnections.TestResult(true, "Connection succeeded",
                TrustedHostKeys.line(HOST_RSA.getPublic())));
    }

    @Test
    void aClosedSessionIsTakenOverByTheNextFileToTheSameServerAsTheSameUser() throws Exception {
        int before = sessions.get();
        ConnectorTarget alice = target("alice-key", line(HOST_RSA));
        SftpClient first;
        try (SftpConnections.Connection c = connections.open(CALLER, alice)) {
            first = c.sftp();
        }
        try (SftpConnections.Connection c = connections.open(CALLER, alice)) {
            assertThat(c.sftp()).isSameAs(first);
            assertThat(new String(c.sftp().read("/hello.txt").readAllBytes())).isEqualTo("hello");
        }
        assertThat(sessions.get() - before).isEqualTo(1);
        // other trusted keys (an updated connector) or another user log in anew
        try (SftpConnections.Connection c = connections.open(CALLER, target("alice-key", line(HOST_RSA), line(HOST_EC)))) {
            assertThat(c.sftp()).isNotSameAs(first);
        }
        try (SftpConnections.Connection c = connections.open(CALLER, target("bob-password", line(HOST_RSA)))) {
            assertThat(c.sftp()).isNotSameAs(first);
        }
        assertThat(sessions.get() - before).isEqualTo(3);
        // TestConnection always connects afresh
        assertThat(connections.test(CALLER, alice).ok()).isTrue();
        assertThat(sessions.get() - before).isEqualTo(4);
        // closing ends the kept sessions, and any closed after that at once
        connections.close();
        assertThat(first.isOpen()).isFalse();
        try (SftpConnections.Connection c = connections.open(CALLER, alice)) {
            first = c.sftp();
        }
        assertThat(first.isOpen()).isFalse();
    }

    @Test
    void anUntrustedKeyIsRefusedAndReported() throws InterruptedException {
        KeyPair other = SshKeys.generateRsa(2048);
        expect(target("bob-password", line(other)), ConnectorFailure.Code.HOST_KEY_ERROR,
                "Invalid trusted host keys: the server's ssh-rsa host key is not among the connector's "
                        + "TrustedHostKeys.");
        SftpConnections.TestResult test = connections.test(CALLER, target("bob-password", line(other)));
        assertThat(test.ok()).isFalse();
        assertThat(test.hostKey()).isEqualTo(TrustedHostKeys.line(HOST_RSA.getPublic()));
        // with none trusted, nothing is: the key is still reported, to be trusted
        expect(target("bob-password"), ConnectorFailure.Code.HOST_KEY_ERROR,
                "Invalid trusted host keys: the connector has no TrustedHostKeys");
        assertThat(connections.test(CALLER, target("bob-password")).hostKey()).isNotNull();
    }

    @Test
    void refusedCredentialsAMissingSecretAndAClosedPortAreEachTheirOwnFailure() throws Exception {
        expect(target("bob-wrong", line(HOST_RSA)), ConnectorFailure.Code.AUTHENTICATION_ERROR,
                "Authentication failed");
        expect(target("nobody", line(HOST_RSA)), ConnectorFailure.Code.SECRET_ERROR,
                "Unable to access secrets manager: no secret nobody");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ConnectorTarget nowhere = new ConnectorTarget("arn:aws:transfer:eu-west-1:123456789012:connector/c-1",
                "c-1", "sftp://127.0.0.1:" + closed, "bob-password", List.of(line(HOST_RSA)));
        expect(nowhere, ConnectorFailure.Code.CONNECTION_ERROR, "Unknown Host/Connection failed");
        SftpConnections.TestResult test = connections.test(CALLER, nowhere);
        assertThat(test.ok()).isFalse();
        assertThat(test.hostKey()).isNull();
    }

    @Test
    void anInterruptedAttemptIsAnInterruptionNotAFailure() throws Exception {
        // a server that accepts the connection and never speaks: the client waits in the key exchange
        try (ServerSocket silent = new ServerSocket(0)) {
            ConnectorTarget target = new ConnectorTarget("arn:aws:transfer:eu-west-1:123456789012:connector/c-1",
                    "c-1", "sftp://127.0.0.1:" + silent.getLocalPort(), "bob-password", List.of(line(HOST_RSA)));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread attempt = Thread.ofVirtual().start(() -> {
                try (SftpConnections.Connection c = connections.open(CALLER, target)) {
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            try (Socket accepted = silent.accept()) {
                attempt.interrupt();
                assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            }
        }
    }

    private void expect(ConnectorTarget target, ConnectorFailure.Code code, String message) {
        assertThatThrownBy(() -> connections.open(CALLER, target).close())
                .isInstanceOfSatisfying(ConnectorFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(code);
                    assertThat(f.getMessage()).startsWith(message);
                });
    }
}
