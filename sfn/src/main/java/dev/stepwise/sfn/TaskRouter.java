package dev.stepwise.sfn;

import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.runtime.TaskDispatcher;
import dev.stepwise.integrations.Integrations;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sends each Task state to what carries it out: activity tasks wait in their activity's queue for
 * a worker (whose reports come back through the API); integrations (Lambda, HTTP, nested
 * executions, AWS services) make their calls; anything else fails the task, naming what is missing.
 */
public final class TaskRouter implements TaskDispatcher {
    private final ActivityQueue activities;
    private final Integrations integrations;
    /** Whether an activity (by ARN) exists; set once the face's catalog is made (until then: all do). */
    private volatile Predicate<String> activityExists = arn -> true;

    /** Activity tasks wait in this process's memory (one node alone). */
    public TaskRouter(Integrations integrations) {
        this(integrations, ActivityQueue.inMemory());
    }

    /** Activity tasks wait in {@code activities} (a cluster's: shared by its nodes). */
    public TaskRouter(Integrations integrations, ActivityQueue activities) {
        this.integrations = integrations;
        this.activities = activities;
    }

    void activityExists(Predicate<String> exists) {
        this.activityExists = exists;
    }

    ActivityQueue activities() {
        return activities;
    }

    Integrations integrations() {
        return integrations;
    }

    @Override
    public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
        switch (task.resource()) {
            case TaskResource.Activity activity -> activities.offer(new ActivityQueue.OfferedTask(activity.text(),
                    task.taskId(), task.token(), origin.executionArn(), Json.write(task.input())));
            case TaskResource.Integrated integrated -> integrations.dispatch(origin, task, report);
            case TaskResource.Unknown unknown -> report.accept(new Signal.TaskFailed(task.taskId(), "States.Runtime",
                    "No integration is configured for the resource '" + unknown.text() + "'."));
        }
    }

    /**
     * A Task whose activity does not exist (never created, or deleted) is not scheduled: it fails
     * with the activity API's own error, ActivityDoesNotExist, worded as DescribeActivity words it.
     */
    @Override
    public Failure scheduleFailure(TaskResource resource) {
        if (resource instanceof TaskResource.Activity activity && !activityExists.test(activity.text())) {
            return Failure.of("ActivityDoesNotExist", "Activity Does Not Exist: '" + activity.text() + "'");
        }
        return null;
    }

    @Override
    public void recover(TaskOrigin origin, Recovered task, Consumer<Signal> report) {
        if (task.task().resource() instanceof TaskResource.Integrated) {
            integrations.recover(origin, task, report);
        } else {
            TaskDispatcher.super.recover(origin, task, report);
        }
    }

    @Override
    public void cancel(String taskId) {
        activities.withdraw(taskId);
        integrations.cancel(taskId);
    }

    @Override
    public void release(String taskId) {
        activities.release(taskId);
        integrations.cancel(taskId);
    }

    /** Stops the integrations' calls in flight (they are made again after a restart). */
    public void close() {
        integrations.close();
    }
}
