package dev.stepwise.sfn;

import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import dev.stepwise.integrations.HttpTrace;
import dev.stepwise.integrations.Integrations;

/**
 * Sends each Task state to what carries it out: activity tasks wait in their activity's queue for
 * a worker; integrations (Lambda, HTTP, nested executions, AWS services) make their calls;
 * anything else fails the task, naming what is missing.
 */
public final class TaskRouter implements TaskDispatcher {
    private final ActivityQueues activities = new ActivityQueues();
    private Integrations integrations = new Integrations(java.util.List.of());
    private ExecutionRuntime runtime;
    /** Mocked service integrations (a mock configuration was given), or null. */
    private MockedTasks mocks;

    /** Completes the wiring (the runtime needs the router, the router needs the runtime and integrations). */
    public void attach(ExecutionRuntime runtime, Integrations integrations) {
        this.runtime = runtime;
        this.integrations = integrations;
    }

    /** Answers the tasks of executions started on "arn#TestCase" from a mock configuration first. */
    public void mock(MockedTasks mocks) {
        this.mocks = mocks;
    }

    MockedTasks mocks() {
        return mocks;
    }

    /** Runs a task's request-response call now and answers how it ended (TestState). */
    Signal callNow(String executionArn, Command.StartTask task, HttpTrace trace) {
        if (task.resource() instanceof TaskResource.Integrated) {
            return integrations.callNow(executionArn, task, trace);
        }
        return new Signal.TaskFailed(task.taskId(), "States.Runtime",
                "No integration is configured for the resource '" + task.resource().text() + "'.");
    }

    ActivityQueues activities() {
        return activities;
    }

    @Override
    public void dispatch(String executionArn, Command.StartTask task) {
        if (mocks != null && mocks.intercept(executionArn, task)) {
            return;
        }
        switch (task.resource()) {
            case TaskResource.Activity activity -> activities.offer(activity.text(),
                    new ActivityQueues.OfferedTask(task.taskId(), task.token(), executionArn,
                            Json.write(task.input())));
            case TaskResource.Integrated integrated -> integrations.dispatch(executionArn, task, runtime::deliver);
            case TaskResource.Unknown unknown -> runtime.deliver(executionArn, new Signal.TaskFailed(task.taskId(),
                    "States.Runtime", "No integration is configured for the resource '" + unknown.text() + "'."));
        }
    }

    @Override
    public void recover(String executionArn, Recovered task) {
        if (mocks != null && mocks.intercept(executionArn, task.task())) {
            return; // a mocked answer depends on the task alone: the same one again
        }
        if (task.task().resource() instanceof TaskResource.Integrated) {
            integrations.recover(executionArn, task, runtime::deliver);
        } else {
            TaskDispatcher.super.recover(executionArn, task);
        }
    }

    /** Stops the integrations' calls in flight (they are made again after a restart). */
    public void close() {
        integrations.close();
    }

    @Override
    public void cancel(String taskId) {
        activities.cancel(taskId);
        integrations.cancel(taskId);
    }
}
