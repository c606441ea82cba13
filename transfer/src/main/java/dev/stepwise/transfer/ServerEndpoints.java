package dev.stepwise.transfer;

import dev.stepwise.transfer.TransferRecords.HostKeyRecord;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.TransferRecords.UserRecord;
import dev.stepwise.transfer.sftp.SftpEndpoints;
import dev.stepwise.transfer.sftp.SftpServerSpec;
import dev.stepwise.transfer.sftp.SftpUser;
import dev.stepwise.transfer.sftp.SftpUsers;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.sftp.UploadListener;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts servers' SFTP endpoints up and down: a server is served on its recorded ports (a free port
 * the first time, when it asked for none), with its active host keys, and its users read from the
 * catalog at each login. Callers hold the server's lock (see {@link TransferLocks}).
 */
final class ServerEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ServerEndpoints.class);

    private final TransferCatalog catalog;
    private final SftpEndpoints endpoints;
    private final Function<String, UploadListener> uploads;

    /** Endpoints whose uploads are told to {@code uploads} (by the server's ARN). */
    ServerEndpoints(TransferCatalog catalog, SftpEndpoints endpoints, Function<String, UploadListener> uploads) {
        this.catalog = catalog;
        this.endpoints = endpoints;
        this.uploads = uploads;
    }

    /**
     * Opens the server's endpoint and answers the server as it now is: ONLINE on the ports bound
     * (a port chosen now is recorded, so it stays the server's), or START_FAILED when they cannot
     * be bound. The record is not stored here.
     */
    ServerRecord open(ServerRecord server) {
        SftpServerSpec spec = new SftpServerSpec(server.serverId(), server.domain(), server.portNumbers(),
                activeHostKeys(server.arn()), users(server.arn()), uploads.apply(server.arn()));
        try {
            List<Integer> bound = endpoints.open(spec);
            ServerRecord online = server.withState(TransferRecords.ONLINE);
            if (server.sftpPorts().isEmpty()) {
                online = online.withPorts(bound.stream()
                        .map(p -> new SftpPort(p, ServerRequest.DEFAULT_COMMUNICATION_MODE)).toList());
            }
            return online;
        } catch (IOException | RuntimeException e) {
            log.warn("Transfer server {} cannot start: SFTP ports {} cannot be bound: {}", server.serverId(),
                    server.portNumbers(), e.toString());
            endpoints.close(server.serverId());
            return server.withState(TransferRecords.START_FAILED);
        }
    }

    void close(String serverId) {
        endpoints.close(serverId);
    }

    void closeAll() {
        endpoints.close();
    }

    /**
     * The keys the server offers: the oldest host key of each type, oldest first, as AWS uses them
     * (the oldest key of a type is the active one). The first is the one HostKeyFingerprint shows.
     */
    List<KeyPair> activeHostKeys(String serverArn) {
        List<KeyPair> active = new ArrayList<>();
        for (HostKeyRecord key : activeHostKeyRecords(serverArn)) {
            SshKeys.parsePrivateKey(key.privateKey()).ifPresent(active::add);
        }
        return active;
    }

    List<HostKeyRecord> activeHostKeyRecords(String serverArn) {
        Map<String, HostKeyRecord> oldestByType = new LinkedHashMap<>();
        for (HostKeyRecord key : catalog.hostKeys(serverArn)) {
            oldestByType.putIfAbsent(key.type(), key);
        }
        return List.copyOf(oldestByType.values());
    }

    /** The server's users as its endpoint sees them, read at each login. */
    private SftpUsers users(String serverArn) {
        return userName -> catalog.user(TransferArns.userOf(serverArn, userName)).map(ServerEndpoints::sftpUser);
    }

    private static SftpUser sftpUser(UserRecord u) {
        List<PublicKey> keys = u.sshPublicKeys().stream()
                .map(k -> SshKeys.parsePublicKey(k.body()))
                .flatMap(Optional::stream)
                .toList();
        List<SftpUser.HomeMapping> mappings = u.mappings().stream()
                .map(m -> new SftpUser.HomeMapping(m.entry(), m.target(), m.type() == null ? "DIRECTORY" : m.type()))
                .toList();
        return new SftpUser(u.userName(), keys, u.homeDirectoryType(), u.homeDirectory(), mappings);
    }
}
