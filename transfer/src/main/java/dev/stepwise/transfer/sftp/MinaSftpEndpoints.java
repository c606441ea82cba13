package dev.stepwise.transfer.sftp;

import dev.stepwise.transfer.TransferConfig;
import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.RemoteObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP endpoints on Apache MINA SSHD: an SSH server per port of each Transfer server, with
 * public-key authentication against the server's users, the SFTP subsystem and nothing else (no
 * shell, no exec, no port forwarding), and AWS's idle timeout (a session idle for 1800 seconds is
 * closed). A session sees its user's home as a {@link HomeFileSystem}: a PATH home as its root, a
 * LOGICAL home as its mappings, never anything else. On the S3 domain every file written goes
 * through the {@link ObjectStore} (its ETag, its version), or, when an S3-compatible service is
 * configured, the {@link RemoteObjectStorage} of that service; on the EFS domain a file system id is
 * the folder the configuration maps it to.
 *
 * <p>Each SSH connection is one session, with a SessionId made when it is accepted: 16 lowercase hex
 * digits, as Transfer shows it in ServiceMetadata.UserDetails and in its custom steps' events. Files
 * a client closed after writing are reported completed; files still open when the session ends are
 * stored as received and reported partial.
 */
public final class MinaSftpEndpoints implements SftpEndpoints {
    private static final Logger log = LoggerFactory.getLogger(MinaSftpEndpoints.class);
    /** How long an SFTP session may stay idle before it is closed (AWS Transfer: 1800 seconds). */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1800);
    /** How long closing a server waits for the uploads it cut off to be stored. */
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final AttributeRepository.AttributeKey<String> SESSION_ID = new AttributeRepository.AttributeKey<>();

    private final TransferConfig config;
    private final ObjectStore store;
    private final RemoteObjectStorage remote;
    private final EfsFileSystems efs;
    private final Duration idleTimeout;
    private final RandomGenerator random;
    private final HomeFileSystemProvider provider = new HomeFileSystemProvider();
    /** The SSH servers of each open Transfer server, one per port. */
    private final Map<String, Endpoint> open = new ConcurrentHashMap<>();

    private record Endpoint(List<SshServer> servers, UploadSession.OpenUploads uploads) {}

    /** Endpoints on the object store under the configuration's object root. */
    public MinaSftpEndpoints(TransferConfig config) {
        this(config, openStore(config), IDLE_TIMEOUT, new SecureRandom());
    }

    /**
     * Endpoints writing through {@code store} (share one store with whatever else writes its objects,
     * so that writers of one key are serialized), closing sessions idle for {@code idleTimeout}, with
     * session ids drawn from {@code random}.
     */
    public MinaSftpEndpoints(TransferConfig config, ObjectStore store, Duration idleTimeout, RandomGenerator random) {
        this(config, store, store, idleTimeout, random);
    }

    /**
     * Endpoints whose S3 servers keep their files in {@code s3}: the embedded {@code store}, or a
     * {@link RemoteObjectStorage} (the S3-compatible service workflow steps and connectors use too).
     */
    public MinaSftpEndpoints(TransferConfig config, ObjectStore store, ObjectStorage s3, Duration idleTimeout,
                             RandomGenerator random) {
        this.config = config;
        this.store = store;
        this.remote = s3 instanceof RemoteObjectStorage r ? r : null;
        this.efs = new EfsFileSystems(config.efsFileSystems());
        this.idleTimeout = idleTimeout;
        this.random = random;
    }

    private static ObjectStore openStore(TransferConfig config) {
        try {
            return new ObjectStore(config.objectRoot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object store at " + config.objectRoot(), e);
        }
    }

    @Override
    public synchronized List<Integer> open(SftpServerSpec spec) throws IOException {
        close(spec.serverId());
        List<Integer> asked = spec.ports().isEmpty() ? List.of(0) : spec.ports();
        UploadSession.OpenUploads uploads = new UploadSession.OpenUploads();
        List<SshServer> servers = new ArrayList<>();
        List<Integer> bound = new ArrayList<>();
        try {
            for (int port : asked) {
                SshServer ssh = sshServer(spec, port, uploads);
                servers.add(ssh);
                ssh.start();
                bound.add(boundPort(ssh));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Transfer server {}: cannot open SFTP on {} port(s) {}: {}", spec.serverId(), config.sftpHost(),
                    asked, e.getMessage());
            servers.forEach(MinaSftpEndpoints::stop);
            throw e;
        }
        open.put(spec.serverId(), new Endpoint(servers, uploads));
        log.info("Transfer server {} ({} domain): SFTP listening on {} port{} {}", spec.serverId(), spec.domain(),
                config.sftpHost(), bound.size() == 1 ? "" : "s", bound);
        return bound;
    }

    private SshServer sshServer(SftpServerSpec spec, int port, UploadSession.OpenUploads uploads) {
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(config.sftpHost());
        ssh.setPort(port);
        ssh.setKeyPairProvider(KeyPairProvider.wrap(spec.hostKeys()));
        ssh.setPasswordAuthenticator(null);
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);
        ssh.setPublickeyAuthenticator((userName, key, session) -> spec.users().user(userName)
                .map(u -> u.keys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key))).orElse(false));
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, idleTimeout);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new HomeSftpAccessor()).build();
        sftp.addSftpEventListener(new PartialUploads());
        ssh.setSubsystemFactories(List.of(sftp));
        ssh.setFileSystemFactory(new HomeFileSystems(spec, uploads));
        ssh.addSessionListener(new SessionLog(spec.serverId()));
        return ssh;
    }

    private static int boundPort(SshServer ssh) {
        for (SocketAddress address : ssh.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return ssh.getPort();
    }

    /** Closes the server's ports and sessions, then waits (up to 10 s) until the uploads cut off are stored and reported. */
    @Override
    public synchronized void close(String serverId) {
        Endpoint endpoint = open.remove(serverId);
        if (endpoint == null) {
            return;
        }
        endpoint.servers().forEach(MinaSftpEndpoints::stop);
        try {
            if (!endpoint.uploads().awaitNone(CLOSE_WAIT_MILLIS)) {
                log.warn("Transfer server {}: uploads cut off by closing it were not all stored within {} ms",
                        serverId, CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Transfer server {}: SFTP closed", serverId);
    }

    @Override
    public synchronized void close() {
        List.copyOf(open.keySet()).forEach(this::close);
    }

    private static void stop(SshServer ssh) {
        try {
            ssh.stop(true);
        } catch (IOException e) {
            log.warn("cannot stop an SFTP endpoint", e);
        }
    }

    /** The SessionId of an SSH session (16 lowercase hex digits), made when it was accepted. */
    static String sessionId(SessionContext session) {
        String id = session.getAttribute(SESSION_ID);
        return id == null ? "unknown" : id;
    }

    private String newSessionId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Gives each connection its SessionId and logs logins and ends with the server id. */
    @Override
    public boolean free(List<Integer> ports) {
        for (int port : ports) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(config.sftpHost(), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private final class SessionLog implements SessionListener {
        private final String serverId;

        SessionLog(String serverId) {
            this.serverId = serverId;
        }

        @Override
        public void sessionCreated(Session session) {
            session.setAttribute(SESSION_ID, newSessionId());
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
                log.info("Transfer server {}: {} logged in from {} (session {})", serverId, session.getUsername(),
                        session.getRemoteAddress(), sessionId(session));
            }
        }

        @Override
        public void sessionClosed(Session session) {
            if (session.getUsername() != null) {
                log.info("Transfer server {}: session {} of {} ended", serverId, sessionId(session),
                        session.getUsername());
            }
        }
    }

    /** Files still open when their session ends are partial uploads. */
    private static final class PartialUploads implements SftpEventListener {
        @Override
        public void exiting(ServerSession session, Handle handle) {
            if (handle instanceof FileHandle file && file.getFileChannel() instanceof UploadChannel upload) {
                upload.sessionEnded();
            }
        }
    }

    /** Each session's file system: its user's home over the server's domain, looked up at login. */
    private final class HomeFileSystems implements FileSystemFactory {
        private final SftpServerSpec spec;
        private final UploadSession.OpenUploads uploads;

        HomeFileSystems(SftpServerSpec spec, UploadSession.OpenUploads uploads) {
            this.spec = spec;
            this.uploads = uploads;
        }

        @Override
        public Path getUserHomeDir(SessionContext session) throws IOException {
            return createFileSystem(session).getPath("/");
        }

        @Override
        public FileSystem createFileSystem(SessionContext session) throws IOException {
            SftpUser user = spec.users().user(session.getUsername())
                    .orElseThrow(() -> new IOException("no user " + session.getUsername()));
            HomeView view = HomeView.of(user);
            SftpDomain domain = SftpDomain.of(spec.domain(), store, remote, efs);
            if (!"LOGICAL".equals(user.homeDirectoryType())) {
                createHome(domain, view);
            }
            UploadSession sessionUploads = new UploadSession(spec.serverId(), user.userName(), sessionId(session),
                    spec.uploads(), uploads);
            return new HomeFileSystem(provider, view, domain, sessionUploads);
        }

        /** A PATH home's folder exists from the first login on (AWS shows an empty home, not an error). */
        private void createHome(SftpDomain domain, HomeView view) throws IOException {
            for (DomainPath home : view.directoryTargets()) {
                if (!home.isRoot()) {
                    domain.createHome(home);
                }
            }
        }
    }
}
