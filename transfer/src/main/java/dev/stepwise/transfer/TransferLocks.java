package dev.stepwise.transfer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Serialises what must not interleave on this node: everything that changes a server's state or
 * endpoint (create, start, stop, update, delete, its host keys), so its SFTP ports and its record
 * agree; and assigning workflows to servers against deleting workflows, so a workflow in use is
 * never deleted. A change of a server, once done, is told to the other nodes of a cluster (see
 * {@link EndpointSync}), which bring their endpoints of it in step under their own lock. Known
 * limit: these are one node's locks; two nodes changing one server at once each write their record
 * whole (the last write wins), and every node then serves what the store says.
 */
final class TransferLocks {
    private final ConcurrentHashMap<String, ReentrantLock> servers = new ConcurrentHashMap<>();
    private final ReentrantLock workflows = new ReentrantLock();
    private final Consumer<String> serverChanged;

    /** Locks that tell {@code serverChanged} the ARN of each server changed, after the change. */
    TransferLocks(Consumer<String> serverChanged) {
        this.serverChanged = serverChanged;
    }

    /** Locks on one node alone: nobody else to tell. */
    TransferLocks() {
        this(arn -> { });
    }

    /** Runs a change of the server under its lock; once it returned, tells who serves servers elsewhere. */
    <T> T server(String serverArn, Supplier<T> action) {
        T result = endpoint(serverArn, action);
        serverChanged.accept(serverArn);
        return result;
    }

    /** Runs a change of this node's endpoint of the server (not of its record) under the server's lock. */
    <T> T endpoint(String serverArn, Supplier<T> action) {
        ReentrantLock lock = servers.computeIfAbsent(serverArn, arn -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    <T> T workflows(Supplier<T> action) {
        workflows.lock();
        try {
            return action.get();
        } finally {
            workflows.unlock();
        }
    }
}
