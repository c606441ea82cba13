package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvaluationException;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateType;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.Payload;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The interpreter: a step function over an execution. Each call takes an execution and a signal
 * (start, a timer, a task outcome, a stop), appends the history events the signal causes and
 * returns them with the commands the runtime must carry out. No I/O, no threads: time comes from
 * the injected clock and randomness from the injected source. Thread-safe; an execution must be
 * stepped by one thread at a time.
 */
public final class Interpreter {
    private final Clock clock;
    private final RandomSource random;
    private final ScheduleCheck scheduling;
    private final Map<StateType, StateHandler> handlers = new EnumMap<>(StateType.class);
    private final ErrorHandler errors = new ErrorHandler(this);

    public Interpreter(Clock clock, RandomSource random) {
        this(clock, random, WaitScale.REAL);
    }

    /** An interpreter whose Wait states and retry intervals are scaled by {@code waitScale}. */
    public Interpreter(Clock clock, RandomSource random, WaitScale waitScale) {
        this(clock, random, waitScale, ScheduleCheck.ANY);
    }

    /** As above, asking {@code scheduling} whether each activity task can be scheduled. */
    public Interpreter(Clock clock, RandomSource random, WaitScale waitScale, ScheduleCheck scheduling) {
        this.clock = clock;
        this.random = random;
        this.scheduling = scheduling;
        errors.scale(waitScale);
        handlers.put(StateType.Pass, new PassHandler(this));
        handlers.put(StateType.Succeed, new SucceedHandler(this));
        handlers.put(StateType.Fail, new FailHandler(this));
        handlers.put(StateType.Choice, new ChoiceHandler(this));
        handlers.put(StateType.Wait, new WaitHandler(this, waitScale));
        handlers.put(StateType.Task, new TaskHandler(this));
        handlers.put(StateType.Parallel, new ParallelHandler(this));
        handlers.put(StateType.Map, new MapHandler(this));
    }

    /**
     * The result of a step: the events it appended, what the runtime must do next, whether the
     * signal was for something the execution was waiting for (false: it was ignored), and the Map
     * runs it started, changed or ended (for the read models).
     */
    public record StepResult(List<HistoryEvent> events, List<Command> commands, boolean accepted,
                             List<MapRunState> mapRuns) {

        /** A step that changed nothing. */
        public static final StepResult NONE = new StepResult(List.of(), List.of(), true, List.of());
    }

    /** Starts a new execution: ExecutionStarted, then its states until they wait or it ends. */
    public StepResult start(Execution ex) {
        Step s = begin(ex);
        ExecutionInfo info = ex.info;
        s.append(EventType.ExecutionStarted, EventDetails.builder()
                .input(info.input())
                .roleArn(info.roleArn())
                .stateMachineAliasArn(info.stateMachineAliasArn())
                .stateMachineVersionArn(info.stateMachineVersionArn())
                .build(), 0);
        Frame root = new Frame(ex, ex.machine.block(), null, -1, new Variables(null), true, 0);
        ex.root = root;
        Integer timeout = ex.machine.timeoutSeconds();
        if (ex.timeoutCap != null && (timeout == null || timeout > ex.timeoutCap)) {
            timeout = ex.timeoutCap;
        }
        if (timeout != null) {
            s.armTimer(null, Execution.TimerPurpose.EXECUTION_TIMEOUT, info.startTime().plusSeconds(timeout));
        }
        s.later(() -> advance(s, root, enter(s, root, ex.machine.startAt(), info.input().node(), info.input())));
        return end(s);
    }

    /** Delivers a signal to an open execution; a signal for something no longer awaited is ignored. */
    public StepResult signal(Execution ex, Signal signal) {
        Step s = begin(ex);
        boolean accepted = false;
        if (signal instanceof Signal.Redrive) {
            accepted = !ex.isOpen() && ex.status != ExecutionStatus.SUCCEEDED && redrive(s);
        } else if (ex.isOpen()) {
            accepted = switch (signal) {
                case Signal.TimerFired t -> timerFired(s, t.timerId());
                case Signal.Stop stop -> {
                    stop(s, stop.error(), stop.cause());
                    yield true;
                }
                case Signal.TaskStarted t -> taskSignal(s, t.taskId(), t);
                case Signal.TaskSubmitted t -> taskSignal(s, t.taskId(), t);
                case Signal.TaskSucceeded t -> taskSignal(s, t.taskId(), t);
                case Signal.TaskFailed t -> taskSignal(s, t.taskId(), t);
                case Signal.TaskHeartbeat t -> taskSignal(s, t.taskId(), t);
                case Signal.ChildFinished c -> childFinished(s, c);
                case Signal.UpdateMapRun u -> mapRunUpdated(s, u);
                case Signal.Redrive r -> false;
            };
        }
        StepResult result = end(s);
        return new StepResult(result.events(), result.commands(), accepted, result.mapRuns());
    }

    private Step begin(Execution ex) {
        ex.stepStart = ex.history.size();
        ex.commands.clear();
        ex.mapRunChanges.clear();
        return new Step(ex, clock, random);
    }

    private StepResult end(Step s) {
        s.drain();
        Execution ex = s.execution;
        List<HistoryEvent> events = List.copyOf(ex.history.subList(ex.stepStart, ex.history.size()));
        List<Command> commands = List.copyOf(ex.commands);
        ex.commands.clear();
        List<MapRunState> mapRuns = ex.mapRunChanges.isEmpty() ? List.of() : List.copyOf(ex.mapRunChanges);
        ex.mapRunChanges.clear();
        return new StepResult(events, commands, true, mapRuns);
    }

    private boolean timerFired(Step s, long timerId) {
        Execution.Timer timer = s.execution.timers.remove(timerId);
        if (timer == null) {
            return false;
        }
        if (timer.purpose() == Execution.TimerPurpose.EXECUTION_TIMEOUT) {
            timeOut(s);
            return true;
        }
        Frame f = timer.frame();
        if (f.heartbeatTimerId == timerId) {
            f.heartbeatTimerId = -1;
        } else if (f.timerId == timerId) {
            f.timerId = -1;
        } else {
            return false;
        }
        s.later(() -> advance(s, f, guarded(s, f, () -> timer.purpose() == Execution.TimerPurpose.RETRY
                ? handler(f.state).start(s, f)
                : handler(f.state).timerFired(s, f, timer))));
        return true;
    }

    /**
     * Opens a failed, timed-out or aborted execution again: ExecutionRedriven, then the state the
     * execution stopped in runs again on the input it had. The execution time-out starts over.
     */
    private boolean redrive(Step s) {
        Execution ex = s.execution;
        Frame root = ex.root;
        if (root == null || root.state == null) {
            return false;
        }
        ex.redriveCount++;
        ex.redriveDate = s.now();
        ex.status = ExecutionStatus.RUNNING;
        ex.stopDate = null;
        ex.error = null;
        ex.cause = null;
        ex.output = null;
        long id = s.append(EventType.ExecutionRedriven, EventDetails.builder().redriveCount(ex.redriveCount).build(),
                ex.nextEventId - 1);
        root.done = false;
        root.failure = null;
        root.lastEventId = id;
        Integer timeout = ex.machine.timeoutSeconds();
        if (ex.timeoutCap != null && (timeout == null || timeout > ex.timeoutCap)) {
            timeout = ex.timeoutCap;
        }
        if (timeout != null) {
            s.armTimer(null, Execution.TimerPurpose.EXECUTION_TIMEOUT, s.now().plusSeconds(timeout));
        }
        String state = root.state.name();
        JsonNode input = root.stateInput;
        s.later(() -> advance(s, root, enter(s, root, state, input, null)));
        return true;
    }

    private boolean childFinished(Step s, Signal.ChildFinished finished) {
        Frame f = s.execution.children.remove(finished.executionArn());
        if (f == null) {
            return false;
        }
        s.later(() -> advance(s, f, guarded(s, f, () -> handler(f.state).childExecutionFinished(s, f, finished))));
        return true;
    }

    private boolean mapRunUpdated(Step s, Signal.UpdateMapRun update) {
        Frame f = s.execution.mapRuns.get(update.mapRunArn());
        if (f == null) {
            return false;
        }
        s.later(() -> advance(s, f, guarded(s, f, () -> handler(f.state).mapRunUpdated(s, f, update))));
        return true;
    }

    private boolean taskSignal(Step s, String taskId, Signal signal) {
        Frame f = s.execution.tasks.get(taskId);
        if (f == null) {
            return false;
        }
        s.later(() -> advance(s, f, guarded(s, f, () -> handler(f.state).task(s, f, signal))));
        return true;
    }

    // ---- the frame loop

    /** Moves a frame forward until it waits or ends. */
    void advance(Step s, Frame f, Outcome outcome) {
        Outcome o = outcome;
        while (s.execution.isOpen()) {
            switch (o) {
                case Outcome.Suspend ignored -> {
                    // a waiting state keeps its input's tree, not its text: the text served this step's events
                    f.stateInputPayload = null;
                    return;
                }
                case Outcome.Next next -> o = enter(s, f, next.state(), next.input(), next.payload());
                case Outcome.End end -> {
                    finishFrame(s, f, end.output(), end.payload());
                    return;
                }
                case Outcome.Failed failed -> o = errors.onFailure(s, f, failed);
                case Outcome.FrameFailed failed -> {
                    failFrame(s, f, failed.failure());
                    return;
                }
            }
        }
    }

    /** Enters a state: its Entered event, then its handler. */
    Outcome enter(Step s, Frame f, String name, JsonNode input, Payload payload) {
        if (s.execution.nextEventId + 2 > MAX_HISTORY_EVENTS) {
            historyFull(s);
            return Outcome.SUSPEND;
        }
        State state = entered(s, f, name, input, payload);
        return guarded(s, f, () -> handler(state).start(s, f));
    }

    /** Puts the frame in state {@code name} with {@code input} and records its Entered event. */
    State entered(Step s, Frame f, String name, JsonNode input, Payload payload) {
        State state = f.block.state(name);
        f.state = state;
        f.stateInput = input;
        f.stateInputPayload = payload != null ? payload : Payload.of(input);
        f.retryCounts = null;
        f.retryCount = 0;
        f.children = null;
        f.timerId = -1;
        f.heartbeatTimerId = -1;
        f.taskId = null;
        f.enteredPreviousId = f.lastEventId;
        f.enteredTime = s.now();
        f.enteredEventId = s.emit(f, StateEvents.entered(state.type()),
                EventDetails.stateEntered(name, f.stateInputPayload));
        return state;
    }

    /** Runs a piece of a state's work, turning an evaluation failure into the state's failure. */
    Outcome guarded(Step s, Frame f, Supplier<Outcome> work) {
        try {
            return work.get();
        } catch (EvaluationException e) {
            return evaluationFailed(s, f, e);
        }
    }

    /**
     * A field of the current state could not be evaluated. The cause names the state and its
     * Entered event as AWS words it; JSONata errors are also recorded as an EvaluationFailed event.
     */
    Outcome evaluationFailed(Step s, Frame f, EvaluationException e) {
        Failure raw = e.failure();
        Failure failure = Failure.of(raw.error(), "An error occurred while executing the state '" + f.state.name()
                + "' (entered at the event id #" + f.enteredEventId + "). " + raw.cause());
        if (StatesErrors.QUERY_EVALUATION_ERROR.equals(failure.error())) {
            // Pass and Map evaluate these fields as part of entering, so the event hangs off the
            // event before their Entered event; other states evaluate after it.
            StateType type = f.state.type();
            long previous = type == StateType.Pass || type == StateType.Map ? f.enteredPreviousId : f.lastEventId;
            long id = s.emit(f, EventType.EvaluationFailed, EventDetails.builder()
                    .error(failure.error()).cause(failure.cause())
                    .location(e.field()).state(f.state.name()).build(), previous);
            if (id > 0) {
                f.lastEventId = id;
            }
        }
        return new Outcome.Failed(failure, f.lastEventId);
    }

    private void finishFrame(Step s, Frame f, JsonNode output, Payload payload) {
        f.done = true;
        f.output = output;
        if (f.parent == null) {
            Execution ex = s.execution;
            s.emit(f, EventType.ExecutionSucceeded, EventDetails.output(payload != null ? payload : Payload.of(output)));
            ex.output = output;
            close(s, ExecutionStatus.SUCCEEDED);
            return;
        }
        notifyParent(s, f);
    }

    private void failFrame(Step s, Frame f, Failure failure) {
        f.done = true;
        f.failure = failure;
        if (f.parent == null) {
            Execution ex = s.execution;
            s.emit(f, EventType.ExecutionFailed, EventDetails.failure(failure.error(), failure.cause()));
            ex.error = failure.error();
            ex.cause = failure.cause();
            close(s, ExecutionStatus.FAILED);
            return;
        }
        notifyParent(s, f);
    }

    private void notifyParent(Step s, Frame child) {
        Frame p = child.parent;
        s.later(() -> advance(s, p, guarded(s, p, () -> handler(p.state).childFinished(s, p, child))));
    }

    /**
     * The machine's TimeoutSeconds ran out. Like ExecutionAborted, ExecutionTimedOut comes from
     * outside the states' chain of events: its previousEventId is 0 (AWS, as reported with its
     * verbatim history in floci-io/floci#2733: ExecutionStarted, WaitStateEntered, ExecutionTimedOut).
     */
    private void timeOut(Step s) {
        Execution ex = s.execution;
        abortFrames(s, ex.root);
        s.append(EventType.ExecutionTimedOut, EventDetails.failure(StatesErrors.TIMEOUT,
                "The execution timed out."), 0);
        close(s, ExecutionStatus.TIMED_OUT);
    }

    /**
     * StopExecution. AWS's recording (conformance describe_list/test_stop_execution) of a stop
     * during a Wait: ExecutionAborted with previousEventId 0 and no WaitStateAborted.
     */
    private void stop(Step s, String error, String cause) {
        Execution ex = s.execution;
        abortFrames(s, ex.root);
        s.append(EventType.ExecutionAborted, EventDetails.failure(error, cause), 0);
        ex.error = error;
        ex.cause = cause;
        close(s, ExecutionStatus.ABORTED);
    }

    /** Lets the states still running record that the execution stopped (innermost first). */
    private void abortFrames(Step s, Frame f) {
        if (f == null || f.done || f.state == null) {
            return;
        }
        if (f.children != null) {
            for (Frame child : f.children.frames) {
                abortFrames(s, child);
            }
        }
        handler(f.state).executionStopped(s, f);
    }

    /** AWS's quota: an execution's history holds at most 25,000 events. */
    static final int MAX_HISTORY_EVENTS = 25_000;

    /**
     * The history is full: the execution fails (its last event is the 25,000th at most). The error
     * name and cause are ours; AWS documents that the execution fails, not with what.
     */
    private void historyFull(Step s) {
        Execution ex = s.execution;
        if (!ex.isOpen()) {
            return;
        }
        String cause = "The execution reached the maximum number of history events (" + MAX_HISTORY_EVENTS + ").";
        s.append(EventType.ExecutionFailed, EventDetails.failure(StatesErrors.RUNTIME, cause), ex.nextEventId - 1);
        ex.error = StatesErrors.RUNTIME;
        ex.cause = cause;
        close(s, ExecutionStatus.FAILED);
    }

    private void close(Step s, ExecutionStatus status) {
        Execution ex = s.execution;
        ex.status = status;
        ex.stopDate = s.now();
        for (Long id : new ArrayList<>(ex.timers.keySet())) {
            s.cancelTimer(id);
        }
        for (String taskId : new ArrayList<>(ex.tasks.keySet())) {
            s.command(new Command.CancelTask(taskId));
        }
        ex.tasks.clear();
    }

    StateHandler handler(State state) {
        return handlers.get(state.type());
    }

    ErrorHandler errors() {
        return errors;
    }

    ScheduleCheck scheduling() {
        return scheduling;
    }

    RandomSource random() {
        return random;
    }
}
