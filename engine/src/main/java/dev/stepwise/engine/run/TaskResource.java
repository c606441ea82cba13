package dev.stepwise.engine.run;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import java.util.function.Consumer;

/**
 * Carries out Task states for an in-process run. The resource reports through {@code signals}
 * (TaskStarted, TaskHeartbeat, then TaskSucceeded or TaskFailed), from any thread, at any time.
 */
public interface TaskResource {

    void start(Command.StartTask task, Consumer<Signal> signals);

    /** The task is no longer wanted (time-out, execution over). Default: nothing to stop. */
    default void cancel(String taskId) {}

    /** A resource for runs without tasks: every task fails with States.Runtime, naming what to configure. */
    static TaskResource none() {
        return (task, signals) -> signals.accept(new Signal.TaskFailed(task.taskId(), "States.Runtime",
                "No task resource is configured for '" + task.resource().text() + "' in this run."));
    }
}
