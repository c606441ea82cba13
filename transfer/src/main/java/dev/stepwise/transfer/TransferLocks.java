package dev.stepwise.transfer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises what must not interleave on this node: everything that changes a server's state or
 * endpoint (create, start, stop, update, delete, its host keys), so its SFTP ports and its record
 * agree; and assigning workflows to servers against deleting workflows, so a workflow in use is
 * never deleted. Known limit: these are one node's locks (a cluster would need the store's).
 */
final class TransferLocks {
    private final ConcurrentHashMap<String, ReentrantLock> servers = new ConcurrentHashMap<>();
    private final ReentrantLock workflows = new ReentrantLock();

    <T> T server(String serverArn, Supplier<T> action) {
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
