package dev.stepwise.engine.runtime;

import dev.stepwise.engine.Signal;
import dev.stepwise.engine.store.ExecutionRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The nodes a runtime shares its store with. Each open execution is run by one node, its owner
 * (the execution's {@code owner} column). A node holds a lease that it renews; when a node's lease
 * lapses, a live node claims its open executions and carries them on. A signal for an execution
 * another node runs is {@linkplain #forward handed to that node}, and the caller hears its verdict.
 *
 * <p>Fencing rule: claiming an execution bumps its row version, and every step's append is checked
 * against the version its runtime loaded. A former owner that still holds the execution in memory
 * (it was frozen, or cut off from the database, longer than its lease) therefore fails its next
 * append and writes nothing; it must then drop the execution from memory without carrying out the
 * step's commands (see {@link ExecutionRuntime}). A node also stops running its executions as soon
 * as it cannot tell that its lease still holds, judged on its own monotonic clock, conservatively,
 * from when it sent its last successful renewal.
 *
 * <p>{@link #single} is the embedded store's: one node, nothing shared, nothing written.
 */
public interface Cluster extends AutoCloseable {

    /** This node's name: the owner recorded on the executions it runs. */
    String node();

    /**
     * Whether other nodes share the store: a node then loads only the executions it owns, and a
     * signal for an execution not open here goes to its owner.
     */
    boolean shared();

    /**
     * The clock the node runs on, given its own: in a cluster, the database's time (kept as an
     * offset of {@code local}, measured when the lease is renewed), so that every node timestamps
     * and fires timers on one time whatever their own clocks say; a timer taken over fires at its
     * original time. For one node alone, {@code local} itself. Call after {@link #takeLease}.
     */
    default java.time.Clock clock(java.time.Clock local) {
        return local;
    }

    /**
     * Takes this node's lease (and keeps it renewed) before the node starts anything else: a node
     * whose name another live node holds is refused here, with a {@link
     * dev.stepwise.engine.store.StoreException} that says so. While a lease under the name still
     * runs unrenewed (this node's previous run died), waits for it to lapse. {@link #join} takes it
     * when it was not taken before; nothing to take for one node alone.
     */
    default void takeLease() {}

    /**
     * Connects this node's runtime and starts taking part: the lease is taken, the node's own open
     * executions are loaded (see {@link Member#recoverOwned}), executions of nodes whose lease has
     * lapsed are taken over, and from then on forwarded signals and takeovers reach {@code member}.
     */
    void join(Member member);

    /**
     * Hands a signal to the node that runs the execution (which is not open here). Completes with
     * the owner's verdict once it is durable: true when the execution applied it, false when it
     * ignored it or is not running. Completes exceptionally with a {@link
     * dev.stepwise.engine.store.StoreException} when no node answered in time.
     */
    CompletableFuture<Boolean> forward(String executionArn, Signal signal);

    /**
     * Completes once the execution is no longer running, whichever node runs it (at once when it
     * is not running, or for one node alone, where an execution not open in memory is not
     * running). Completes exceptionally with a {@link dev.stepwise.engine.store.StoreException}
     * when the node stops first.
     */
    CompletableFuture<Void> closed(String executionArn);

    /**
     * The activity tasks offered to workers: shared by the nodes (a poll on any node takes a task
     * scheduled by any node), or this node's own in memory for one node alone.
     */
    ActivityQueue activities();

    /**
     * Tells every node of the cluster, this one included, that {@code subject} of {@code topic}
     * changed: each calls its listeners of the topic ({@link #onAnnouncement}) within milliseconds.
     * Call it once the change is durable (a node that hears it reads the change). Contract: best
     * effort; an announcement can be missed (the database away, a listener reconnecting), so a
     * listener also looks for changes on its own now and then. Nothing for one node alone, which
     * made the change itself.
     */
    default void announce(String topic, String subject) {}

    /**
     * Calls {@code listener} with the subject of every announcement of {@code topic} (a topic has
     * no ':'), on a thread of the cluster's that may block; with null when announcements may have
     * been missed (the node's listening connection was lost and is back): anything may have
     * changed. Register before {@link #join}. Never called for one node alone.
     */
    default void onAnnouncement(String topic, java.util.function.Consumer<String> listener) {}

    /** Whether this node may run executions now: it holds its lease (always, for one node). */
    boolean leaseHeld();

    /** Counters for the metrics. */
    Stats stats();

    /**
     * Stops at once, as kill -9 would: no renewal, no hand-over, the lease left to lapse (tests
     * of takeover). Clean shutdown is {@link #close}, which gives the lease up.
     */
    void halt();

    @Override
    void close();

    /**
     * How a node takes part: its name, how long its lease lasts unless renewed (it renews every
     * third of it), and how often it looks for nodes whose lease lapsed. A dead node's executions
     * are taken over within {@code lease + takeoverScan} of its last renewal.
     */
    record Settings(String node, java.time.Duration lease, java.time.Duration takeoverScan) {
        public static final java.time.Duration DEFAULT_LEASE = java.time.Duration.ofSeconds(10);
        public static final java.time.Duration DEFAULT_TAKEOVER_SCAN = java.time.Duration.ofSeconds(3);

        public Settings {
            if (lease.toMillis() < 300) {
                throw new IllegalArgumentException("a lease must last at least 300 ms");
            }
            if (takeoverScan.toMillis() < 50) {
                throw new IllegalArgumentException("the takeover scan period must be at least 50 ms");
            }
        }

        /** The defaults: a 10-second lease, a scan every 3 seconds. */
        public static Settings of(String node) {
            return new Settings(node, DEFAULT_LEASE, DEFAULT_TAKEOVER_SCAN);
        }
    }

    /**
     * {@code takeovers}: executions this node claimed from nodes whose lease had lapsed;
     * {@code wakeups}: signals other nodes handed to this node that it applied or answered.
     */
    record Stats(long takeovers, long wakeups) {}

    /** What a node did with a forwarded signal. */
    enum Outcome {
        /** The signal caused a step; the step's commit recorded the verdict. */
        APPLIED,
        /** The execution waited for nothing of the kind, or has ended. */
        IGNORED,
        /** The execution is not open on this node (another node took it over, or it is not loaded yet). */
        NOT_HERE
    }

    /** What the cluster asks of the node's runtime. */
    interface Member {

        /**
         * Applies a signal another node received (inbox entry {@code inboxId}); the future
         * completes once its step is durable. An APPLIED step recorded the inbox entry's verdict in
         * its own transaction; the cluster records the others.
         */
        CompletableFuture<Outcome> deliverForwarded(long inboxId, String executionArn, Signal signal);

        /** Loads and resumes executions just claimed from a node whose lease lapsed; returns how many. */
        int adopt(List<ExecutionRecord> claimed);

        /** Drops every open execution from memory, carrying nothing out (the lease lapsed); returns how many. */
        int abandonAll();

        /** Loads and resumes this node's open executions that are not in memory; returns how many. */
        int recoverOwned();
    }

    /** One node alone on its store (the embedded store): nothing to share, claim or forward. */
    static Cluster single(String node) {
        ActivityQueue activities = ActivityQueue.inMemory();
        return new Cluster() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public boolean shared() {
                return false;
            }

            @Override
            public void join(Member member) {
                member.recoverOwned();
            }

            @Override
            public CompletableFuture<Boolean> forward(String executionArn, Signal signal) {
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public CompletableFuture<Void> closed(String executionArn) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public ActivityQueue activities() {
                return activities;
            }

            @Override
            public boolean leaseHeld() {
                return true;
            }

            @Override
            public Stats stats() {
                return new Stats(0, 0);
            }

            @Override
            public void halt() {}

            @Override
            public void close() {}
        };
    }
}
