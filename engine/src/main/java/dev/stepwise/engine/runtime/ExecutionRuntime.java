package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions durably. Each open execution is held in memory and stepped by one thread at a
 * time; every step (its signal, its time and its events) is committed to the store before the
 * step's commands are carried out and before the caller that caused it hears back. After a
 * restart, {@link #recover} replays each open execution's step log to rebuild it exactly, re-arms
 * its timers at their original times and offers again the tasks no worker had taken.
 */
public final class ExecutionRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutionRuntime.class);

    private final ExecutionLog store;
    private final List<Projection> projections;
    /** This node's name, recorded as the owner of the executions it runs. */
    private final String node;
    private final Clock clock;
    private final WaitScale waitScale;
    private final TaskDispatcher tasks;
    /** Seeds of executions' random sources; they need to differ, not to be secret. */
    private final java.util.random.RandomGenerator seeds = java.util.random.RandomGenerator.getDefault();
    private final Map<String, OpenExecution> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stepwise-timers").factory());
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public ExecutionRuntime(ExecutionLog store, Clock clock, WaitScale waitScale, TaskDispatcher tasks) {
        this(store, List.of(), "local", clock, waitScale, tasks);
    }

    /** A runtime whose steps also write the faces' read models ({@code projections}). */
    public ExecutionRuntime(ExecutionLog store, List<Projection> projections, String node, Clock clock,
                            WaitScale waitScale, TaskDispatcher tasks) {
        this.store = store;
        this.projections = List.copyOf(projections);
        this.node = node;
        this.clock = clock;
        this.waitScale = waitScale;
        this.tasks = tasks;
    }

    /** EXPRESS executions end after five minutes, whatever their definition says. */
    public static final int EXPRESS_TIMEOUT_SECONDS = 300;

    /** What StartExecution (or a parent execution) asks for. */
    public record StartRequest(String executionArn, String name, String stateMachineArn, String stateMachineName,
                               String type, StateMachine machine, String definition, String roleArn, JsonNode input,
                               String inputText, String versionArn, String aliasArn, String mapRunArn,
                               String parentArn) {}

    private static void capByType(Execution execution, String type) {
        if ("EXPRESS".equals(type)) {
            execution.capTimeout(EXPRESS_TIMEOUT_SECONDS);
        }
    }

    /** One open execution and what belongs to it while it runs. Guarded by {@code lock}. */
    private static final class OpenExecution {
        final long id;
        final Execution execution;
        final SteppingClock clock;
        final Interpreter interpreter;
        final ReentrantLock lock = new ReentrantLock(true);
        final Map<Long, ScheduledFuture<?>> timers = new HashMap<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        /** The execution that started this one (a distributed Map run's parent), or null. */
        final String parentArn;
        long nextSeq;
        /** The stored row's version: each append names it, and it is one more after. */
        long version;

        OpenExecution(long id, Execution execution, SteppingClock clock, Interpreter interpreter, String parentArn) {
            this.id = id;
            this.execution = execution;
            this.clock = clock;
            this.interpreter = interpreter;
            this.parentArn = parentArn;
        }
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
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long seed;
        synchronized (seeds) {
            seed = seeds.nextLong();
        }
        SteppingClock stepClock = new SteppingClock();
        stepClock.set(now);
        ExecutionInfo info = new ExecutionInfo(r.executionArn(), r.name(), r.stateMachineArn(), r.stateMachineName(),
                r.roleArn(), now, Payload.of(r.input(), r.inputText()), r.aliasArn(), r.versionArn(), 0);
        Execution execution = new Execution(info, r.machine());
        capByType(execution, r.type());
        Interpreter interpreter = new Interpreter(stepClock, RandomSource.seeded(seed), waitScale);
        Interpreter.StepResult step = interpreter.start(execution);
        ExecutionIdentity identity = new ExecutionIdentity(r.executionArn(), r.stateMachineArn(), r.name(), r.type(),
                now, r.inputText(), r.definition(), r.roleArn(), seed, r.versionArn(), r.aliasArn(), r.mapRunArn(),
                r.parentArn(), mockTestCase);
        ExecutionRecord stored = store.create(identity, node, StepRecord.of(0, now, SignalCodec.START, step.events(),
                update(execution), projected(info, step)));
        execution.discardHistory();
        if (execution.isOpen()) {
            OpenExecution oe = new OpenExecution(stored.id(), execution, stepClock, interpreter, r.parentArn());
            oe.nextSeq = 1;
            oe.version = stored.version();
            oe.lock.lock();
            try {
                open.put(r.executionArn(), oe);
                carryOut(oe, step.commands());
            } finally {
                oe.lock.unlock();
            }
        } else {
            notifyParent(r.parentArn(), execution);
        }
        return stored;
    }

    /**
     * Delivers a signal to an open execution. The future completes once the step it causes is
     * durable, with true when the execution was waiting for the signal (a task it runs, a timer it
     * armed) and false when it ignored it (not open here, or no longer waiting for it).
     */
    public CompletableFuture<Boolean> deliver(String executionArn, Signal signal) {
        return deliver(executionArn, signal, Instant.MIN);
    }

    /** As {@link #deliver(String, Signal)}, with the step's time no earlier than {@code notBefore}. */
    private CompletableFuture<Boolean> deliver(String executionArn, Signal signal, Instant notBefore) {
        OpenExecution oe = open.get(executionArn);
        if (oe == null) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> step(oe, signal, notBefore), workers);
    }

    /**
     * Redrives a closed execution: rebuilds it from its step log, applies the redrive and holds it
     * open again. Returns false when the execution cannot be redriven (it succeeded, or is open).
     */
    public boolean redrive(ExecutionRecord record) {
        if (open.containsKey(record.arn())) {
            return false;
        }
        Replayed r = replay(record);
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
            append(oe, oe.clock.instant(), new Signal.Redrive(), step);
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

    /** Completes once the execution has closed (at once when it is not open here). */
    public CompletableFuture<Void> closed(String executionArn) {
        OpenExecution oe = open.get(executionArn);
        return oe == null ? CompletableFuture.completedFuture(null) : oe.closed;
    }

    /** Whether the execution is open in this runtime. */
    public boolean isOpen(String executionArn) {
        return open.containsKey(executionArn);
    }

    public int openCount() {
        return open.size();
    }

    private boolean step(OpenExecution oe, Signal signal, Instant notBefore) {
        oe.lock.lock();
        try {
            Execution ex = oe.execution;
            if (!ex.isOpen()) {
                return false;
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
            if (step.events().isEmpty() && step.commands().isEmpty()) {
                // nothing changed that a replay would need: nothing to persist
                ex.discardHistory();
                return step.accepted();
            }
            append(oe, now, signal, step);
            ex.discardHistory();
            carryOut(oe, step.commands());
            if (!ex.isOpen()) {
                open.remove(ex.info().executionArn());
                oe.timers.values().forEach(f -> f.cancel(false));
                oe.closed.complete(null);
                notifyParent(oe.parentArn, ex);
            }
            return step.accepted();
        } catch (RuntimeException e) {
            log.error("step of {} failed", oe.execution.info().executionArn(), e);
            throw e;
        } finally {
            oe.lock.unlock();
        }
    }

    private void carryOut(OpenExecution oe, List<Command> commands) {
        String arn = oe.execution.info().executionArn();
        for (Command command : commands) {
            switch (command) {
                case Command.ArmTimer arm -> arm(oe, arm.timerId(), arm.at());
                case Command.CancelTimer cancel -> {
                    ScheduledFuture<?> f = oe.timers.remove(cancel.timerId());
                    if (f != null) {
                        f.cancel(false);
                    }
                }
                case Command.StartTask start -> tasks.dispatch(arn, start);
                case Command.CancelTask cancel -> tasks.cancel(cancel.taskId());
                case Command.StartChildExecution child -> workers.submit(() -> startChild(oe, child));
                case Command.StopChildExecution stop -> deliver(stop.executionArn(),
                        new Signal.Stop(stop.error(), stop.cause()));
                case Command.MapRunChanged ignored -> { } // kept by the store with the step
            }
        }
    }

    /**
     * Starts a child execution asked for by {@code parent}. Starting it again (after a restart)
     * finds the first: its ARN is fixed by the parent. A child that is already over is reported.
     */
    private void startChild(OpenExecution parent, Command.StartChildExecution child) {
        ExecutionInfo p = parent.execution.info();
        try {
            ParsedDefinition parsed = DefinitionParser.parse(child.definition(),
                    "EXPRESS".equals(child.type()) ? DefinitionParser.MachineType.EXPRESS
                            : DefinitionParser.MachineType.STANDARD);
            start(new StartRequest(child.executionArn(), child.name(), p.stateMachineArn(), p.stateMachineName(),
                    child.type(), parsed.machine(), child.definition(), p.roleArn(), child.input(),
                    Json.write(child.input()), null, null, child.mapRunArn(), p.executionArn()));
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

    private void arm(OpenExecution oe, long timerId, Instant at) {
        String arn = oe.execution.info().executionArn();
        long delayMs = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        oe.timers.put(timerId, timers.schedule(() -> {
            deliver(arn, new Signal.TimerFired(timerId), at);
        }, delayMs, TimeUnit.MILLISECONDS));
    }

    /**
     * Makes a step durable. The version check refuses the step if another writer appended to the
     * execution since this runtime loaded it; the execution is then no longer this runtime's.
     */
    private void append(OpenExecution oe, Instant at, Signal signal, Interpreter.StepResult step) {
        store.append(oe.id, oe.version, StepRecord.of(oe.nextSeq++, at, SignalCodec.encode(signal), step.events(),
                update(oe.execution), projected(oe.execution.info(), step)));
        oe.version++;
    }

    private List<ResourceChange> projected(ExecutionInfo info, Interpreter.StepResult step) {
        if (projections.isEmpty()) {
            return List.of();
        }
        List<ResourceChange> changes = new java.util.ArrayList<>();
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

    /**
     * A task handed to a worker this shortly before the last commit before a crash is offered
     * again on recovery: the worker may never have received it (the server can die between
     * recording ActivityStarted and sending the response). Its token stays valid, and a second
     * start is not recorded, so the history is the same; the price is that a worker may, rarely,
     * get a task twice after a crash.
     */
    private static final Duration REOFFER_WINDOW = Duration.ofSeconds(2);

    /** An execution rebuilt from its step log, with the timers and tasks it was waiting for. */
    private record Replayed(OpenExecution open, Map<Long, Instant> timers, Map<String, Command.StartTask> tasks,
                            Map<String, Instant> takenAt, Map<String, JsonNode> submitted,
                            Map<String, Command.StartChildExecution> children, Instant lastStep) {}

    /**
     * Rebuilds every open execution from its step log and resumes it: timers fire at their original
     * times (at once when overdue) and tasks that no worker had taken are offered again.
     */
    public int recover() {
        List<Replayed> replayed = new java.util.ArrayList<>();
        Instant lastCommit = Instant.EPOCH;
        for (ExecutionRecord record : store.openExecutions()) {
            try {
                Replayed r = replay(record);
                replayed.add(r);
                if (r.lastStep().isAfter(lastCommit)) {
                    lastCommit = r.lastStep();
                }
            } catch (RuntimeException e) {
                log.error("cannot recover {}", record.arn(), e);
            }
        }
        Instant reofferAfter = lastCommit.minus(REOFFER_WINDOW);
        // every rebuilt execution is reachable before any resumes: a child that ends at once must find its parent
        for (Replayed r : replayed) {
            open.put(r.open().execution.info().executionArn(), r.open());
        }
        for (Replayed r : replayed) {
            resume(r, reofferAfter);
        }
        return replayed.size();
    }

    private Replayed replay(ExecutionRecord record) {
        ParsedDefinition parsed = DefinitionParser.parse(record.definition(),
                "EXPRESS".equals(record.type()) ? DefinitionParser.MachineType.EXPRESS : DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalStateException("stored definition no longer parses: " + parsed.errors());
        }
        JsonNode input;
        try {
            input = Json.parse(record.input());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored input no longer parses", e);
        }
        SteppingClock stepClock = new SteppingClock();
        ExecutionInfo info = new ExecutionInfo(record.arn(), record.name(), record.stateMachineArn(),
                stateMachineName(record.stateMachineArn()), record.roleArn(), record.start(),
                Payload.of(input, record.input()), record.aliasArn(), record.versionArn(), 0);
        // redrives are replayed from the step log like every other signal, so the count starts at 0
        Execution execution = new Execution(info, parsed.machine());
        capByType(execution, record.type());
        Interpreter interpreter = new Interpreter(stepClock, RandomSource.seeded(record.identity().seed()), waitScale);
        Map<Long, Instant> liveTimers = new LinkedHashMap<>();
        Map<String, Command.StartTask> liveTasks = new LinkedHashMap<>();
        Map<String, Instant> takenAt = new HashMap<>();
        Map<String, JsonNode> submitted = new HashMap<>();
        Map<String, Command.StartChildExecution> children = new LinkedHashMap<>();
        long seq = 0;
        Instant last = record.start();
        for (StepRecord step : store.steps(record.id())) {
            stepClock.set(step.at());
            last = step.at();
            Signal signal = SignalCodec.decode(step.signal());
            Interpreter.StepResult result = signal == null ? interpreter.start(execution)
                    : interpreter.signal(execution, signal);
            execution.discardHistory();
            switch (signal) {
                case Signal.TimerFired t -> liveTimers.remove(t.timerId());
                case Signal.TaskStarted t -> takenAt.putIfAbsent(t.taskId(), step.at());
                case Signal.TaskSubmitted t -> submitted.putIfAbsent(t.taskId(), t.output());
                case Signal.TaskSucceeded t -> liveTasks.remove(t.taskId());
                case Signal.TaskFailed t -> liveTasks.remove(t.taskId());
                case Signal.ChildFinished c -> children.remove(c.executionArn());
                case null, default -> { }
            }
            for (Command c : result.commands()) {
                switch (c) {
                    case Command.ArmTimer a -> liveTimers.put(a.timerId(), a.at());
                    case Command.CancelTimer a -> liveTimers.remove(a.timerId());
                    case Command.StartTask a -> liveTasks.put(a.taskId(), a);
                    case Command.CancelTask a -> liveTasks.remove(a.taskId());
                    case Command.StartChildExecution a -> children.put(a.executionArn(), a);
                    case Command.StopChildExecution a -> children.remove(a.executionArn());
                    case Command.MapRunChanged a -> { }
                }
            }
            seq = step.seq() + 1;
        }
        if (execution.nextEventId() != record.nextEventId()) {
            throw new IllegalStateException("replay produced " + (execution.nextEventId() - 1) + " events, the store has "
                    + (record.nextEventId() - 1));
        }
        OpenExecution oe = new OpenExecution(record.id(), execution, stepClock, interpreter, record.parentArn());
        oe.nextSeq = seq;
        oe.version = record.version();
        return new Replayed(oe, liveTimers, liveTasks, takenAt, submitted, children, last);
    }

    private void resume(Replayed r, Instant reofferAfter) {
        OpenExecution oe = r.open();
        String arn = oe.execution.info().executionArn();
        oe.lock.lock();
        try {
            r.timers().forEach((id, at) -> arm(oe, id, at));
            r.tasks().forEach((taskId, task) -> {
                Instant taken = r.takenAt().get(taskId);
                tasks.recover(arn, new TaskDispatcher.Recovered(task, taken != null,
                        taken != null && !taken.isAfter(reofferAfter), r.submitted().get(taskId)));
            });
            // children the crash kept from starting are started; those that ended unheard are reported
            r.children().forEach((childArn, child) -> {
                ExecutionRecord c = store.execution(childArn).orElse(null);
                if (c == null) {
                    workers.submit(() -> startChild(oe, child));
                } else if (!"RUNNING".equals(c.status())) {
                    deliver(arn, finished(c));
                }
            });
        } finally {
            oe.lock.unlock();
        }
    }

    private static String stateMachineName(String stateMachineArn) {
        String tail = stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
        return tail;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
