package dev.stepwise.transfer.connector;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.transfer.connector.ConnectorFailure.Code;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Opens SFTP sessions to connectors' remote servers (Apache MINA SSHD's client), as a connector
 * does: the user and the password or private key come from the connector's secret, read in
 * process as the connector's account and region read it; the server's host key must be one of the
 * connector's TrustedHostKeys (none trusted: every key is refused, TestConnection still reports
 * it); host key algorithms are RSA's and ECDSA's only (the key types AWS trusts), those of the
 * trusted keys' types first, so a server with keys of several types shows the trusted one. Each
 * session has an SSH client of its own (no state shared between connectors).
 *
 * <p>A session {@link #open}ed for a transfer's file is kept for {@link #KEEP_IDLE} after it is closed,
 * and the next file to the same server as the same user with the same trusted keys (the next file of
 * the transfer, mostly) takes it over instead of connecting and logging in again: that is most of a
 * small file's cost. A changed secret or TrustedHostKeys makes a new session. Known race: a server that
 * drops an idle session just as it is taken over fails that one file with CONNECTION_ERROR.
 * TestConnection always connects afresh. {@link #close} ends the idle sessions.
 *
 * <p>Contract on interruption: when the calling thread is interrupted (the host is stopping), the
 * methods throw InterruptedException, never a ConnectorFailure, so an unfinished file is not
 * recorded as failed and is carried on after a restart.
 */
public final class SftpConnections implements AutoCloseable {
    /** How long connecting, the key exchange and logging in may take, each. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** How long a session is given to close politely before it is cut. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final String URL_HINT = " Verify the server URL in the connector configuration, and verify that "
            + "the login credentials work successfully outside of the connector.";
    private static final String HOST_KEY_HINT = " Verify that the trusted host key in the connector configuration "
            + "matches the ssh-keyscan output.";

    /** How long a session closed by its user stays open for the next file. */
    public static final Duration KEEP_IDLE = Duration.ofSeconds(10);

    private final SecretValues secrets;
    private final Duration timeout;
    /** Sessions closed by their users, newest last, by whom and where they log in; guarded by itself. */
    private final Map<SessionKey, Deque<Idle>> idle = new HashMap<>();
    private ScheduledExecutorService reaper; // guarded by idle; made with the first idle session
    private boolean closed; // guarded by idle

    public SftpConnections(SecretValues secrets, Duration timeout) {
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /** What a session can be reused for: the same account and region, server, secret value and trusted keys. */
    private record SessionKey(String account, String region, String url, String secretDigest, List<String> trusted) {}

    private record Idle(Connection connection, long sinceNanos) {}

    /**
     * An open SFTP session as the connector's user; closing it ends the session, or keeps it for the
     * next file when it came from {@link #open} and is still open.
     */
    public static final class Connection implements AutoCloseable {
        private final SshClient client;
        private final ClientSession session;
        private final SftpClient sftp;
        private final PublicKey hostKey;
        private SftpConnections pool;
        private SessionKey key;

        private Connection(SshClient client, ClientSession session, SftpClient sftp, PublicKey hostKey) {
            this.client = client;
            this.session = session;
            this.sftp = sftp;
            this.hostKey = hostKey;
        }

        private boolean usable() {
            return session.isOpen() && !session.isClosing() && sftp.isOpen();
        }

        @Override
        public void close() {
            if (pool == null || Thread.currentThread().isInterrupted() || !usable() || !pool.keep(this)) {
                end();
            }
        }

        public SftpClient sftp() {
            return sftp;
        }

        /** The remote server's host key. */
        public PublicKey hostKey() {
            return hostKey;
        }

        /** Ends the session politely (the server sees the channel closed, not the connection dropped). */
        private void end() {
            try {
                sftp.close();
                session.close(false).await(CLOSE_WAIT);
            } catch (InterruptedIOException e) {
                // keep the interruption for the caller to see (rethrowIfInterrupted)
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // the session goes anyway
            } finally {
                session.close(true);
                client.stop();
            }
        }
    }

    /** TestConnection's answer: OK or ERROR, the message, and the server's host key if one was seen. */
    public record TestResult(boolean ok, String message, String hostKey) {}

    /**
     * A session to the connector's server as its user (one kept from an earlier file when there is one);
     * the failure's code says why there could be none.
     */
    public Connection open(Caller caller, ConnectorTarget target) throws ConnectorFailure, InterruptedException {
        String secretString = secretString(caller, target);
        SessionKey key = new SessionKey(caller.account(), caller.region(), target.url(), digest(secretString),
                List.copyOf(target.trustedHostKeys()));
        Connection kept = takeKept(key);
        if (kept != null) {
            return kept;
        }
        Connection c = open(target, secretString, new AtomicReference<>());
        c.pool = this;
        c.key = key;
        return c;
    }

    private Connection takeKept(SessionKey key) {
        synchronized (idle) {
            Deque<Idle> sessions = idle.get(key);
            while (sessions != null && !sessions.isEmpty()) {
                Connection c = sessions.pollLast().connection();
                if (sessions.isEmpty()) {
                    idle.remove(key);
                }
                if (c.usable()) {
                    return c;
                }
                c.end();
            }
            return null;
        }
    }

    /** Keeps a session for the next file; false when it cannot be kept (the pool is closed). */
    private boolean keep(Connection c) {
        synchronized (idle) {
            if (closed) {
                return false;
            }
            idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(new Idle(c, System.nanoTime()));
            if (reaper == null) {
                reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                        .name("stepwise-sftp-connector-sessions").factory());
                long period = KEEP_IDLE.toMillis() / 2;
                reaper.scheduleWithFixedDelay(this::endIdle, period, period, TimeUnit.MILLISECONDS);
            }
            return true;
        }
    }

    /** Ends the sessions kept longer than KEEP_IDLE. */
    private void endIdle() {
        List<Connection> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            for (Iterator<Deque<Idle>> all = idle.values().iterator(); all.hasNext(); ) {
                Deque<Idle> sessions = all.next();
                while (!sessions.isEmpty() && now - sessions.peekFirst().sinceNanos() >= KEEP_IDLE.toNanos()) {
                    expired.add(sessions.pollFirst().connection());
                }
                if (sessions.isEmpty()) {
                    all.remove();
                }
            }
        }
        expired.forEach(Connection::end);
    }

    /** Ends the kept sessions; sessions closed later end at once. */
    @Override
    public void close() {
        List<Connection> kept = new ArrayList<>();
        synchronized (idle) {
            closed = true;
            idle.values().forEach(sessions -> sessions.forEach(i -> kept.add(i.connection())));
            idle.clear();
            if (reaper != null) {
                reaper.shutdownNow();
            }
        }
        kept.forEach(Connection::end);
    }

    /** Connects and logs in as a transfer would, then leaves; what TestConnection answers. */
    public TestResult test(Caller caller, ConnectorTarget target) throws InterruptedException {
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        try (Connection c = open(target, secretString(caller, target), seen)) {
            return new TestResult(true, "Connection succeeded", TrustedHostKeys.line(c.hostKey()));
        } catch (ConnectorFailure f) {
            PublicKey key = seen.get();
            return new TestResult(false, f.getMessage(), key == null ? null : TrustedHostKeys.line(key));
        }
    }

    private String secretString(Caller caller, ConnectorTarget target) throws ConnectorFailure {
        return secrets.secretString(caller, target.userSecretId()).orElseThrow(() ->
                new ConnectorFailure(Code.SECRET_ERROR, "Unable to access secrets manager: no secret "
                        + target.userSecretId() + " with a current SecretString was found. Verify that your secret "
                        + "name aligns with the one in Transfer Role permissions."));
    }

    private static String digest(String secretString) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secretString.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new session (never a kept one), with the secret's value read. */
    private Connection open(ConnectorTarget target, String secretString, AtomicReference<PublicKey> seen)
            throws ConnectorFailure, InterruptedException {
        SftpUrl url = SftpUrl.parse(target.url()).orElseThrow(() -> new ConnectorFailure(Code.CONNECTION_ERROR,
                "Unknown Host/Connection failed: the connector's Url is not sftp://host[:port]." + URL_HINT));
        UserSecret user = UserSecret.parse(secretString);
        SshClient client = client(target.trustedHostKeys(), seen);
        boolean opened = false;
        try {
            client.start();
            ClientSession session = connect(client, user.username(), url);
            try {
                if (user.password() != null) {
                    session.addPasswordIdentity(user.password());
                }
                if (user.privateKey() != null) {
                    session.addPublicKeyIdentity(user.privateKey());
                }
                authenticate(session, target, seen);
                SftpClient sftp;
                try {
                    sftp = SftpClientFactory.instance().createSftpClient(session);
                } catch (IOException e) {
                    rethrowIfInterrupted(e);
                    throw new ConnectorFailure(Code.CONNECTION_ERROR, "The server did not start an SFTP session: "
                            + describe(e) + ".", e);
                }
                opened = true;
                return new Connection(client, session, sftp, seen.get());
            } finally {
                if (!opened) {
                    session.close(true);
                }
            }
        } finally {
            if (!opened) {
                client.stop();
            }
        }
    }

    /** A client that offers RSA and ECDSA host key algorithms, the trusted keys' types first, and checks the key. */
    private static SshClient client(List<String> trusted, AtomicReference<PublicKey> seen) {
        SshClient client = SshClient.setUpDefaultClient();
        // nothing of the machine's own SSH set-up (~/.ssh/config, its identities) may take part
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setSignatureFactories(signatures(TrustedHostKeys.types(trusted)));
        client.setServerKeyVerifier((session, address, key) -> {
            seen.set(key);
            return TrustedHostKeys.trusts(trusted, key);
        });
        return client;
    }

    /** RSA and ECDSA signature algorithms, those that verify keys of {@code preferred} types first. */
    static List<NamedFactory<Signature>> signatures(List<String> preferred) {
        List<BuiltinSignatures> all = List.of(BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256,
                BuiltinSignatures.nistp256, BuiltinSignatures.nistp384, BuiltinSignatures.nistp521,
                BuiltinSignatures.rsa);
        List<NamedFactory<Signature>> ordered = new ArrayList<>();
        for (String type : preferred) {
            all.stream().filter(s -> keyType(s).equals(type) && !ordered.contains(s)).forEach(ordered::add);
        }
        all.stream().filter(s -> !ordered.contains(s)).forEach(ordered::add);
        return ordered;
    }

    private static String keyType(BuiltinSignatures s) {
        return switch (s) {
            case nistp256 -> "ecdsa-sha2-nistp256";
            case nistp384 -> "ecdsa-sha2-nistp384";
            case nistp521 -> "ecdsa-sha2-nistp521";
            default -> "ssh-rsa";
        };
    }

    private ClientSession connect(SshClient client, String username, SftpUrl url)
            throws ConnectorFailure, InterruptedException {
        try {
            ConnectFuture future = client.connect(username, url.host(), url.port());
            return future.verify(timeout).getSession();
        } catch (IOException | RuntimeException e) {
            rethrowIfInterrupted(e);
            throw new ConnectorFailure(Code.CONNECTION_ERROR, "Unknown Host/Connection failed: cannot connect to "
                    + url.host() + ":" + url.port() + " (" + describe(e) + ")." + URL_HINT, e);
        }
    }

    private void authenticate(ClientSession session, ConnectorTarget target, AtomicReference<PublicKey> seen)
            throws ConnectorFailure, InterruptedException {
        try {
            session.auth().verify(timeout);
        } catch (IOException | RuntimeException e) {
            rethrowIfInterrupted(e);
            PublicKey key = seen.get();
            if (key != null && !TrustedHostKeys.trusts(target.trustedHostKeys(), key)) {
                throw new ConnectorFailure(Code.HOST_KEY_ERROR, target.trustedHostKeys().isEmpty()
                        ? "Invalid trusted host keys: the connector has no TrustedHostKeys, so the server's "
                                + SshKeys.keyType(key) + " host key is not trusted. Add the host key to the "
                                + "connector's TrustedHostKeys." + HOST_KEY_HINT
                        : "Invalid trusted host keys: the server's " + SshKeys.keyType(key) + " host key is not "
                                + "among the connector's TrustedHostKeys." + HOST_KEY_HINT, e);
            }
            if (key == null) {
                // the key exchange itself failed: no common algorithm, or the connection dropped
                throw new ConnectorFailure(Code.CONNECTION_ERROR, "Unknown Host/Connection failed: the key exchange "
                        + "with the server failed (" + describe(e) + "). The connector accepts RSA and ECDSA host "
                        + "keys." + URL_HINT, e);
            }
            throw new ConnectorFailure(Code.AUTHENTICATION_ERROR, "Authentication failed: the server refused the "
                    + "credentials of the connector's secret." + URL_HINT, e);
        }
    }

    /** Throws InterruptedException when {@code e} is the calling thread being interrupted. */
    static void rethrowIfInterrupted(Throwable e) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted: " + e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a socket's time-out is an InterruptedIOException too, but no interruption
            if (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)
                    || t instanceof InterruptedException
                    || t instanceof ClosedByInterruptException) {
                throw new InterruptedException("interrupted: " + e);
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
