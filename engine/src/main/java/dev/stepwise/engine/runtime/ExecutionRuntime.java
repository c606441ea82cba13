package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.eval.SeededRandom;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.ExecutionSnapshot;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.ScheduleCheck;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.Snapshot;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions durably. Each open execution is held in memory and stepped by one thread at a
 * time; every step (its events, where the execution stands after it as a snapshot, and the read
 * models it changes) is committed to the store before the step's commands are carried out and
 * before the caller that caused it hears back. After a restart, {@link #recover} loads each open
 * execution's snapshot and carries on from it, without running the interpreter over old signals:
 * timers fire at their original times and tasks no worker had taken are offered again.
 */
public final class ExecutionRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutionRuntime.class);

    private final ExecutionLog store;
    private final List<Projection> projections;
    /** The nodes this runtime shares its store with (one node alone: {@link Cluster#single}). */
    private final Cluster cluster;
    /** This node's name, recorded as the owner of the executions it runs. */
    private final String node;
    private final Clock clock;
    private final Timers timers;
    private final WaitScale waitScale;
    private final TaskDispatcher tasks;
    /** How new executions' task tokens are signed. */
    private final TaskTokens tokens;
    /** Seeds of executions' random sources; they need to differ, not to be secret. */
    private final LongSupplier seeds;
    /** An execution's random source for its seed (a {@link SeededRandom}, whose position snapshots keep). */
    private final LongFunction<RandomSource> randomness;
    private final Map<String, OpenExecution> open = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Signals delivered and children being started, not yet through: what {@link #awaitQuiet} waits for. */
    private final AtomicLong busy = new AtomicLong();
    private final Object quiet = new Object();
    /** Set by {@link #halt}: nothing steps any more, nothing is handed over. */
    private volatile boolean halted;

    private ExecutionRuntime(Builder b) {
        this.store = b.store;
        this.projections = List.copyOf(b.projections);
        this.cluster = b.cluster != null ? b.cluster : Cluster.single(b.node);
        this.node = cluster.node();
        this.clock = b.clock;
        this.timers = b.timers != null ? b.timers : Timers.realTime(b.clock);
        this.waitScale = b.waitScale;
        this.tasks = b.tasks;
        this.tokens = b.tokens;
        this.seeds = b.seeds;
        this.randomness = b.randomness;
    }

    /** A runtime over {@code store}, whose Task states {@code tasks} carries out; the rest defaults. */
    public static Builder builder(ExecutionLog store, TaskDispatcher tasks) {
        return new Builder(store, tasks);
    }

    /**
     * How a runtime is set up. Defaults: the system clock with real-time timers, no wait scaling,
     * no read models, node "local", task tokens signed with a key of this process's own, random
     * seeds, and each execution's randomness a {@link SeededRandom}.
     */
    public static final class Builder {
        private final ExecutionLog store;
        private final TaskDispatcher tasks;
        private List<Projection> projections = List.of();
        private String node = "local";
        private Cluster cluster;
        private Clock clock = Clock.systemUTC();
        private Timers timers;
        private WaitScale waitScale = WaitScale.REAL;
        private TaskTokens tokens = TaskTokens.EPHEMERAL;
        private LongSupplier seeds = java.util.random.RandomGenerator.getDefault()::nextLong;
        private LongFunction<RandomSource> randomness = SeededRandom::new;

        private Builder(ExecutionLog store, TaskDispatcher tasks) {
            this.store = store;
            this.tasks = tasks;
        }

        /** The faces' read models, written with each step. */
        public Builder projections(List<Projection> projections) {
            this.projections = projections;
            return this;
        }

        /** The name recorded as the owner of the executions this runtime runs (one node alone). */
        public Builder node(String node) {
            this.node = node;
            return this;
        }

        /** The nodes the store is shared with; the node's name is the cluster's. */
        public Builder cluster(Cluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** The clock, with real-time timers on it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Simulated time: the manual clock, and timers that fire as it is moved. */
        public Builder time(SimulatedTime time) {
            this.clock = time.clock();
            this.timers = time;
            return this;
        }

        /** The clock and the timers (tests). */
        public Builder time(Clock clock, Timers timers) {
            this.clock = clock;
            this.timers = timers;
            return this;
        }

        public Builder waitScale(WaitScale waitScale) {
            this.waitScale = waitScale;
            return this;
        }

        /** How new executions' task tokens are signed (the store's key). */
        public Builder tokens(TaskTokens tokens) {
            this.tokens = tokens;
            return this;
        }

        /** Where executions' seeds come from (a fixed sequence makes runs repeatable). */
        public Builder seeds(LongSupplier seeds) {
            this.seeds = seeds;
            return this;
        }

        /**
         * Each execution's randomness for its seed. Only a {@link SeededRandom} carries on where it
         * stopped after a restart; other sources are for runs in process (tests).
         */
        public Builder randomness(LongFunction<RandomSource> randomness) {
            this.randomness = randomness;
            return this;
        }

        public ExecutionRuntime build() {
            return new ExecutionRuntime(this);
        }
    }

    /** EXPRESS executions end after five minutes, whatever their definition says. */
    public static final int EXPRESS_TIMEOUT_SECONDS = 300;

    /** What StartExecution (or a parent execution) asks for. */
    public record StartRequest(String executionArn, String name, String stateMachineArn, String stateMachineName,
                               String type, StateMachine machine, String definition, String roleArn, JsonNode input,
                               String inputText, String versionArn, String aliasArn, String mapRunArn,
                               String parentArn) {}

    /** One open execution and what belongs to it while it runs. Guarded by {@code lock}. */
    private static final class OpenExecution {
        /** The stored row's id (0 until the first step is stored). */
        long id;
        /** What identifies the execution (its ARN first): kept while the execution is unloaded. */
        final ExecutionInfo info;
        /*
         * The execution in memory, its randomness and its interpreter; null while it is unloaded
         * (idle: see unloadIdle), loaded again from its snapshot by its next step. Guarded by lock.
         */
        Execution execution;
        RandomSource random;
        Interpreter interpreter;
        final String type;
        final SteppingClock clock;
        final WaitScale waitScale;
        final ScheduleCheck scheduling;
        /** What dispatchers are told of the execution its tasks belong to. */
        final TaskDispatcher.TaskOrigin origin;
        /** Signals waiting for their step, applied one at a time in the order they came. */
        final java.util.concurrent.ConcurrentLinkedQueue<Delivery> mailbox =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
        final ReentrantLock lock = new ReentrantLock(true);
        /** Cancellers of the armed timers, by timer id. */
        final Map<Long, Runnable> timers = new HashMap<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        /** Completed once the execution left this node without closing (see {@link #gone}). */
        final CompletableFuture<Void> left = new CompletableFuture<>();
        /** The execution that started this one (a distributed Map run's parent), or null. */
        final String parentArn;
        /** The stored row's version: each append names it, and it is one more after. */
        long version;
        /*
         * Set (under lock) once the execution left this node without closing: another node took it
         * over, or this node's lease lapsed. Signals still in its mailbox go where it runs now.
         */
        boolean gone;

        OpenExecution(long id, Execution execution, String type, SteppingClock clock, RandomSource random,
                      WaitScale waitScale, ScheduleCheck scheduling, String parentArn, String mockTestCase,
                      long version) {
            this.id = id;
            this.info = execution.info();
            this.type = type;
            this.clock = clock;
            this.waitScale = waitScale;
            this.scheduling = scheduling;
            load(execution, random);
            this.parentArn = parentArn;
            this.version = version;
            this.origin = new TaskDispatcher.TaskOrigin(info.executionArn(), info.stateMachineArn(), mockTestCase);
        }

        String arn() {
            return info.executionArn();
        }

        void load(Execution loaded, RandomSource randomness) {
            this.execution = loaded;
            this.random = randomness;
            this.interpreter = new Interpreter(clock, randomness, waitScale, scheduling);
        }

        /** Leaves memory; its snapshot in the store is where it stands (the last append wrote it). */
        void unload() {
            this.execution = null;
            this.random = null;
            this.interpreter = null;
        }
    }

    /**
     * A signal on its way to an execution's step, and who waits for the step to be durable;
     * {@code inboxId}: the inbox entry of a signal another node handed over (0: none).
     */
    private record Delivery(Signal signal, Instant notBefore, long inboxId, boolean queuedIsEnough,
                            CompletableFuture<Cluster.Outcome> done) {
    }

    /**
     * Starts an execution and runs it until it waits or ends. Returns once its first step is
     * durable. Throws the store's conflict exception when the name is taken.
     */
    public ExecutionRecord start(StartRequest r) {
        return start(r, null);
    }

    /**
     * As {@link #start(StartRequest)}, for an execution of a mock configuration's test case: the
     * name is stored with the execution (so its tasks stay mocked after a restart) before any of
     * its tasks is dispatched.
     */
    public ExecutionRecord start(StartRequest r, String mockTestCase) {
        return start(r, mockTestCase, List.of(), Runnable::run);
    }

    /**
     * As {@link #start(StartRequest, String)}, for a caller that answers its own caller before the
     * execution's first step is carried out (its tasks handed out, its timers set, its children
     * started): StartExecution's answer does not wait for that work, and a worker woken by the task
     * does not compete with the answer for the processor. The first step is durable before this
     * returns, as always.
     *
     * <p>Contract: {@code afterAnswer} receives the work once, and it must be run once, on the calling
     * thread, whether the answer was written or not (the execution started either way). Until it has
     * run the execution's lock stays held by this thread: a signal for the execution (a StopExecution
     * racing the answer) waits, so no later step comes before the first step's commands are carried out.
     */
    public ExecutionRecord start(StartRequest r, String mockTestCase, Consumer<Runnable> afterAnswer) {
        return start(r, mockTestCase, List.of(), afterAnswer);
    }

    /**
     * As {@link #start(StartRequest)}, with {@code alongside}, the starter's own catalog changes (the
     * record the execution works for), committed in the transaction of the execution's first step,
     * before that step's projections: both are stored or neither. A conflict in either throws the
     * store's conflict exception and leaves nothing behind.
     */
    public ExecutionRecord startWith(StartRequest r, List<ResourceChange> alongside) {
        return start(r, null, alongside, Runnable::run);
    }

    private ExecutionRecord start(StartRequest r, String mockTestCase, List<ResourceChange> alongside,
                                  Consumer<Runnable> afterAnswer) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long seed;
        synchronized (seeds) {
            seed = seeds.getAsLong();
        }
        SteppingClock stepClock = new SteppingClock();
        stepClock.set(now);
        ExecutionInfo info = new ExecutionInfo(r.executionArn(), r.name(), r.stateMachineArn(), r.stateMachineName(),
                r.roleArn(), now, Payload.of(r.input(), r.inputText()), r.aliasArn(), r.versionArn(), 0);
        Execution execution = new Execution(info, r.machine());
        capByType(execution, r.type());
        execution.useTaskTokens(tokens);
        OpenExecution oe = new OpenExecution(0, execution, r.type(), stepClock, randomness.apply(seed), waitScale,
                tasks::scheduleFailure, r.parentArn(), mockTestCase, 0);
        Interpreter.StepResult step = oe.interpreter.start(execution);
        ExecutionIdentity identity = new ExecutionIdentity(r.executionArn(), r.stateMachineArn(), r.name(), r.type(),
                now, r.inputText(), r.definition(), r.roleArn(), seed, r.versionArn(), r.aliasArn(), r.mapRunArn(),
                r.parentArn(), mockTestCase);
        StepRecord first = stepRecord(oe, now, step);
        if (!alongside.isEmpty()) {
            List<ResourceChange> changes = new ArrayList<>(alongside);
            changes.addAll(first.projections());
            first = new StepRecord(first.seq(), first.at(), first.signal(), first.firstEventId(), first.lastEventId(),
                    first.events(), first.update(), first.snapshot(), changes, first.inboxAnswers());
        }
        ExecutionRecord stored = store.create(identity, node, first);
        execution.discardHistory();
        if (execution.isOpen()) {
            oe.id = stored.id();
            oe.version = stored.version();
            // locked until the first step's commands are carried out, whenever afterAnswer runs them
            oe.lock.lock();
            open.put(r.executionArn(), oe);
            List<Command> commands = step.commands();
            afterAnswer.accept(() -> {
                try {
                    carryOut(oe, commands);
                } finally {
                    oe.lock.unlock();
                }
            });
        } else {
            notifyParent(r.parentArn(), execution);
        }
        return stored;
    }

    static void capByType(Execution execution, String type) {
        if ("EXPRESS".equals(type)) {
            execution.capTimeout(EXPRESS_TIMEOUT_SECONDS);
        }
    }

    /**
     * Delivers a signal to an open execution. The future completes once the step it causes is
     * durable, with true when the execution was waiting for the signal (a task it runs, a timer it
     * armed) and false when it ignored it (not open, or no longer waiting for it). A signal for an
     * execution that another node of the cluster runs is handed to that node, and the future
     * completes with its verdict.
     */
    public CompletableFuture<Boolean> deliver(String executionArn, Signal signal) {
        return deliver(executionArn, signal, Instant.MIN, false, false);
    }

    /**
     * As {@link #deliver(String, Signal)}, for a caller that waits for the verdict on a virtual
     * thread of its own (an API request): when no other thread is stepping the execution, the step
     * runs on the calling thread, which saves a hand-off to a worker and one back. Signals delivered
     * before it are stepped first, in order; those after it are left to a worker.
     */
    public CompletableFuture<Boolean> deliverAwaited(String executionArn, Signal signal) {
        return deliver(executionArn, signal, Instant.MIN, false, true);
    }

    /**
     * Delivers the start of a task by the worker that takes it from a queue (GetActivityTask). The
     * future completes once the step is applied in memory and its append is queued, not once it is
     * durable: the worker gets the task one commit sooner.
     *
     * <p>Why that is safe (AWS delivers a task at least once; the history stays AWS's):
     * <ul>
     * <li>The worker's answer (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) is a later
     * signal of the same execution. Its step comes after the start's in the execution's mailbox, its
     * append is queued after the start's, and the store commits appends in the order they were
     * queued ({@link ExecutionLog#appendQueued}): when the answer is acknowledged (durable), so is
     * the ActivityStarted before it. If the start's append is refused, so is the answer's (the
     * version check), and the worker hears an error, not a success.
     * <li>A crash before the start commits leaves the task un-started in the store: recovery offers
     * it again with the same token (tokens name the task and are signed, not stored), so another
     * poll may hand it out a second time: AWS's at-least-once delivery.
     * <li>The first worker may still answer after that restart, with a token whose start was never
     * stored. The execution then records the start its answer implies before the answer
     * ({@code TaskHandler}), so the history reads ActivityScheduled, ActivityStarted, then
     * ActivitySucceeded, ActivityFailed or ActivityTimedOut, as on AWS; that ActivityStarted names no
     * worker, the name having been lost with the step. The copy offered again is then no longer
     * waited for: a poll that takes it has its start ignored and hands nothing out.
     * <li>A start the execution ignores (the task timed out, the execution stopped) writes nothing and
     * the task is not handed out, as with {@link #deliver}. A start repeated after a restart writes a
     * step without events.
     * <li>A signal handed to another node of a cluster (the execution runs there) is durable before
     * it is answered, as always.
     * </ul>
     * The store may hold the start's commit a moment for another write to share it (see
     * {@link ExecutionLog#appendQueued}): a worker answering at once has its answer and the start
     * committed together, one flush of the disk on its way instead of two.
     * <p>The caller waits for the verdict on a virtual thread of its own, as with {@link #deliverAwaited}.
     */
    public CompletableFuture<Boolean> deliverStart(String executionArn, Signal.TaskStarted started) {
        return deliver(executionArn, started, Instant.MIN, true, true);
    }

    /**
     * As {@link #deliver(String, Signal)}, with the step's time no earlier than {@code notBefore}.
     * The signal joins the execution's mailbox: an execution's signals are stepped one at a time,
     * in the order they were delivered (a task's TaskStarted before its end), by one worker.
     */
    private CompletableFuture<Boolean> deliver(String executionArn, Signal signal, Instant notBefore,
                                               boolean queuedIsEnough, boolean awaited) {
        if (halted) {
            // no verdict: a halted node (as if killed) neither applies nor refuses anything
            return CompletableFuture.failedFuture(new dev.stepwise.engine.store.StoreException(
                    "this node has stopped", null));
        }
        OpenExecution oe = open.get(executionArn);
        if (oe == null) {
            return elsewhere(executionArn, signal);
        }
        return enqueue(oe, signal, notBefore, 0, queuedIsEnough, awaited).thenCompose(outcome -> switch (outcome) {
            case APPLIED -> CompletableFuture.completedFuture(true);
            case IGNORED -> CompletableFuture.completedFuture(false);
            // taken over while the signal waited in the mailbox: it goes to the new owner
            case NOT_HERE -> elsewhere(executionArn, signal);
        });
    }

    /**
     * A signal for an execution not open here: handed to the node that runs it. A timer's signal
     * stays here: the node that runs the execution armed the timer again itself.
     */
    private CompletableFuture<Boolean> elsewhere(String executionArn, Signal signal) {
        if (halted || signal instanceof Signal.TimerFired) {
            return CompletableFuture.completedFuture(false);
        }
        return cluster.forward(executionArn, signal);
    }

    /** {@code awaited}: the caller waits for the step on a virtual thread, which may run it (see {@link #deliverAwaited}). */
    private CompletableFuture<Cluster.Outcome> enqueue(OpenExecution oe, Signal signal, Instant notBefore,
                                                       long inboxId, boolean queuedIsEnough, boolean awaited) {
        CompletableFuture<Cluster.Outcome> done = new CompletableFuture<>();
        Delivery delivery = new Delivery(signal, notBefore, inboxId, queuedIsEnough, done);
        busy.incrementAndGet();
        oe.mailbox.add(delivery);
        if (awaited && Thread.currentThread().isVirtual()) {
            drainUntil(oe, delivery);
        } else {
            drain(oe);
        }
        return done;
    }

    /** Steps the execution's waiting signals on a worker, unless one is at it already. */
    private void drain(OpenExecution oe) {
        if (oe.draining.compareAndSet(false, true)) {
            workers.execute(() -> drainUntil(oe, null));
        }
    }

    /**
     * Steps the execution's waiting signals on this thread, unless another is at it already, until
     * {@code last} is stepped (null: until none waits); any left then go to a worker. Holds the
     * draining flag (taken here, or by {@link #drain} before it handed the loop to a worker).
     */
    private void drainUntil(OpenExecution oe, Delivery last) {
        if (last != null && !oe.draining.compareAndSet(false, true)) {
            return; // the thread stepping the execution steps this signal too
        }
        try {
            Delivery d;
            while ((d = oe.mailbox.poll()) != null) {
                try {
                    d.done().complete(step(oe, d));
                } catch (RuntimeException e) {
                    d.done().completeExceptionally(e);
                } finally {
                    settled();
                }
                if (d == last) {
                    break;
                }
            }
        } finally {
            oe.draining.set(false);
            // a signal that came after the last poll and before the flag was cleared is not left behind
            if (!oe.mailbox.isEmpty()) {
                drain(oe);
            }
        }
    }

    /** One piece of work (a delivery, a child's start) is through. */
    private void settled() {
        if (busy.decrementAndGet() == 0) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /**
     * Waits until no signal is waiting for its step and no child execution is being started: on
     * simulated time, the moment to move the clock to the next timer. Tasks a dispatcher carries
     * out on threads of its own (real integrations) are not waited for.
     */
    public void awaitQuiet() throws InterruptedException {
        synchronized (quiet) {
            while (busy.get() > 0) {
                quiet.wait();
            }
        }
    }

    /**
     * Redrives a closed execution: loads it from its snapshot, applies the redrive and holds it
     * open again. Returns false when the execution cannot be redriven (it succeeded, is open here,
     * or kept no snapshot).
     */
    public boolean redrive(ExecutionRecord record) {
        if (open.containsKey(record.arn()) || halted) {
            return false;
        }
        if (cluster.shared() && !node.equals(record.owner())) {
            // a closed execution runs again on the node that redrives it; of two nodes redriving it
            // at once, the version check lets one through
            try {
                record = withVersion(record, store.claim(record.id(), record.version(), node));
            } catch (StoreConflictException e) {
                return false;
            }
        }
        Restored r = restore(record);
        if (r == null) {
            return false;
        }
        OpenExecution oe = r.open();
        oe.lock.lock();
        try {
            Execution ex = oe.execution;
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            oe.clock.set(now.isBefore(oe.clock.instant()) ? oe.clock.instant() : now);
            Interpreter.StepResult step = oe.interpreter.signal(ex, new Signal.Redrive());
            if (!step.accepted()) {
                return false;
            }
            append(oe, oe.clock.instant(), step);
            ex.discardHistory();
            if (ex.isOpen()) {
                open.put(record.arn(), oe);
                carryOut(oe, step.commands());
            } else {
                notifyParent(oe.parentArn, ex);
            }
            return true;
        } finally {
            oe.lock.unlock();
        }
    }

    private static ExecutionRecord withVersion(ExecutionRecord r, long version) {
        return new ExecutionRecord(r.id(), version, r.owner(), r.tokenFormat(), r.identity(), r.state());
    }

    /**
     * Completes once the execution has closed, wherever it runs: one open here may be taken over
     * by another node before it closes, and one not open here may run on another node (at once
     * when it is not running anywhere; on one node alone, when it is not open here).
     */
    public CompletableFuture<Void> closed(String executionArn) {
        OpenExecution oe = open.get(executionArn);
        if (!cluster.shared()) {
            return oe == null ? CompletableFuture.completedFuture(null) : oe.closed;
        }
        if (oe == null) {
            return cluster.closed(executionArn);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        oe.closed.thenRun(() -> closed.complete(null));
        oe.left.thenRun(() -> cluster.closed(executionArn).whenComplete((v, failure) -> {
            if (failure != null) {
                closed.completeExceptionally(failure);
            } else {
                closed.complete(null);
            }
        }));
        return closed;
    }

    /** Whether the execution is open in this runtime. */
    public boolean isOpen(String executionArn) {
        return open.containsKey(executionArn);
    }

    public int openCount() {
        return open.size();
    }

    /** Whether a thread waits for the execution's lock to step it (the order of steps, in tests). */
    boolean stepWaits(String executionArn) {
        OpenExecution oe = open.get(executionArn);
        return oe != null && oe.lock.hasQueuedThreads();
    }

    private Cluster.Outcome step(OpenExecution oe, Delivery d) {
        Signal signal = d.signal();
        Instant notBefore = d.notBefore();
        oe.lock.lock();
        try {
            if (oe.gone || halted) {
                return Cluster.Outcome.NOT_HERE;
            }
            Execution ex;
            try {
                ex = loaded(oe);
            } catch (StoreConflictException e) {
                fenced(oe, e);
                return Cluster.Outcome.NOT_HERE;
            }
            if (!ex.isOpen()) {
                return Cluster.Outcome.IGNORED;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (now.isBefore(oe.clock.instant())) {
                now = oe.clock.instant();
            }
            // a timer's step happens at its time at the earliest, whatever the wall clock's jitter
            if (now.isBefore(notBefore)) {
                now = notBefore;
            }
            oe.clock.set(now);
            Interpreter.StepResult step = oe.interpreter.signal(ex, signal);
            if (!step.accepted()) {
                // the execution waits for nothing of the kind: it did not change
                ex.discardHistory();
                return Cluster.Outcome.IGNORED;
            }
            try {
                StepRecord record = stepRecord(oe, now, step).answering(d.inboxId());
                if (d.queuedIsEnough() && d.inboxId() == 0) {
                    appendQueued(oe, record);
                } else {
                    store.append(oe.id, oe.version, record);
                }
                oe.version++;
            } catch (StoreConflictException e) {
                // the step is not written and its commands are not carried out (fencing rule, see Cluster)
                fenced(oe, e);
                return Cluster.Outcome.NOT_HERE;
            }
            ex.discardHistory();
            carryOut(oe, step.commands());
            if (!ex.isOpen()) {
                open.remove(ex.info().executionArn());
                oe.timers.values().forEach(Runnable::run);
                oe.closed.complete(null);
                notifyParent(oe.parentArn, ex);
            }
            return Cluster.Outcome.APPLIED;
        } catch (RuntimeException e) {
            log.error("step of {} failed", oe.arn(), e);
            throw e;
        } finally {
            oe.lock.unlock();
        }
    }

    /**
     * The version check refused a step (or the reload of an unloaded execution): another node
     * claimed the execution (its lease had lapsed, see Cluster). Nothing of the step was written;
     * the execution leaves memory with nothing carried out, its timers cancelled and its tasks
     * released here (the new owner resumes them). Under the execution's lock.
     */
    private void fenced(OpenExecution oe, StoreConflictException e) {
        log.warn("{} is no longer this node's ({}): another node runs it now", oe.arn(), e.getMessage());
        release(oe);
    }

    /** The execution leaves this node without closing; under its lock. */
    private void release(OpenExecution oe) {
        oe.gone = true;
        open.remove(oe.arn(), oe);
        oe.left.complete(null);
        oe.timers.values().forEach(Runnable::run);
        oe.timers.clear();
        if (oe.execution != null) {
            for (Execution.LiveTask t : oe.execution.liveTasks()) {
                tasks.release(t.command().taskId());
            }
        }
        oe.unload();
    }

    /**
     * Queues a step's append without waiting for it (see {@link #deliverStart}); under the
     * execution's lock, which moves its version on. A step the store refuses later takes the
     * execution out of memory ({@link #lost}).
     */
    private void appendQueued(OpenExecution oe, StepRecord record) {
        long version = oe.version;
        store.appendQueued(oe.id, version, record).whenComplete((ignored, failure) -> {
            if (failure != null && !halted) {
                // not on the store's thread: the execution's lock may be held by a step waiting for that thread
                busy.incrementAndGet();
                try {
                    workers.execute(() -> {
                        try {
                            lost(oe, version, failure);
                        } finally {
                            settled();
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    settled();
                    log.error("the step of {} after version {} was not stored", oe.arn(), version, failure);
                }
            }
        });
    }

    /**
     * A step appended without waiting was refused: memory is ahead of the store. The execution
     * leaves memory as a fenced one does (its later steps were refused too, or will be: their version
     * check fails); on one node alone it is loaded again from its last durable step, as after a
     * restart, and carries on from there (its tasks offered again).
     */
    private void lost(OpenExecution oe, long version, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        oe.lock.lock();
        try {
            // a later step of it may have been refused first (its version check), fencing it already
            if (!oe.gone) {
                log.error("the step of {} after version {} was not stored: it leaves memory", oe.arn(), version,
                        cause);
                release(oe);
            }
        } finally {
            oe.lock.unlock();
        }
        if (!halted && !cluster.shared() && !(cause instanceof StoreConflictException)) {
            try {
                store.execution(oe.arn()).filter(r -> "RUNNING".equals(r.status())).ifPresent(r -> load(List.of(r)));
            } catch (RuntimeException e) {
                log.error("cannot load {} again; it resumes at the next start", oe.arn(), e);
            }
        }
    }

    /**
     * Makes a step durable. The version check refuses the step if another writer appended to the
     * execution since this runtime loaded it; the execution is then no longer this runtime's.
     */
    private void append(OpenExecution oe, Instant at, Interpreter.StepResult step) {
        store.append(oe.id, oe.version, stepRecord(oe, at, step));
        oe.version++;
    }

    private StepRecord stepRecord(OpenExecution oe, Instant at, Interpreter.StepResult step) {
        Execution ex = oe.execution;
        return StepRecord.of(at, step.events(), update(ex), snapshot(oe, at), projected(ex.info(), step));
    }

    /**
     * Where the execution stands, for whoever carries it on: recovery while it is open, a
     * redrive once it failed, timed out or was aborted. A succeeded execution needs none, nor a
     * closed EXPRESS one (they are not redriven).
     */
    private static Snapshot snapshot(OpenExecution oe, Instant at) {
        Execution ex = oe.execution;
        if (ex.status() == ExecutionStatus.SUCCEEDED || (!ex.isOpen() && "EXPRESS".equals(oe.type))) {
            return null;
        }
        long random = oe.random instanceof SeededRandom seeded ? seeded.state() : 0;
        return new Snapshot(ExecutionSnapshot.FORMAT, ExecutionSnapshot.write(ex), random, at);
    }

    private List<ResourceChange> projected(ExecutionInfo info, Interpreter.StepResult step) {
        if (projections.isEmpty()) {
            return List.of();
        }
        List<ResourceChange> changes = new ArrayList<>();
        for (Projection p : projections) {
            changes.addAll(p.changes(info, step));
        }
        return changes;
    }

    private static ExecutionUpdate update(Execution ex) {
        return new ExecutionUpdate(ex.status().name(), ex.stopDate(), outputText(ex), ex.error(), ex.cause(),
                ex.nextEventId(), ex.redriveCount(), ex.redriveDate());
    }

    private static String outputText(Execution ex) {
        return ex.status() == ExecutionStatus.SUCCEEDED ? Json.write(ex.output()) : null;
    }

    private void carryOut(OpenExecution oe, List<Command> commands) {
        String arn = oe.arn();
        for (Command command : commands) {
            switch (command) {
                case Command.ArmTimer arm -> arm(oe, arm.timerId(), arm.at());
                case Command.CancelTimer cancel -> {
                    Runnable canceller = oe.timers.remove(cancel.timerId());
                    if (canceller != null) {
                        canceller.run();
                    }
                }
                case Command.StartTask start -> tasks.dispatch(oe.origin, start, signal -> deliver(arn, signal));
                case Command.CancelTask cancel -> tasks.cancel(cancel.taskId());
                case Command.StartChildExecution child -> startChildLater(oe, child);
                case Command.StopChildExecution stop -> deliver(stop.executionArn(),
                        new Signal.Stop(stop.error(), stop.cause()));
            }
        }
    }

    private void arm(OpenExecution oe, long timerId, Instant at) {
        String arn = oe.arn();
        oe.timers.put(timerId, timers.schedule(at, () -> deliver(arn, new Signal.TimerFired(timerId), at, false, false)));
    }

    private void startChildLater(OpenExecution parent, Command.StartChildExecution child) {
        busy.incrementAndGet();
        workers.execute(() -> {
            try {
                startChild(parent, child);
            } finally {
                settled();
            }
        });
    }

    /**
     * Starts a child execution asked for by {@code parent} (it runs the parent's mock test case,
     * if any). Starting it again (after a restart) finds the first: its ARN is fixed by the parent.
     * A child that is already over is reported.
     */
    private void startChild(OpenExecution parent, Command.StartChildExecution child) {
        ExecutionInfo p = parent.info;
        try {
            ParsedDefinition parsed = DefinitionParser.parseAccepted(child.definition(),
                    "EXPRESS".equals(child.type()) ? DefinitionParser.MachineType.EXPRESS
                            : DefinitionParser.MachineType.STANDARD);
            start(new StartRequest(child.executionArn(), child.name(), p.stateMachineArn(), p.stateMachineName(),
                    child.type(), parsed.machine(), child.definition(), p.roleArn(), child.input(),
                    Json.write(child.input()), null, null, child.mapRunArn(), p.executionArn()),
                    parent.origin.mockTestCase());
        } catch (StoreConflictException e) {
            store.execution(child.executionArn()).filter(r -> !"RUNNING".equals(r.status()))
                    .ifPresent(r -> deliver(p.executionArn(), finished(r)));
        } catch (RuntimeException e) {
            log.error("cannot start child execution {}", child.executionArn(), e);
        }
    }

    /** Tells a parent execution that its child has ended. */
    private void notifyParent(String parentArn, Execution child) {
        if (parentArn != null) {
            deliver(parentArn, new Signal.ChildFinished(child.info().executionArn(), child.status().name(),
                    child.status() == ExecutionStatus.SUCCEEDED ? child.output() : null, child.error(), child.cause()));
        }
    }

    private static Signal.ChildFinished finished(ExecutionRecord r) {
        JsonNode output = null;
        if (r.output() != null) {
            try {
                output = Json.parse(r.output());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored output is not JSON", e);
            }
        }
        return new Signal.ChildFinished(r.arn(), r.status(), output, r.error(), r.cause());
    }

    // ---- leaving memory

    /**
     * Unloads the open executions that have not stepped for {@code idle} (on the runtime's clock)
     * and wait for nothing in flight: their snapshot in the store is where they stand, and their
     * next signal loads them again. Their timers stay armed. Returns how many it unloaded. An
     * execution whose randomness cannot resume where it stopped (runs in process given another
     * source) stays.
     */
    public int unloadIdle(Duration idle) {
        Instant cutoff = clock.instant().minus(idle);
        int unloaded = 0;
        for (OpenExecution oe : open.values()) {
            if (!oe.lock.tryLock()) {
                continue;
            }
            try {
                if (oe.execution != null && oe.random instanceof SeededRandom && oe.mailbox.isEmpty()
                        && !oe.clock.instant().isAfter(cutoff)) {
                    oe.unload();
                    unloaded++;
                }
            } finally {
                oe.lock.unlock();
            }
        }
        return unloaded;
    }

    /** How many open executions are in memory (the rest are unloaded). */
    public int loadedCount() {
        return (int) open.values().stream().filter(oe -> oe.execution != null).count();
    }

    /** The execution in memory, loaded from its snapshot when it was unloaded. Under the execution's lock. */
    private Execution loaded(OpenExecution oe) {
        if (oe.execution != null) {
            return oe.execution;
        }
        ExecutionRecord record = store.execution(oe.arn()).orElseThrow(
                () -> new IllegalStateException("the unloaded execution " + oe.arn() + " is no longer stored"));
        if (record.version() != oe.version) {
            throw new StoreConflictException("the unloaded execution " + oe.arn() + " was changed by another writer");
        }
        Snapshot snapshot = store.snapshot(record.id()).orElseThrow(
                () -> new IllegalStateException("the unloaded execution " + oe.arn() + " kept no snapshot"));
        oe.load(ExecutionSnapshot.read(info(record), machine(record), snapshot.state(), tokensOf(record)),
                new SeededRandom(snapshot.randomState()));
        return oe.execution;
    }

    // ---- recovery

    /**
     * A task handed to a worker this shortly before the last commit before a crash is offered
     * again on recovery: the worker may never have received it (the server can die between
     * recording ActivityStarted and sending the response). Its token stays valid, and a second
     * start is not recorded, so the history is the same; the price is that a worker may, rarely,
     * get a task twice after a crash.
     */
    private static final Duration REOFFER_WINDOW = Duration.ofSeconds(2);

    /** An execution loaded from the store, and when its last step ran. */
    private record Restored(OpenExecution open, Instant lastStep) {}

    /**
     * Loads every open execution this node runs (on a store of one node: every open execution)
     * from its snapshot and resumes it: timers fire at their original times (at once when
     * overdue), tasks that no worker had taken are offered again, children the crash kept from
     * starting are started. Executions already in memory stay as they are.
     */
    public int recover() {
        return load(cluster.shared() ? store.openExecutionsOwnedBy(node) : store.openExecutions());
    }

    /** What the cluster asks of this runtime (see {@link Cluster#join}). */
    public Cluster.Member member() {
        return new Cluster.Member() {
            @Override
            public CompletableFuture<Cluster.Outcome> deliverForwarded(long inboxId, String executionArn,
                                                                      Signal signal) {
                OpenExecution oe = halted ? null : open.get(executionArn);
                if (oe == null) {
                    return CompletableFuture.completedFuture(Cluster.Outcome.NOT_HERE);
                }
                return enqueue(oe, signal, Instant.MIN, inboxId, false, false);
            }

            @Override
            public int adopt(List<ExecutionRecord> claimed) {
                return load(claimed);
            }

            @Override
            public int abandonAll() {
                return ExecutionRuntime.this.abandonAll();
            }

            @Override
            public int recoverOwned() {
                return recover();
            }
        };
    }

    /**
     * Drops every open execution from memory without carrying anything out: this node can no
     * longer tell that its lease holds, so another node may take them over at any moment. They
     * are loaded again (those still this node's) once the lease is renewed.
     */
    private int abandonAll() {
        int dropped = 0;
        for (OpenExecution oe : open.values()) {
            oe.lock.lock();
            try {
                if (!oe.gone) {
                    release(oe);
                    dropped++;
                }
            } finally {
                oe.lock.unlock();
            }
        }
        if (dropped > 0) {
            log.warn("this node's lease lapsed: {} executions left memory until it is renewed", dropped);
        }
        return dropped;
    }

    /**
     * Stops at once, as kill -9 would: no step runs any more, no timer fires, nothing is handed
     * over or written (tests of takeover; the store stays as the last commit left it).
     */
    public void halt() {
        halted = true;
        timers.close();
        workers.shutdownNow();
    }

    /** Loads the executions from their snapshots and resumes them (see {@link #recover}). */
    private int load(List<ExecutionRecord> records) {
        List<Restored> restored = new ArrayList<>();
        Instant lastCommit = Instant.EPOCH;
        for (ExecutionRecord record : records) {
            if (open.containsKey(record.arn())) {
                continue;
            }
            try {
                Restored r = restore(record);
                if (r == null) {
                    log.error("cannot recover {}: it kept no snapshot", record.arn());
                    continue;
                }
                restored.add(r);
                if (r.lastStep().isAfter(lastCommit)) {
                    lastCommit = r.lastStep();
                }
            } catch (RuntimeException e) {
                log.error("cannot recover {}", record.arn(), e);
            }
        }
        Instant reofferAfter = lastCommit.minus(REOFFER_WINDOW);
        // every loaded execution is reachable before any resumes: a child that ends at once must find its parent
        for (Restored r : restored) {
            open.put(r.open().arn(), r.open());
        }
        for (Restored r : restored) {
            resume(r.open(), reofferAfter);
        }
        return restored.size();
    }

    /**
     * The execution as its snapshot left it; one stored before snapshots is converted from its
     * step log once (and its snapshot written). Null when there is nothing to load it from.
     */
    private Restored restore(ExecutionRecord record) {
        StateMachine machine = machine(record);
        ExecutionInfo info = info(record);
        Snapshot snapshot = store.snapshot(record.id()).orElse(null);
        if (snapshot == null) {
            return StepLogConversion.applies(store, record) ? convert(record, info, machine) : null;
        }
        if (snapshot.format() != ExecutionSnapshot.FORMAT) {
            throw new IllegalStateException("snapshot format " + snapshot.format() + " is not one this build reads ("
                    + ExecutionSnapshot.FORMAT + ")");
        }
        Execution execution = ExecutionSnapshot.read(info, machine, snapshot.state(), tokensOf(record));
        SteppingClock stepClock = new SteppingClock();
        stepClock.set(snapshot.at());
        OpenExecution oe = new OpenExecution(record.id(), execution, record.type(), stepClock,
                new SeededRandom(snapshot.randomState()), waitScale, tasks::scheduleFailure, record.parentArn(),
                mockTestCase(record), record.version());
        return new Restored(oe, snapshot.at());
    }

    /** The machine the execution runs: its stored definition, parsed. */
    private static StateMachine machine(ExecutionRecord record) {
        ParsedDefinition parsed = DefinitionParser.parseAccepted(record.definition(), "EXPRESS".equals(record.type())
                ? DefinitionParser.MachineType.EXPRESS : DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalStateException("stored definition no longer parses: " + parsed.errors());
        }
        return parsed.machine();
    }

    /** Executions stored before tokens were signed keep handing out unsigned ones. */
    private TaskTokens tokensOf(ExecutionRecord record) {
        return record.tokenFormat() == ExecutionRecord.UNSIGNED_TOKENS ? TaskTokens.UNSIGNED : tokens;
    }

    /** Converts an execution stored before snapshots and writes its first snapshot. */
    private Restored convert(ExecutionRecord record, ExecutionInfo info, StateMachine machine) {
        StepLogConversion.Converted c = StepLogConversion.convert(store, record, info, machine, waitScale,
                tokensOf(record));
        SteppingClock stepClock = new SteppingClock();
        stepClock.set(c.lastStep());
        OpenExecution oe = new OpenExecution(record.id(), c.execution(), record.type(), stepClock,
                new SeededRandom(record.identity().seed()), waitScale, tasks::scheduleFailure, record.parentArn(),
                mockTestCase(record), record.version());
        append(oe, c.lastStep(), Interpreter.StepResult.NONE);
        log.info("converted {} from its step log ({} events stored, {} replayed)", record.arn(),
                record.nextEventId() - 1, c.replayedEvents());
        return new Restored(oe, c.lastStep());
    }

    /** The mock test case the execution runs: its own, or (a child stored before children kept it) its parent's. */
    private String mockTestCase(ExecutionRecord record) {
        if (record.mockTestCase() == null && record.parentArn() != null) {
            return store.execution(record.parentArn()).map(ExecutionRecord::mockTestCase).orElse(null);
        }
        return record.mockTestCase();
    }

    private static ExecutionInfo info(ExecutionRecord record) {
        JsonNode input;
        try {
            input = Json.parse(record.input());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored input no longer parses", e);
        }
        String machineArn = record.stateMachineArn();
        return new ExecutionInfo(record.arn(), record.name(), machineArn,
                machineArn.substring(machineArn.lastIndexOf(':') + 1), record.roleArn(), record.start(),
                Payload.of(input, record.input()), record.aliasArn(), record.versionArn(), record.redriveCount());
    }

    private void resume(OpenExecution oe, Instant reofferAfter) {
        oe.lock.lock();
        try {
            Execution ex = oe.execution;
            if (ex == null) {
                // dropped since it was loaded (the lease lapsed meanwhile): loaded again once it is renewed
                return;
            }
            String arn = ex.info().executionArn();
            for (Command.ArmTimer t : ex.liveTimers()) {
                arm(oe, t.timerId(), t.at());
            }
            for (Execution.LiveTask t : ex.liveTasks()) {
                tasks.recover(oe.origin, new TaskDispatcher.Recovered(t.command(), t.started(),
                        t.started() && !t.startedAt().isAfter(reofferAfter), t.submitted()),
                        signal -> deliver(arn, signal));
            }
            // children the crash kept from starting are started; those that ended unheard are reported
            for (Command.StartChildExecution child : ex.pendingChildren()) {
                ExecutionRecord c = store.execution(child.executionArn()).orElse(null);
                if (c == null) {
                    startChildLater(oe, child);
                } else if (!"RUNNING".equals(c.status())) {
                    deliver(arn, finished(c));
                }
            }
        } finally {
            oe.lock.unlock();
        }
    }

    @Override
    public void close() {
        timers.close();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
