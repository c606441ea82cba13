package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.engine.history.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
    final Map<Long, Timer> timers = new HashMap<>();
    final Map<String, Frame> tasks = new HashMap<>();
    /** The distributed Map frames waiting for child executions, by child execution ARN. */
    final Map<String, Frame> children = new HashMap<>();
    /** The frames of running Map runs, by Map run ARN. */
    final Map<String, Frame> mapRuns = new HashMap<>();
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
    /**
     * Set only when a state runs under TestState: the context object its states see, used in
     * place of the one built from this execution (null otherwise).
     */
    JsonNode fixedContext;
    /** Set only when a state runs under TestState: where its data flow records its stages (null otherwise). */
    DataFlowTrace trace;

    public Execution(ExecutionInfo info, StateMachine machine) {
        this.info = info;
        this.machine = machine;
        this.redriveCount = info.redriveCount();
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

    /** What a timer is for. */
    enum TimerPurpose { WAIT, RETRY, TASK_TIMEOUT, HEARTBEAT_TIMEOUT, EXECUTION_TIMEOUT }

    record Timer(long id, TimerPurpose purpose, Frame frame, Instant at) {}
}
