package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.engine.history.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution in memory: its identity, its definition, its history so far and the frames that
 * are running. Changed only by the {@link Interpreter}, one step at a time; a step's new events
 * and commands are collected here until the caller takes them.
 */
public final class Execution {
    final ExecutionInfo info;
    final StateMachine machine;
    final List<HistoryEvent> history = new ArrayList<>();
    /*
     * Insertion-ordered: closing an execution cancels its timers and tasks in map order, and an
     * execution read from a snapshot must give those commands in the order the original would.
     */
    final Map<Long, Timer> timers = new LinkedHashMap<>();
    final Map<String, Frame> tasks = new LinkedHashMap<>();
    /** The distributed Map frames waiting for child executions, by child execution ARN. */
    final Map<String, Frame> children = new LinkedHashMap<>();
    /** The frames of running Map runs, by Map run ARN. */
    final Map<String, Frame> mapRuns = new LinkedHashMap<>();
    long nextEventId = 1;
    long nextTimerId = 1;
    long nextTaskId = 1;
    /** Tasks started per state and line of control: the invocation numbers mocks use ({@link Invocations}). */
    final Map<String, Integer> invocations = new HashMap<>();
    Frame root;

    ExecutionStatus status = ExecutionStatus.RUNNING;
    JsonNode output;
    String error;
    String cause;
    Instant stopDate;
    int redriveCount;
    Instant redriveDate;

    int stepStart;
    /** The longest an execution of its type may run (EXPRESS: five minutes), or null. */
    Integer timeoutCap;
    final List<Command> commands = new ArrayList<>();
    /** The Map runs the step in progress started, changed or ended (see {@link MapRunState}). */
    final List<MapRunState> mapRunChanges = new ArrayList<>();
    /**
     * Set only when a state runs under TestState: the context object its states see, used in
     * place of the one built from this execution (null otherwise).
     */
    JsonNode fixedContext;
    /** Set only when a state runs under TestState: where its data flow records its stages (null otherwise). */
    DataFlowTrace trace;
    /** How its task tokens are written ({@code $$.Task.Token}, the tokens workers answer with). */
    TaskTokens tokens = TaskTokens.EPHEMERAL;

    public Execution(ExecutionInfo info, StateMachine machine) {
        this.info = info;
        this.machine = machine;
        this.redriveCount = info.redriveCount();
    }

    /**
     * Signs the execution's task tokens with {@code tokens} (the store's key; unsigned for
     * executions stored before tokens were signed). Set before the execution starts or resumes.
     */
    public void useTaskTokens(TaskTokens tokens) {
        this.tokens = tokens;
    }

    /** How many times the execution was redriven. */
    public int redriveCount() {
        return redriveCount;
    }

    /** When the execution was last redriven, or null. */
    public Instant redriveDate() {
        return redriveDate;
    }

    public ExecutionInfo info() {
        return info;
    }

    public StateMachine machine() {
        return machine;
    }

    /** The whole history so far, oldest first. Read-only for callers. */
    public List<HistoryEvent> history() {
        return java.util.Collections.unmodifiableList(history);
    }

    public ExecutionStatus status() {
        return status;
    }

    public boolean isOpen() {
        return status == ExecutionStatus.RUNNING;
    }

    public JsonNode output() {
        return output;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public Instant stopDate() {
        return stopDate;
    }

    /**
     * Caps the execution's run time below its definition's TimeoutSeconds (EXPRESS executions end
     * after five minutes). Call before the execution starts.
     */
    public void capTimeout(int seconds) {
        this.timeoutCap = seconds;
    }

    /** The id the next history event will get (the count of events so far, plus one). */
    public long nextEventId() {
        return nextEventId;
    }

    /**
     * Drops the events kept in memory: a runtime that persists each step's events calls this after
     * each step so that an open execution's heap does not grow with its history.
     */
    public void discardHistory() {
        history.clear();
        stepStart = 0;
    }

    // ---- what a restarted runtime carries out again (see ExecutionSnapshot)

    /** The timers armed and neither fired nor cancelled, in the order they were armed. */
    public List<Command.ArmTimer> liveTimers() {
        List<Command.ArmTimer> out = new ArrayList<>(timers.size());
        for (Timer t : timers.values()) {
            out.add(new Command.ArmTimer(t.id(), t.at()));
        }
        return out;
    }

    /**
     * A task the execution waits on: the command that dispatched it, when its TaskStarted was
     * accepted (null: no worker or integration took it yet) and its TaskSubmitted output (null:
     * none recorded).
     */
    public record LiveTask(Command.StartTask command, Instant startedAt, JsonNode submitted) {
        public boolean started() {
            return startedAt != null;
        }
    }

    /** The tasks the execution waits on, in the order they were dispatched. */
    public List<LiveTask> liveTasks() {
        List<LiveTask> out = new ArrayList<>(tasks.size());
        for (Frame f : tasks.values()) {
            out.add(new LiveTask(f.dispatched, f.taskStartedAt, f.submittedOutput));
        }
        return out;
    }

    /**
     * The child executions of distributed Map runs the execution waits on, with the commands that
     * started them. Their inputs are computed again from the items; an ItemSelector that draws
     * random values (States.UUID, $random) draws new ones, which is harmless: a child is found by
     * its ARN, so one that was started keeps its input, and one that was not never had one.
     */
    public List<Command.StartChildExecution> pendingChildren() {
        RandomSource fresh = RandomSource.system();
        List<Command.StartChildExecution> out = new ArrayList<>(children.size());
        for (Map.Entry<String, Frame> e : children.entrySet()) {
            Frame f = e.getValue();
            Frame.Children group = f.children;
            Integer i = group == null ? null : group.childIndex.get(e.getKey());
            // a closing run ignores its children's ends (ChildFrames.stop leaves them listed)
            if (i == null || group.closing || f.done) {
                continue;
            }
            out.add(MapHandler.startChild(f, group, e.getKey(), MapHandler.itemInput(f, group, i, fresh)));
        }
        return out;
    }

    /**
     * Gives the execution's events other ids: each event id it holds (the frames' latest events,
     * their states' Entered events) becomes {@code renumber}'s answer, and the next event gets
     * {@code nextEventId}. For converting an execution stored before snapshots, whose replayed
     * events are mapped onto the stored ones (see the runtime's step-log conversion).
     */
    public void renumberEvents(java.util.function.LongUnaryOperator renumber, long nextEventId) {
        renumber(root, renumber);
        this.nextEventId = nextEventId;
    }

    private static void renumber(Frame f, java.util.function.LongUnaryOperator renumber) {
        if (f == null) {
            return;
        }
        f.lastEventId = renumber.applyAsLong(f.lastEventId);
        f.enteredEventId = renumber.applyAsLong(f.enteredEventId);
        f.enteredPreviousId = renumber.applyAsLong(f.enteredPreviousId);
        if (f.children != null) {
            f.children.lastChildEventId = renumber.applyAsLong(f.children.lastChildEventId);
            f.children.firstFailureEventId = renumber.applyAsLong(f.children.firstFailureEventId);
            for (Frame child : f.children.frames) {
                renumber(child, renumber);
            }
        }
    }

    /** What a timer is for. */
    enum TimerPurpose { WAIT, RETRY, TASK_TIMEOUT, HEARTBEAT_TIMEOUT, EXECUTION_TIMEOUT }

    record Timer(long id, TimerPurpose purpose, Frame frame, Instant at) {}
}
