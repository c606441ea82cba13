package dev.stepwise.engine.runtime;

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
}
