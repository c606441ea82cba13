package dev.stepwise.transfer;

import static dev.stepwise.transfer.TransferRecords.ONLINE;

import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a cluster node's SFTP endpoints in step with the servers in the shared store: every node
 * serves every ONLINE server, on its recorded ports and active host keys, whichever node created,
 * started or changed it, and stops serving it once it is stopped or deleted anywhere. A node that
 * changes a server announces it ({@link #TOPIC}, the server's ARN, see {@link TransferLocks}); every
 * node hears that within milliseconds and brings its endpoint of that server in step. As an
 * announcement can be missed, each node also looks at every server every {@code period}, which is
 * also how a node that could not bind a server's ports (another process holds them) serves it once
 * they are free. For one node alone nothing of this runs: it made every change itself.
 *
 * <p>Known race: a server stored ONLINE before its creator opened it has no recorded port yet when
 * it asked for none; it is left alone until the creator records the port it bound (and announces it).
 */
final class EndpointSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointSync.class);
    /** The announcements' topic: a server (its ARN) changed. */
    static final String TOPIC = "transfer-server";

    private final TransferCatalog catalog;
    private final ServerEndpoints endpoints;
    private final TransferLocks locks;
    private final Cluster cluster;
    private final Duration period;
    private ScheduledExecutorService looks;
    /** Held (shared) by each sync, (exclusively) by {@link #close}: no sync opens anything once close returned. */
    private final ReentrantReadWriteLock syncing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    EndpointSync(TransferCatalog catalog, ServerEndpoints endpoints, TransferLocks locks, Cluster cluster,
                 Duration period) {
        this.catalog = catalog;
        this.endpoints = endpoints;
        this.locks = locks;
        this.cluster = cluster;
        this.period = period;
    }

    /**
     * Serves every ONLINE server now, then keeps in step: on every announcement of a change, and every
     * {@code period}. A server whose ports cannot be bound here stays ONLINE (see {@link ServerEndpoints#serve}).
     */
    void start() {
        cluster.onAnnouncement(TOPIC, this::heard);
        syncAll();
        looks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stepwise-sftp-sync").factory());
        looks.scheduleWithFixedDelay(this::syncAllLogged, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void heard(String serverArn) {
        if (serverArn == null) {
            syncAll();
        } else {
            sync(serverArn);
        }
    }

    private void syncAllLogged() {
        try {
            syncAll();
        } catch (RuntimeException e) {
            // the database away: the next look tries again
            log.warn("Transfer servers could not be brought in step with the store: {}", e.toString());
        }
    }

    /** Brings every server in the store, and every one served here, in step. */
    void syncAll() {
        Set<String> arns = new LinkedHashSet<>(catalog.everyServerArn());
        arns.addAll(endpoints.servedArns());
        arns.forEach(this::sync);
    }

    /**
     * Brings this node's endpoint of one server in step with its record, under the server's lock:
     * served when ONLINE on recorded ports (reopened when its ports or host keys changed), closed
     * when it is not ONLINE or no longer exists.
     */
    void sync(String serverArn) {
        syncing.readLock().lock();
        try {
            if (closed) {
                return;
            }
            locks.endpoint(serverArn, () -> {
                Optional<ServerRecord> server = catalog.server(serverArn);
                if (server.isEmpty() || !server.get().state().equals(ONLINE)) {
                    endpoints.closeServed(serverArn);
                } else if (!server.get().sftpPorts().isEmpty()) {
                    endpoints.serve(server.get());
                }
                return null;
            });
        } finally {
            syncing.readLock().unlock();
        }
    }

    /** Stops keeping in step; returns once no sync runs (the endpoints are then closed by their owner). */
    @Override
    public void close() {
        closed = true;
        if (looks != null) {
            looks.shutdownNow();
        }
        syncing.writeLock().lock();
        syncing.writeLock().unlock();
    }
}
