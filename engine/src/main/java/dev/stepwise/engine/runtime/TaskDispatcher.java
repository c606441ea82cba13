package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.Command;

/**
 * Hands Task states to whatever carries them out (activity queues, integrations). The dispatcher
 * reports back through {@link ExecutionRuntime#deliver}. Carrying out a task twice (after a
 * restart) must be harmless.
 */
public interface TaskDispatcher {

    /** Offers the task; {@code executionArn} is the execution it belongs to. */
    void dispatch(String executionArn, Command.StartTask task);

    /** The task is no longer wanted (time-out, execution closed). */
    void cancel(String taskId);

    /**
     * A task an execution still waited for when the server stopped, handed over once on recovery.
     * {@code takenLongBeforeCrash}: a worker took it (TaskStarted) well before the last commit, so
     * it surely holds it; {@code submitted}: the output of its TaskSubmitted, or null.
     */
    record Recovered(Command.StartTask task, boolean started, boolean takenLongBeforeCrash, JsonNode submitted) {}

    /**
     * Resumes a task after a restart. By default it is offered again unless a worker surely holds
     * it; integrations that run in this process override this, as nobody holds their calls.
     */
    default void recover(String executionArn, Recovered task) {
        if (!task.takenLongBeforeCrash()) {
            dispatch(executionArn, task.task());
        }
    }
}
