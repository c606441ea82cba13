package dev.stepwise.transfer.sftp;

import dev.stepwise.transfer.TransferConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP endpoints on Apache MINA SSHD: an SSH server per port of each Transfer server, with
 * public-key authentication against the server's users, the SFTP subsystem and nothing else (no
 * shell, no exec, no port forwarding). A user's session sees its home directory as its root and
 * cannot leave it. On the S3 domain a bucket is a folder of {@code objectRoot} and a key a path in
 * it; on the EFS domain a file system id is the folder the configuration maps it to.
 */
public final class MinaSftpEndpoints implements SftpEndpoints {
    private static final Logger log = LoggerFactory.getLogger(MinaSftpEndpoints.class);

    private final TransferConfig config;
    /** The SSH servers of each open Transfer server, one per port. */
    private final Map<String, List<SshServer>> open = new ConcurrentHashMap<>();

    public MinaSftpEndpoints(TransferConfig config) {
        this.config = config;
    }

    @Override
    public synchronized List<Integer> open(SftpServerSpec spec) throws IOException {
        close(spec.serverId());
        List<Integer> asked = spec.ports().isEmpty() ? List.of(0) : spec.ports();
        List<SshServer> servers = new ArrayList<>();
        List<Integer> bound = new ArrayList<>();
        try {
            for (int port : asked) {
                SshServer ssh = sshServer(spec, port);
                servers.add(ssh);
                ssh.start();
                bound.add(boundPort(ssh));
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(MinaSftpEndpoints::stop);
            throw e;
        }
        open.put(spec.serverId(), servers);
        log.info("Transfer server {}: SFTP on {} port{} {}", spec.serverId(), config.sftpHost(),
                bound.size() == 1 ? "" : "s", bound);
        return bound;
    }

    private SshServer sshServer(SftpServerSpec spec, int port) {
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
        ssh.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        ssh.setFileSystemFactory(new HomeFileSystems(spec));
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

    @Override
    public synchronized void close(String serverId) {
        List<SshServer> servers = open.remove(serverId);
        if (servers != null) {
            servers.forEach(MinaSftpEndpoints::stop);
        }
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

    /** Each session's root is its user's home, looked up when the session starts. */
    private final class HomeFileSystems extends VirtualFileSystemFactory {
        private final SftpServerSpec spec;

        HomeFileSystems(SftpServerSpec spec) {
            this.spec = spec;
        }

        @Override
        public Path getUserHomeDir(SessionContext session) throws IOException {
            SftpUser user = spec.users().user(session.getUsername())
                    .orElseThrow(() -> new IOException("no user " + session.getUsername()));
            Path home = home(user.homeDirectory());
            Files.createDirectories(home);
            return home;
        }

        /** "/bucket/prefix" (S3) or "/fs-id/path" (EFS) as a local folder; the domain's root without one. */
        private Path home(String homeDirectory) {
            String path = homeDirectory == null ? "/" : homeDirectory;
            String[] parts = path.replaceFirst("^/+", "").split("/", 2);
            String rest = parts.length > 1 ? parts[1] : "";
            if ("EFS".equals(spec.domain())) {
                Path fileSystem = config.efsFileSystems().get(parts[0]);
                if (fileSystem == null) {
                    throw new UncheckedIOException(new IOException("no folder is configured for EFS file system "
                            + parts[0] + " (--efs-file-system " + parts[0] + "=FOLDER)"));
                }
                return fileSystem.resolve(rest).normalize();
            }
            return config.objectRoot().resolve(parts[0]).resolve(rest).normalize();
        }
    }
}
