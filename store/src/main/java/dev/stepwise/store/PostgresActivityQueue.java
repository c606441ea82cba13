package dev.stepwise.store;

import dev.stepwise.engine.runtime.ActivityQueue;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity tasks of a cluster, shared by its nodes in the {@code activity_task} table. A poll
 * claims the oldest task of its activity with one UPDATE whose row is picked {@code FOR UPDATE SKIP
 * LOCKED}: two polls, on one node or on two, never claim one task. A poll that finds none waits
 * until a task of its activity is offered anywhere in the cluster (a NOTIFY on {@code
 * stepwise_activity}, heard by the node's {@link PostgresCluster} listener), or at most {@link
 * #RECHECK_MS} (a notification missed while the listener reconnected, a claim that lapsed).
 *
 * <p>A task offered while a poll of its activity waits on the offering node goes to that poll
 * directly: its row is written already claimed by the node, in the offer's transaction, and no
 * other node is woken (the claim's own transaction and the notification's way through the database
 * are spared). Should the poll be gone by the time the row is written, the task is offered to every
 * node as any claimed task put back.
 *
 * <p>Offered tasks outlive the node that offered them: after a takeover the new owner offers them
 * again, which finds them there. A claim whose node dies before the worker's start is decided is
 * claimed again once that node's lease lapses. Known race: withdrawing a task (its execution
 * timed it out) runs off the step's thread, so a poll may claim it in between; the execution then
 * refuses the start and the task is not handed out.
 */
final class PostgresActivityQueue implements ActivityQueue {
    private static final Logger log = LoggerFactory.getLogger(PostgresActivityQueue.class);

    /** The longest a poll waits without looking at the table (the fallback for a missed notification). */
    static final long RECHECK_MS = 2_000;
    /** A claim older than this (its start never decided, its node alive) may be claimed again. */
    static final long CLAIM_LIMIT_MS = TimeUnit.MINUTES.toMillis(2);

    private final JdbcStore store;
    private final String node;
    private final Map<String, Pollers> pollers = new ConcurrentHashMap<>();
    /** Withdrawals: a step's CancelTask does not wait for their commit. */
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();

    PostgresActivityQueue(JdbcStore store, String node) {
        this.store = store;
        this.node = node;
    }

    @Override
    public void offer(OfferedTask task) {
        Pollers waiting = pollers.get(task.activityArn());
        if (waiting == null || !waiting.reserve()) {
            store.offerActivityTask(task, null);
            return;
        }
        boolean claimed;
        try {
            claimed = store.offerActivityTask(task, node);
        } catch (RuntimeException e) {
            waiting.release();
            throw e;
        }
        if (!claimed) {
            // offered before (a takeover offers again): the row stands as it was, for any poll to claim
            waiting.release();
            waiting.wake();
        } else if (!waiting.hand(task)) {
            putBack(task); // the poll left meanwhile: every node's polls may take it
        }
    }

    @Override
    public OfferedTask take(String activityArn, long timeoutMillis) throws InterruptedException {
        Pollers waiting = pollers(activityArn);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            // read before the claim: an offer notified between the claim and the wait is not missed
            long seen = waiting.generation();
            OfferedTask task = store.claimActivityTask(activityArn, node, CLAIM_LIMIT_MS).orElse(null);
            if (task != null) {
                return task;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            task = waiting.awaitOffer(seen, Math.min(left, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS)));
            if (task != null) {
                return task; // handed over by an offer of this node, claimed for this node
            }
        }
    }

    @Override
    public void taken(OfferedTask task) {
        store.deleteActivityTask(task.taskId());
    }

    @Override
    public void putBack(OfferedTask task) {
        try {
            store.unclaimActivityTask(task);
        } catch (RuntimeException e) {
            // the claim lapses by itself (CLAIM_LIMIT_MS) and the task is offered again then
            log.warn("could not offer task {} again at once: {}", task.taskId(), e.getMessage());
        }
    }

    @Override
    public void withdraw(String taskId) {
        try {
            io.execute(() -> {
                try {
                    store.deleteActivityTask(taskId);
                } catch (RuntimeException e) {
                    // a task left offered is refused by its execution when a worker takes it
                    log.warn("could not withdraw task {}: {}", taskId, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the node is stopping: a task left offered is refused by its execution
        }
    }

    @Override
    public void release(String taskId) {
        // the execution's new owner finds its tasks still offered
    }

    /** A task of the activity was offered somewhere in the cluster: this node's pollers of it look again. */
    void offered(String activityArn) {
        Pollers waiting = pollers.get(activityArn);
        if (waiting != null) {
            waiting.wake();
        }
    }

    /** How many polls of the activity wait on this node now (for tests). */
    int waitingPolls(String activityArn) {
        Pollers waiting = pollers.get(activityArn);
        return waiting == null ? 0 : waiting.waiting();
    }

    /** Every poller looks again (the listener reconnected: notifications may have been missed). */
    void wakeAll() {
        pollers.values().forEach(Pollers::wake);
    }

    void close() {
        io.shutdown();
        wakeAll();
    }

    private Pollers pollers(String activityArn) {
        return pollers.computeIfAbsent(activityArn, a -> new Pollers());
    }

    /**
     * The polls of one activity waiting on this node, a count of the offers they heard of, and the
     * tasks offers of this node handed to them. Contract, under the lock: a task is handed over only
     * while more polls wait than tasks were handed, and a poll that stops waiting takes a handed task
     * if there is one, so a handed task always reaches a poll; an offer reserves its poll before it
     * writes the claimed row, so that two offers do not count on one poll.
     */
    static final class Pollers {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition offered = lock.newCondition();
        private long generation;
        private int waiting;
        private int reserved;
        private final ArrayDeque<OfferedTask> handed = new ArrayDeque<>();

        long generation() {
            lock.lock();
            try {
                return generation;
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                generation++;
                offered.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int waiting() {
            lock.lock();
            try {
                return waiting;
            } finally {
                lock.unlock();
            }
        }

        /** Reserves a waiting poll no other offer counts on; false when there is none. */
        boolean reserve() {
            lock.lock();
            try {
                if (waiting > reserved + handed.size()) {
                    reserved++;
                    return true;
                }
                return false;
            } finally {
                lock.unlock();
            }
        }

        /** Gives a reservation up. */
        void release() {
            lock.lock();
            try {
                reserved--;
            } finally {
                lock.unlock();
            }
        }

        /** Hands a task to a waiting poll, ending its offer's reservation; false when no poll waits for it any more. */
        boolean hand(OfferedTask task) {
            lock.lock();
            try {
                reserved--;
                if (waiting <= handed.size()) {
                    return false;
                }
                handed.add(task);
                offered.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits until an offer after {@code seen}, or for {@code nanos}; returns a task handed over
         * meanwhile (null: look at the table).
         */
        OfferedTask awaitOffer(long seen, long nanos) throws InterruptedException {
            lock.lock();
            waiting++;
            try {
                while (generation == seen && nanos > 0 && handed.isEmpty()) {
                    try {
                        nanos = offered.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        if (handed.size() < waiting) {
                            throw e; // what was handed over goes to the polls that still wait
                        }
                        // this poll's task: its caller, interrupted, puts it back
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                return handed.poll();
            } finally {
                waiting--;
                lock.unlock();
            }
        }
    }
}
