package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.State;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.Payload;
import java.time.Instant;
import java.util.List;

/**
 * One line of control through a block of states: the execution's top level, a Parallel branch or a
 * Map iteration. It knows the state it is in, the input that state received and the id of its
 * latest event (the {@code previousEventId} of its next one). Owned by one interpreter step at a
 * time; never shared between threads.
 */
public final class Frame {
    final Execution execution;
    final Block block;
    final Frame parent;
    /** Branch or iteration index; -1 at the top level. */
    final int index;
    final Variables variables;
    /** Whether this frame's events go to the execution's history (false inside a distributed Map run). */
    final boolean recorded;

    State state;
    JsonNode stateInput;
    /**
     * The state's input as its Entered event recorded it, for the step it entered in: its text is
     * reused when the output is the input itself. Null once the state waits.
     */
    Payload stateInputPayload;
    /** The state's input after InputPath (Wait) or its effective input while it waits. */
    JsonNode effectiveInput;
    long enteredEventId;
    long enteredPreviousId;
    Instant enteredTime;
    int[] retryCounts;
    int retryCount;
    long lastEventId;
    /** Set while the state waits: a timer id (Wait, retry interval, TimeoutSeconds) or a task id. */
    long timerId = -1;
    /** A Task's HeartbeatSeconds timer, armed beside its TimeoutSeconds timer. */
    long heartbeatTimerId = -1;
    /** Whether the current task was taken by a worker (a repeated TaskStarted is ignored). */
    boolean taskStarted;
    /** Whether the integration reported its call made (TaskSubmitted: a callback or a job is awaited). */
    boolean taskSubmitted;
    /** A callback's success that came before TaskSubmitted was recorded; applied right after it. */
    Signal.TaskSucceeded earlyCallback;
    String taskId;
    /** The command the current task was dispatched with: what a restarted runtime dispatches again. */
    Command.StartTask dispatched;
    /** When the current task's TaskStarted was accepted (null before). */
    Instant taskStartedAt;
    /** The output of the current task's TaskSubmitted (null before). */
    JsonNode submittedOutput;
    /** Parallel branches or Map iterations of the current state. */
    Children children;

    boolean done;
    JsonNode output;
    Failure failure;

    Frame(Execution execution, Block block, Frame parent, int index, Variables variables, boolean recorded,
          long lastEventId) {
        this.execution = execution;
        this.block = block;
        this.parent = parent;
        this.index = index;
        this.variables = variables;
        this.recorded = recorded;
        this.lastEventId = lastEventId;
    }

    public State state() {
        return state;
    }

    public Frame parent() {
        return parent;
    }

    public int index() {
        return index;
    }

    /** The child frames of a Parallel or Map state in progress, and what they produced. */
    static final class Children {
        final Frame[] frames;
        final JsonNode[] results;
        final List<JsonNode> items;
        /** Settings a running distributed Map run may change (UpdateMapRun). */
        int maxConcurrency;
        long toleratedFailureCount;
        double toleratedFailurePercentage;
        int started;
        int finished;
        int failed;
        /** The event that ended the last child to finish, the cause of what the state does next. */
        long lastChildEventId;
        Failure firstFailure;
        long firstFailureEventId;
        boolean closing;
        /** For distributed Map runs: the map run's ARN, when it started, and its child executions by ARN. */
        String mapRunArn;
        java.time.Instant mapRunStart;
        final java.util.Map<String, Integer> childIndex = new java.util.LinkedHashMap<>();
        EventType failedEventType;

        Children(int size, List<JsonNode> items, int maxConcurrency, long toleratedFailureCount,
                 double toleratedFailurePercentage) {
            this.frames = new Frame[size];
            this.results = new JsonNode[size];
            this.items = items;
            this.maxConcurrency = maxConcurrency;
            this.toleratedFailureCount = toleratedFailureCount;
            this.toleratedFailurePercentage = toleratedFailurePercentage;
        }

        int running() {
            return started - finished;
        }
    }
}
