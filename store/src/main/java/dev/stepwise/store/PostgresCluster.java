package dev.stepwise.store;

import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.runtime.OffsetClock;
import dev.stepwise.engine.runtime.SignalCodec;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a cluster on one PostgreSQL (see {@link Cluster} for the model and the fencing rule).
 *
 * <p>Lease: a {@code node} row whose expiry the node pushes {@code lease} ahead every third of
 * it, on the database's clock. A name is held by one running node at a time: a node takes its
 * lease only when none runs under its name, and each renewal names the lease's start, so two
 * processes started with one name never both count the lease as theirs (see {@link #takeLease}). The node itself counts its lease as held until {@code lease} after
 * it <em>sent</em> its last successful renewal, on its monotonic clock: never later than the
 * database's expiry, whatever the node's wall clock says. When that moment passes without a
 * renewal, the node drops its executions from memory; once a renewal goes through again, it loads
 * those still its own.
 *
 * <p>Takeover: every {@code takeoverScan}, a node holding its lease claims, in batches, the open
 * executions of nodes whose lease has lapsed (one UPDATE per batch that checks the lapse, sets the
 * owner and bumps the version) and resumes them from their snapshots.
 *
 * <p>Signals: a signal for an execution another node runs goes into {@code signal_inbox}, and a
 * NOTIFY on {@code stepwise_inbox} naming the owner wakes it (its LISTEN is on a connection of its
 * own). The owner applies it in the execution's mailbox; the step that applied it records the
 * verdict in its own transaction, with a NOTIFY on {@code stepwise_verdict} that wakes the sender
 * (a signal ignored is answered by a write of its own). Known race: the owner read from the
 * execution's row may be stale by the time the NOTIFY arrives (a takeover in between); the new
 * owner applies the entry when it adopts the execution, or at its next scan. Every scan also
 * re-reads the inbox and the verdicts waited for, in case a notification was missed (a
 * reconnect). Activity tasks are offered to every node's pollers through {@link PostgresActivityQueue},
 * whose offers this node's listener hears on {@code stepwise_activity}. A face's announcements
 * ({@link #announce}) go out on {@code stepwise_announce} and reach that topic's listeners on every node. A sender waits {@code lease + 2 × takeoverScan + 5 s} at most: long enough for a
 * dead owner's execution to be taken over and the entry applied by the new owner.
 */
final class PostgresCluster implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    /** Executions claimed per UPDATE: a takeover of thousands holds no lock for long. */
    static final int CLAIM_BATCH = 100;
    private static final int INBOX_BATCH = 256;
    /** Answered inbox entries are kept this long (a sender that missed the notification reads them). */
    private static final long KEEP_ANSWERED_MS = TimeUnit.MINUTES.toMillis(10);
    /** How long the LISTEN loop waits for a notification at a time (and between reconnect attempts). */
    private static final int LISTEN_WAIT_MS = 500;
    /** How often a starting node looks at a lease under its name that still runs. */
    private static final long LEASE_CHECK_MS = 250;
    /** A reading of the database's clock whose round trip took longer than this tells too little: it is not used. */
    private static final long CLOCK_READING_MAX_MS = 40;
    /** The node's clock follows the database's when they drift this far apart (less is a reading's noise). */
    private static final long CLOCK_STEP_MS = 50;

    private final JdbcStore store;
    private final String node;
    private final long leaseMs;
    private final long scanMs;
    private final long answerTimeoutNanos;
    private final GroupCommitWriter.ConnectionSource connections;
    private final PostgresActivityQueue activities;
    // renewal, the lease's watch and the scan each have a thread: a renewal stuck on a lost database
    // does not keep the watch from dropping the executions in time
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3,
            Thread.ofPlatform().daemon().name("stepwise-cluster-", 0).factory());
    /** Reads the inbox, one read at a time (entries in flight are skipped by the next). */
    private final ExecutorService inboxReader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("stepwise-inbox").factory());
    /** Forwards, verdicts and their answers, which block on the database. */
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    /** The signals this node forwarded, waiting for their verdict, by inbox id. */
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    /** Who waits here for executions (by id) to end, wherever they run. */
    private final Map<Long, CompletableFuture<Void>> endsAwaited = new ConcurrentHashMap<>();
    /** The inbox entries this node is applying now. */
    private final Set<Long> applying = ConcurrentHashMap.newKeySet();
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private final Object leaseLock = new Object();
    /** Whether this node counts its lease as held, and until when (System.nanoTime); changed under leaseLock. */
    private volatile boolean held;
    private volatile long heldUntilNanos;
    private volatile boolean running;
    /** The start of this node's lease on the database's clock (what tells its holding of the name from another's); -1 before it took one. */
    private volatile long leaseStartedMs = -1;
    /** Whether this node saw its name taken by another start (logged once per loss). */
    private boolean nameLost;
    private volatile Member member;
    private Thread listener;

    /** Who listens here to announcements, by topic (see {@link #announce}). */
    private final Map<String, List<java.util.function.Consumer<String>>> announcementListeners =
            new ConcurrentHashMap<>();

    /** The clocks this node runs on, each kept at the database's time (see {@link #clock}). */
    private final List<OffsetClock> clocks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Waiting(CompletableFuture<Boolean> verdict, long deadlineNanos) {}

    PostgresCluster(JdbcStore store, Settings settings, GroupCommitWriter.ConnectionSource connections) {
        this.store = store;
        this.node = settings.node();
        this.leaseMs = settings.lease().toMillis();
        this.scanMs = settings.takeoverScan().toMillis();
        this.answerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(leaseMs + 2 * scanMs + 5_000);
        this.connections = connections;
        this.activities = new PostgresActivityQueue(store, node);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * Waits for the NOTIFY of the step that closes the execution (on {@code stepwise_closed}), and
     * looks at the table after registering (an end committed before is seen there) and at every
     * scan (a notification missed while the listener reconnected).
     */
    @Override
    public CompletableFuture<Void> closed(String executionArn) {
        ExecutionRecord record;
        try {
            record = store.execution(executionArn).orElse(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (record == null || !"RUNNING".equals(record.status())) {
            return CompletableFuture.completedFuture(null);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new StoreException("node " + node + " is shutting down", null));
        }
        CompletableFuture<Void> end = endsAwaited.computeIfAbsent(record.id(), id -> new CompletableFuture<>());
        checkEnds(List.of(record.id()));
        return end.copy();
    }

    /** Completes the waits for those of these executions that are no longer running. */
    private void checkEnds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            store.notRunning(ids).forEach(this::ended);
        } catch (RuntimeException e) {
            log.warn("node {} could not look at the executions waited for: {}", node, e.getMessage());
        }
    }

    private void ended(long executionId) {
        CompletableFuture<Void> end = endsAwaited.remove(executionId);
        if (end != null) {
            // completed off the listener thread: what waits on it may block
            try {
                io.execute(() -> end.complete(null));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                end.complete(null);
            }
        }
    }

    @Override
    public ActivityQueue activities() {
        return activities;
    }

    @Override
    public void join(Member member) {
        takeLease();
        synchronized (leaseLock) {
            this.member = member;
            // this node's own open executions (left by its previous run); a lease lost meanwhile loads
            // them at the renewal that takes it again
            if (held) {
                member.recoverOwned();
            }
        }
        takeOver();
        listener = Thread.ofPlatform().daemon().name("stepwise-listen").start(this::listen);
        scheduler.scheduleWithFixedDelay(this::scan, scanMs, scanMs, TimeUnit.MILLISECONDS);
    }

    // ---- the lease

    /**
     * Takes this node's lease, then renews it every third of the lease. While a lease under this
     * name still runs, waits: when it lapses unrenewed, its holder was this node's previous run,
     * which died (a restart after a crash waits at most that lease); when it is renewed, or taken by
     * another start, another live node has this name, and this node is refused. Idempotent.
     *
     * @throws StoreException when another node runs under this name, or the database cannot be used
     */
    @Override
    public void takeLease() {
        if (leaseStartedMs >= 0) {
            return;
        }
        JdbcStore.NodeLease seen = null;
        while (true) {
            long sent = System.nanoTime();
            OptionalLong taken = store.takeLease(node, leaseMs);
            if (taken.isPresent()) {
                synchronized (leaseLock) {
                    leaseStartedMs = taken.getAsLong();
                    heldUntilNanos = sent + TimeUnit.MILLISECONDS.toNanos(leaseMs);
                    held = true;
                    running = true;
                }
                long renewMs = Math.max(1, leaseMs / 3);
                scheduler.scheduleAtFixedRate(this::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
                long watchMs = Math.max(10, Math.min(250, leaseMs / 10));
                scheduler.scheduleAtFixedRate(this::watchLease, watchMs, watchMs, TimeUnit.MILLISECONDS);
                return;
            }
            JdbcStore.NodeLease now = store.lease(node).orElse(null);
            if (now == null || !now.running()) {
                continue; // given up or lapsed since: take it
            }
            if (seen == null) {
                seen = now;
                log.info("node {}: a lease under this name runs for {} ms more; waiting for it to lapse (this "
                        + "node's previous run died) or to be renewed (another node runs with this name)", node,
                        now.expiresMs() - now.nowMs());
            } else if (now.startedMs() != seen.startedMs() || now.renewedMs() != seen.renewedMs()) {
                throw new StoreException(duplicateName(), null);
            }
            try {
                Thread.sleep(Math.clamp(now.expiresMs() - now.nowMs() + 1, 1, LEASE_CHECK_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("node " + node + " was stopped while it waited for its lease", e);
            }
        }
    }

    /**
     * A clock on the database's time: {@code local} and an offset, measured now (the best of a few
     * readings) and again after every renewal of the lease. A node's timestamps and timers then
     * agree with every other node's within a reading's error (half a round trip to the database,
     * and {@link #CLOCK_STEP_MS} at most), whatever the node's own clock says.
     */
    @Override
    public Clock clock(Clock local) {
        OptionalLong best = OptionalLong.empty();
        for (int attempt = 0; attempt < 5 && best.isEmpty(); attempt++) {
            best = offsetOf(local);
        }
        OffsetClock clock = new OffsetClock(local, best.orElseGet(() -> roughOffsetOf(local)));
        clocks.add(clock);
        if (Math.abs(clock.offsetMillis()) > 1_000) {
            log.warn("node {}: its clock is {} ms {} the database's; it runs on the database's time", node,
                    Math.abs(clock.offsetMillis()), clock.offsetMillis() > 0 ? "behind" : "ahead of");
        }
        return clock;
    }

    /** How far the database's clock is ahead of {@code local}; empty when the reading took too long to tell. */
    private OptionalLong offsetOf(Clock local) {
        long sent = System.nanoTime();
        long before = local.millis();
        long database = store.databaseMillis();
        long after = local.millis();
        if (System.nanoTime() - sent > TimeUnit.MILLISECONDS.toNanos(CLOCK_READING_MAX_MS)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(database - (before + after) / 2);
    }

    private long roughOffsetOf(Clock local) {
        long before = local.millis();
        long database = store.databaseMillis();
        return database - (before + local.millis()) / 2;
    }

    /** Moves the clocks to the database's time where they drifted (after a renewal: the database answers). */
    private void keepClocks() {
        for (OffsetClock clock : clocks) {
            try {
                offsetOf(clock.base()).ifPresent(offset -> {
                    if (Math.abs(offset - clock.offsetMillis()) > CLOCK_STEP_MS) {
                        log.info("node {}: its clock moved {} ms from the database's; following the database", node,
                                offset - clock.offsetMillis());
                        clock.setOffsetMillis(offset);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("node {} could not read the database's clock: {}", node, e.getMessage());
            }
        }
    }

    private String duplicateName() {
        return "node " + node + " is already running on this database (it renewed its lease while this node "
                + "waited for it to lapse): each node needs its own --node-id (or its own --data folder, where a "
                + "node keeps the name it generated)";
    }

    /**
     * Renews the lease; after a lapse, takes it again and loads the executions still this node's.
     * When another start of this node's name took the lapsed lease, this node runs nothing (its
     * executions are that node's) until that lease lapses in turn.
     */
    private void renew() {
        if (!running) {
            return;
        }
        long sent = System.nanoTime();
        long startedMs = leaseStartedMs;
        boolean stillHeld;
        OptionalLong retaken = OptionalLong.empty();
        try {
            stillHeld = store.renewLease(node, startedMs, leaseMs);
            if (!stillHeld) {
                retaken = store.takeLease(node, leaseMs);
            }
        } catch (RuntimeException e) {
            log.warn("node {} could not renew its lease: {}", node, e.getMessage());
            return;
        }
        boolean recover;
        synchronized (leaseLock) {
            if (!running) {
                return;
            }
            if (!stillHeld && retaken.isEmpty()) {
                if (held) {
                    held = false;
                    if (member != null) {
                        member.abandonAll();
                    }
                }
                if (!nameLost) {
                    nameLost = true;
                    log.error("node {}: another node took this node's name after its lease lapsed; this node "
                            + "runs nothing while that one holds it (give each node its own --node-id)", node);
                }
                return;
            }
            nameLost = false;
            if (retaken.isPresent()) {
                leaseStartedMs = retaken.getAsLong();
            }
            // a lease the database saw lapse may have lost executions to a takeover: load afresh
            recover = !held || !stillHeld;
            if (held && !stillHeld && member != null) {
                member.abandonAll();
            }
            heldUntilNanos = sent + TimeUnit.MILLISECONDS.toNanos(leaseMs);
            held = true;
            if (recover && member != null) {
                int loaded = member.recoverOwned();
                if (loaded > 0) {
                    log.info("node {} took its lease again and loaded {} of its executions", node, loaded);
                }
            }
        }
        if (recover) {
            readInbox();
        }
        keepClocks();
    }

    /** Drops the executions once the lease may have lapsed (no renewal went through in time). */
    private void watchLease() {
        synchronized (leaseLock) {
            if (running && held && System.nanoTime() - heldUntilNanos > 0) {
                held = false;
                log.warn("node {} could not renew its lease in time: it stops running executions", node);
                if (member != null) {
                    member.abandonAll();
                }
            }
        }
    }

    @Override
    public boolean leaseHeld() {
        return held && System.nanoTime() - heldUntilNanos < 0;
    }

    // ---- takeover

    private void scan() {
        if (!running) {
            return;
        }
        try {
            takeOver();
            readInbox();
            pollVerdicts();
            checkEnds(List.copyOf(endsAwaited.keySet()));
            store.deleteAnsweredSignals(KEEP_ANSWERED_MS);
        } catch (RuntimeException e) {
            log.warn("node {}: cluster scan failed: {}", node, e.getMessage());
        }
    }

    /** Claims and resumes the open executions of nodes without a lease, batch by batch, while this node holds its own. */
    private void takeOver() {
        for (String former : store.ownersWithoutLease(node)) {
            int taken = 0;
            while (running && leaseHeld()) {
                List<ExecutionRecord> claimed = store.claimExecutions(former, node, CLAIM_BATCH);
                if (claimed.isEmpty()) {
                    break;
                }
                takeovers.addAndGet(claimed.size());
                taken += claimed.size();
                member.adopt(claimed);
            }
            if (taken > 0) {
                log.info("node {} took over {} executions of node {}, whose lease lapsed", node, taken, former);
                readInbox();
            }
        }
    }

    // ---- signals this node applies

    /** Reads the inbox on the inbox thread (a notification, a takeover, a scan asks for it). */
    private void readInbox() {
        if (running) {
            try {
                inboxReader.execute(this::applyInbox);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the node is stopping: its inbox is read by whoever takes its executions over
            }
        }
    }

    private void applyInbox() {
        if (!running || !leaseHeld()) {
            return;
        }
        List<JdbcStore.InboxEntry> entries;
        try {
            entries = store.pendingSignals(node, INBOX_BATCH);
        } catch (RuntimeException e) {
            log.warn("node {} could not read its inbox: {}", node, e.getMessage());
            return;
        }
        for (JdbcStore.InboxEntry entry : entries) {
            if (!applying.add(entry.id())) {
                continue;
            }
            if (!"RUNNING".equals(entry.status())) {
                // the execution ended (or never was): it waits for nothing, as on its own node
                settle(entry, JdbcStore.VERDICT_IGNORED);
                continue;
            }
            Signal signal;
            try {
                signal = SignalCodec.decode(entry.signal());
            } catch (RuntimeException e) {
                log.error("inbox entry {} holds no signal this build reads", entry.id(), e);
                settle(entry, JdbcStore.VERDICT_FAILED);
                continue;
            }
            wakeups.incrementAndGet();
            member.deliverForwarded(entry.id(), entry.executionArn(), signal).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    log.error("applying inbox entry {} for {} failed", entry.id(), entry.executionArn(), failure);
                    settle(entry, JdbcStore.VERDICT_FAILED);
                    return;
                }
                switch (outcome) {
                    // the step's transaction recorded the verdict and woke the sender
                    case APPLIED -> applying.remove(entry.id());
                    case IGNORED -> settle(entry, JdbcStore.VERDICT_IGNORED);
                    // not open here (yet, or any more): its owner applies it, after adopting it if need be
                    case NOT_HERE -> applying.remove(entry.id());
                }
            });
        }
    }

    /** Records a verdict the step did not (an ignored or failed signal), off the caller's thread. */
    private void settle(JdbcStore.InboxEntry entry, int verdict) {
        if (!running) {
            applying.remove(entry.id());
            return;
        }
        io.execute(() -> {
            try {
                wakeups.incrementAndGet();
                store.answerSignal(entry.id(), verdict);
            } catch (RuntimeException e) {
                log.warn("node {} could not answer inbox entry {}: {}", node, entry.id(), e.getMessage());
            } finally {
                applying.remove(entry.id());
            }
        });
    }

    // ---- signals this node hands over

    @Override
    public CompletableFuture<Boolean> forward(String executionArn, Signal signal) {
        CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        if (!running) {
            verdict.completeExceptionally(new StoreException("node " + node + " is shutting down", null));
            return verdict;
        }
        try {
            io.execute(() -> forward(executionArn, signal, verdict));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            verdict.completeExceptionally(new StoreException("node " + node + " is shutting down", null));
        }
        return verdict;
    }

    /** Puts the signal in the inbox for the execution's owner and waits for the verdict (false: not running). */
    private void forward(String executionArn, Signal signal, CompletableFuture<Boolean> verdict) {
        try {
            String owner = store.runningOwner(executionArn).orElse(null);
            if (owner == null) {
                verdict.complete(false);
                return;
            }
            long id = store.postSignal(executionArn, SignalCodec.encode(signal), node, owner);
            waiting.put(id, new Waiting(verdict, System.nanoTime() + answerTimeoutNanos));
            // an answer that came before the entry was waited for is read here
            Integer early = store.verdicts(List.of(id)).get(id);
            if (early != null) {
                answered(id, early);
            }
        } catch (RuntimeException e) {
            verdict.completeExceptionally(e);
        }
    }

    private void answered(long inboxId, int verdict) {
        Waiting w = waiting.remove(inboxId);
        if (w == null) {
            return;
        }
        Runnable complete = () -> {
            if (verdict == JdbcStore.VERDICT_FAILED) {
                w.verdict().completeExceptionally(new StoreException("the node running the execution could not "
                        + "apply the signal", null));
            } else {
                w.verdict().complete(verdict == JdbcStore.VERDICT_APPLIED);
            }
        };
        // completed off the listener thread: what waits on it may block
        try {
            io.execute(complete);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            complete.run();
        }
    }

    /** Reads the verdicts still waited for (a missed notification), and gives up on those past their time. */
    private void pollVerdicts() {
        if (waiting.isEmpty()) {
            return;
        }
        store.verdicts(List.copyOf(waiting.keySet())).forEach(this::answered);
        long now = System.nanoTime();
        waiting.forEach((id, w) -> {
            if (now - w.deadlineNanos() > 0 && waiting.remove(id, w)) {
                w.verdict().completeExceptionally(new StoreException("no node applied the signal within "
                        + TimeUnit.NANOSECONDS.toSeconds(answerTimeoutNanos) + " seconds (inbox entry " + id + ")",
                        null));
            }
        });
    }

    // ---- announcements

    /** A NOTIFY on {@code stepwise_announce}; a failure is logged (listeners look for changes on their own too). */
    @Override
    public void announce(String topic, String subject) {
        try {
            store.announce(topic, subject);
        } catch (RuntimeException e) {
            log.warn("node {}: could not announce a change of {} {} ({}); the other nodes see it at their next look",
                    node, topic, subject, e.getMessage());
        }
    }

    @Override
    public void onAnnouncement(String topic, java.util.function.Consumer<String> listener) {
        announcementListeners.computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(listener);
    }

    /** Hands "topic:subject" (or null: anything may have changed) to the topic's listeners, off the listening thread. */
    private void announced(String topic, String subject) {
        for (java.util.function.Consumer<String> listener : announcementListeners.getOrDefault(topic, List.of())) {
            try {
                io.execute(() -> {
                    try {
                        listener.accept(subject);
                    } catch (RuntimeException e) {
                        log.warn("node {}: a listener of {} failed on {}", node, topic, subject, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return;
            }
        }
    }

    private void announcementNotified(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            log.warn("unreadable announcement '{}'", payload);
            return;
        }
        announced(payload.substring(0, colon), payload.substring(colon + 1));
    }

    // ---- notifications

    /** LISTENs on a connection of its own, reconnecting when it is lost; reads the inbox after each (re)connect. */
    private void listen() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = connections.open();
                    connection.setAutoCommit(true);
                    try (Statement s = connection.createStatement()) {
                        s.execute("LISTEN " + JdbcStore.INBOX_CHANNEL);
                        s.execute("LISTEN " + JdbcStore.VERDICT_CHANNEL);
                        s.execute("LISTEN " + JdbcStore.ACTIVITY_CHANNEL);
                        s.execute("LISTEN " + JdbcStore.CLOSED_CHANNEL);
                        s.execute("LISTEN " + JdbcStore.ANNOUNCE_CHANNEL);
                        s.execute("LISTEN " + JdbcStore.RESOURCE_CHANNEL);
                    }
                    store.resourceNotificationsHeard(true);
                    // what was notified while not listening
                    readInbox();
                    activities.wakeAll();
                    announcementListeners.keySet().forEach(topic -> announced(topic, null));
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(LISTEN_WAIT_MS);
                if (notifications != null) {
                    boolean inbox = false;
                    for (PGNotification n : notifications) {
                        if (n.getName().equals(JdbcStore.INBOX_CHANNEL)) {
                            inbox |= n.getParameter().equals(node);
                        } else if (n.getName().equals(JdbcStore.VERDICT_CHANNEL)) {
                            verdictNotified(n.getParameter());
                        } else if (n.getName().equals(JdbcStore.ACTIVITY_CHANNEL)) {
                            activities.offered(n.getParameter());
                        } else if (n.getName().equals(JdbcStore.CLOSED_CHANNEL)) {
                            closedNotified(n.getParameter());
                        } else if (n.getName().equals(JdbcStore.ANNOUNCE_CHANNEL)) {
                            announcementNotified(n.getParameter());
                        } else if (n.getName().equals(JdbcStore.RESOURCE_CHANNEL)) {
                            store.resourceChanged(n.getParameter());
                        }
                    }
                    if (inbox) {
                        readInbox();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("node {}: LISTEN connection lost ({}); reconnecting", node, e.getMessage());
                store.resourceNotificationsHeard(false);
                closeQuietly(connection);
                connection = null;
                try {
                    Thread.sleep(LISTEN_WAIT_MS); // back off before reconnecting to a database that is down
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        store.resourceNotificationsHeard(false);
        closeQuietly(connection);
    }

    private void closedNotified(String payload) {
        try {
            ended(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            log.warn("unreadable end notification '{}'", payload);
        }
    }

    private void verdictNotified(String payload) {
        int colon = payload.indexOf(':');
        try {
            answered(Long.parseLong(payload.substring(0, colon)), Integer.parseInt(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            log.warn("unreadable verdict notification '{}'", payload);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it is being dropped anyway
            }
        }
    }

    // ---- the end

    @Override
    public Stats stats() {
        return new Stats(takeovers.get(), wakeups.get());
    }

    @Override
    public void halt() {
        stop();
    }

    /** Stops, then gives the lease up so that the other nodes take this node's executions over at once. */
    @Override
    public void close() {
        if (!running) {
            stop();
            return;
        }
        stop();
        try {
            store.giveUpLease(node, leaseStartedMs);
        } catch (RuntimeException e) {
            log.warn("node {} could not give its lease up ({}): it lapses by itself", node, e.getMessage());
        }
        waiting.values().forEach(w -> w.verdict().completeExceptionally(
                new StoreException("node " + node + " is shutting down", null)));
        endsAwaited.values().forEach(end -> end.completeExceptionally(
                new StoreException("node " + node + " is shutting down", null)));
    }

    private void stop() {
        running = false;
        synchronized (leaseLock) {
            held = false;
        }
        scheduler.shutdownNow();
        inboxReader.shutdownNow();
        activities.close();
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(2 * LISTEN_WAIT_MS + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        io.shutdown();
    }
}
