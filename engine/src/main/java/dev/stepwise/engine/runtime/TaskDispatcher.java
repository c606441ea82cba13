package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.ScheduleCheck;
import dev.stepwise.engine.Signal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Carries out Task states: the one interface of everything that does (activity queues, the
 * integrations, mocks, the test scripts of the tests), whoever runs the execution (the server's
 * runtime, {@code stepwise run} and {@code stepwise test} in process, TestState). A dispatcher
 * reports the task's signals through {@code report} (TaskStarted, TaskSubmitted, TaskHeartbeat,
 * then TaskSucceeded or TaskFailed), from any thread, at any time; the signals of one task are
 * applied in the order they are reported. Carrying out a task twice (after a restart) must be
 * harmless.
 */
@FunctionalInterface
public interface TaskDispatcher {

    /**
     * The execution a task belongs to, as dispatchers need it: its ARN (its account and region),
     * its state machine's ARN, and the mock configuration's test case it runs (null: none; a
     * distributed Map run's child executions run their parent's).
     */
    record TaskOrigin(String executionArn, String stateMachineArn, String mockTestCase) {}

    /** Starts the task. */
    void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report);

    /**
     * Why a task of {@code resource} cannot be scheduled (see {@link ScheduleCheck}), or null.
     * Default: every resource can be.
     */
    default Failure scheduleFailure(TaskResource resource) {
        return null;
    }

    /** The task is no longer wanted (time-out, execution closed). Default: nothing to stop. */
    default void cancel(String taskId) {}

    /**
     * The task's execution leaves this node without ending (another node of the cluster takes it
     * over and resumes its tasks): what runs here for it stops, and what is shared (a task offered
     * to workers on every node) stays. Default: as {@link #cancel}.
     */
    default void release(String taskId) {
        cancel(taskId);
    }

    /**
     * A task an execution still waited for when the server stopped, handed over once on recovery.
     * {@code started}: a worker took it; {@code takenLongBeforeCrash}: it took it well before the
     * last commit, so it surely holds it; {@code submitted}: the output of its TaskSubmitted, or null.
     */
    record Recovered(Command.StartTask task, boolean started, boolean takenLongBeforeCrash, JsonNode submitted) {}

    /**
     * Resumes a task after a restart. By default it is dispatched again unless a worker surely
     * holds it; dispatchers that run tasks in this process override this, as nobody holds them.
     */
    default void recover(TaskOrigin origin, Recovered task, Consumer<Signal> report) {
        if (!task.takenLongBeforeCrash()) {
            dispatch(origin, task.task(), report);
        }
    }

    /** How long {@link #callNow} waits for a task's end. */
    long CALL_NOW_TIMEOUT_SECONDS = 300;

    /**
     * Carries out a task at once and answers how it ended: its TaskSucceeded or TaskFailed (the
     * TestState API's unmocked tasks). Waits for it; a task that does not end in time fails.
     */
    default Signal callNow(TaskOrigin origin, Command.StartTask task) {
        CompletableFuture<Signal> end = new CompletableFuture<>();
        dispatch(origin, task, signal -> {
            if (signal instanceof Signal.TaskSucceeded || signal instanceof Signal.TaskFailed) {
                end.complete(signal);
            }
        });
        try {
            return end.get(CALL_NOW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Signal.TaskFailed(task.taskId(), "States.Runtime", "The call of " + task.resource().text()
                    + " was interrupted.");
        } catch (ExecutionException | TimeoutException e) {
            cancel(task.taskId());
            return new Signal.TaskFailed(task.taskId(), "States.Runtime", "The call of " + task.resource().text()
                    + " did not end within " + CALL_NOW_TIMEOUT_SECONDS + " seconds.");
        }
    }

    /** A dispatcher that carries out nothing: every task fails with States.Runtime, saying what to configure. */
    static TaskDispatcher none() {
        return (origin, task, report) -> report.accept(new Signal.TaskFailed(task.taskId(), "States.Runtime",
                "No task resource is configured for '" + task.resource().text() + "' in this run."));
    }
}
