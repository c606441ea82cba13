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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts servers' SFTP endpoints up and down on this node: a server is served on its recorded ports
 * (a free port the first time, when it asked for none), with its active host keys, and its users
 * read from the catalog at each login. Callers hold the server's lock (see {@link TransferLocks}).
 * It remembers what it serves (ports and host keys by server), so that a node of a cluster can
 * tell which servers another node changed (see {@link EndpointSync}), and which ONLINE servers it
 * could not bind.
 */
final class ServerEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ServerEndpoints.class);

    private final TransferCatalog catalog;
    private final SftpEndpoints endpoints;
    private final Function<String, UploadListener> uploads;
    /** What this node serves, by server ARN: the ports and host keys its endpoint was opened on. */
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    /** The ONLINE servers (by ARN) whose ports this node could not bind when it last tried. */
    private final Set<String> unbound = ConcurrentHashMap.newKeySet();

    /** An endpoint as opened: the server's id, its ports and its active host keys (by ARN). */
    private record Served(String serverId, List<Integer> ports, List<String> hostKeyArns) {}

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
        unbound.remove(server.arn());
        try {
            List<Integer> bound = bind(server);
            ServerRecord online = server.withState(TransferRecords.ONLINE);
            if (server.sftpPorts().isEmpty()) {
                online = online.withPorts(bound.stream()
                        .map(p -> new SftpPort(p, ServerRequest.DEFAULT_COMMUNICATION_MODE)).toList());
            }
            return online;
        } catch (IOException | RuntimeException e) {
            log.warn("Transfer server {} cannot start: SFTP ports {} cannot be bound: {}", server.serverId(),
                    server.portNumbers(), e.toString());
            close(server);
            return server.withState(TransferRecords.START_FAILED);
        }
    }

    /**
     * Serves here a server that is ONLINE in the store on its recorded ports (another node, or this
     * node's previous run, opened it): opens its endpoint unless it is open already on those ports
     * and host keys, reopens it when they changed. A node that cannot bind them leaves the record
     * as it is (the server is ONLINE wherever another node serves it): it logs that, once until it
     * binds them again, and counts the server in {@link #unboundCount}. Answers whether it serves it.
     */
    boolean serve(ServerRecord server) {
        Served now = served.get(server.arn());
        if (now != null && now.ports().equals(server.portNumbers())
                && now.hostKeyArns().equals(hostKeyArns(activeHostKeyRecords(server.arn())))) {
            return true;
        }
        if (unbound.contains(server.arn()) && now == null && !endpoints.free(server.portNumbers())) {
            return false; // still held by another process: said once already
        }
        try {
            bind(server);
            if (unbound.remove(server.arn())) {
                log.info("Transfer server {}: SFTP ports {} bound on this node at last", server.serverId(),
                        server.portNumbers());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            endpoints.close(server.serverId());
            served.remove(server.arn());
            if (unbound.add(server.arn())) {
                log.warn("Transfer server {} is ONLINE but this node cannot serve it: SFTP ports {} cannot be bound "
                        + "({}); other nodes serve it, this one tries again", server.serverId(), server.portNumbers(),
                        e.toString());
            }
            return false;
        }
    }

    /** Opens the server's endpoint on its ports and active host keys; remembers what it serves. */
    private List<Integer> bind(ServerRecord server) throws IOException {
        List<HostKeyRecord> keys = activeHostKeyRecords(server.arn());
        List<KeyPair> pairs = new ArrayList<>();
        for (HostKeyRecord key : keys) {
            SshKeys.parsePrivateKey(key.privateKey()).ifPresent(pairs::add);
        }
        SftpServerSpec spec = new SftpServerSpec(server.serverId(), server.domain(), server.portNumbers(), pairs,
                users(server.arn()), uploads.apply(server.arn()));
        served.remove(server.arn());
        List<Integer> bound = endpoints.open(spec);
        served.put(server.arn(), new Served(server.serverId(), List.copyOf(bound), hostKeyArns(keys)));
        return bound;
    }

    private static List<String> hostKeyArns(List<HostKeyRecord> keys) {
        return keys.stream().map(HostKeyRecord::arn).toList();
    }

    void close(ServerRecord server) {
        close(server.arn(), server.serverId());
    }

    /** Stops serving the server of that ARN here (it was stopped or deleted), if it is served. */
    void closeServed(String serverArn) {
        Served s = served.get(serverArn);
        if (s != null) {
            close(serverArn, s.serverId());
        }
        unbound.remove(serverArn);
    }

    private void close(String serverArn, String serverId) {
        endpoints.close(serverId);
        served.remove(serverArn);
        unbound.remove(serverArn);
    }

    /** The ARNs of the servers this node serves or tried to serve. */
    Set<String> servedArns() {
        Set<String> arns = new HashSet<>(served.keySet());
        arns.addAll(unbound);
        return arns;
    }

    /** How many ONLINE servers this node could not bind when it last tried. */
    int unboundCount() {
        return unbound.size();
    }

    void closeAll() {
        endpoints.close();
        served.clear();
        unbound.clear();
    }

    /**
     * The host keys the server offers: the oldest of each type, oldest first, as AWS uses them (the
     * oldest key of a type is the active one). The first is the one HostKeyFingerprint shows.
     */
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
