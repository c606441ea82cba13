package dev.stepwise.server.sfn;

import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;

/**
 * Sends each Task state to what carries it out: activity tasks wait in their activity's queue for
 * a worker; resources without an integration fail the task, naming what is missing.
 */
public final class TaskRouter implements TaskDispatcher {
    private final ActivityQueues activities = new ActivityQueues();
    private ExecutionRuntime runtime;
    /** Mocked service integrations (a mock configuration was given), or null. */
    private MockedTasks mocks;

    /** Completes the wiring (the runtime needs the router, the router needs the runtime). */
    public void attach(ExecutionRuntime runtime) {
        this.runtime = runtime;
    }

    /** Answers the tasks of executions started on "arn#TestCase" from a mock configuration first. */
    public void mock(MockedTasks mocks) {
        this.mocks = mocks;
    }

    MockedTasks mocks() {
        return mocks;
    }

    ActivityQueues activities() {
        return activities;
    }

    @Override
    public void dispatch(String executionArn, Command.StartTask task) {
        if (mocks != null && mocks.intercept(executionArn, task)) {
            return;
        }
        String resource = task.resource();
        if (resource.startsWith("arn:") && resource.split(":").length >= 7 && ":activity:".equals(
                ":" + resource.split(":")[5] + ":")) {
            activities.offer(resource, new ActivityQueues.OfferedTask(task.taskId(), executionArn,
                    Json.write(task.input())));
            return;
        }
        runtime.deliver(executionArn, new Signal.TaskFailed(task.taskId(), "States.Runtime",
                "No integration is configured for the resource '" + resource + "'."));
    }

    @Override
    public void cancel(String taskId) {
        activities.cancel(taskId);
    }
}
