package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Task states on their integrations, each call on a virtual thread, and reports to the
 * execution as the integration pattern says: TaskStarted, then TaskSucceeded with the response
 * (request-response), or TaskSubmitted with it while a callback ({@code .waitForTaskToken}) or the
 * job's end ({@code .sync}) is awaited. A resource no integration carries out fails the task with
 * States.Runtime, naming what to configure.
 *
 * <p>Calls are made at least once: after a crash, a call that was started but whose outcome was
 * not recorded is made again (nobody else holds it), and a submitted {@code .sync} job is awaited
 * again. A submitted callback task just goes on waiting for its callback.
 */
public final class Integrations {
    private static final Logger log = LoggerFactory.getLogger(Integrations.class);

    private final List<Integration> integrations;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

    public Integrations(List<Integration> integrations) {
        this.integrations = List.copyOf(integrations);
    }

    /** Starts the task's call; {@code deliver} takes the execution's signals. */
    public void dispatch(String executionArn, Command.StartTask task, BiConsumer<String, Signal> deliver) {
        run(executionArn, task, null, deliver);
    }

    /** Resumes a task after a restart (see the class comment). */
    public void recover(String executionArn, TaskDispatcher.Recovered recovered, BiConsumer<String, Signal> deliver) {
        if (recovered.submitted() == null) {
            run(executionArn, recovered.task(), null, deliver);
        } else if (recovered.task().resource() instanceof TaskResource.Integrated resource
                && (resource.pattern() == TaskResource.Pattern.SYNC || resource.pattern() == TaskResource.Pattern.SYNC2)) {
            run(executionArn, recovered.task(), recovered.submitted(), deliver);
        }
    }

    /**
     * Makes a request-response call at once and answers with how the task ends (TestState's
     * unmocked tasks): TaskSucceeded or TaskFailed.
     */
    public Signal callNow(String executionArn, Command.StartTask task, HttpTrace trace) {
        Signal outcome = outcome(executionArn, task, null, trace, ignored -> { });
        return outcome != null ? outcome : new Signal.TaskFailed(task.taskId(), "States.Runtime",
                "The call of " + task.resource().text() + " was interrupted.");
    }

    public void cancel(String taskId) {
        Future<?> call = running.remove(taskId);
        if (call != null) {
            call.cancel(true);
        }
    }

    private void run(String executionArn, Command.StartTask task, JsonNode submitted,
                     BiConsumer<String, Signal> deliver) {
        String taskId = task.taskId();
        running.put(taskId, calls.submit(() -> {
            try {
                Signal outcome = outcome(executionArn, task, submitted, null,
                        signal -> deliver.accept(executionArn, signal));
                if (outcome != null) {
                    deliver.accept(executionArn, outcome);
                }
            } finally {
                running.remove(taskId);
            }
        }));
    }

    /** Makes the call (or, with {@code submitted}, only awaits its job) and answers with the task's last signal. */
    private Signal outcome(String executionArn, Command.StartTask task, JsonNode submitted, HttpTrace trace,
                           java.util.function.Consumer<Signal> signals) {
        String taskId = task.taskId();
        TaskResource.Integrated resource = task.resource() instanceof TaskResource.Integrated integrated ? integrated : null;
        Integration integration = resource == null ? null
                : integrations.stream().filter(i -> i.handles(resource)).findFirst().orElse(null);
        if (integration == null) {
            return new Signal.TaskFailed(taskId, "States.Runtime", "No integration is configured for the resource '"
                    + task.resource().text() + "'"
                    + (resource == null ? "." : ": " + IntegrationConfig.whatToConfigure(resource)));
        }
        if (!integration.supports(resource.pattern())) {
            return new Signal.TaskFailed(taskId, "States.Runtime", "The resource '" + task.resource().text()
                    + "' does not support the integration pattern " + resource.pattern() + ".");
        }
        TaskCall call = new TaskCall(executionArn, task, resource, trace);
        try {
            JsonNode response = submitted;
            if (response == null) {
                signals.accept(new Signal.TaskStarted(taskId, null));
                response = integration.call(call);
                if (resource.pattern() == TaskResource.Pattern.REQUEST_RESPONSE) {
                    return new Signal.TaskSucceeded(taskId, response);
                }
                signals.accept(new Signal.TaskSubmitted(taskId, response));
                if (resource.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
                    return null; // the callback completes it
                }
            }
            return new Signal.TaskSucceeded(taskId, integration.awaitJob(call, response));
        } catch (IntegrationException e) {
            return new Signal.TaskFailed(taskId, e.error(), e.cause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // cancelled: the task is no longer wanted
        } catch (RuntimeException e) {
            log.error("the call of {} for {} failed", task.resource().text(), executionArn, e);
            return new Signal.TaskFailed(taskId, "States.Runtime", "The call of " + task.resource().text()
                    + " failed: " + e);
        }
    }

    /**
     * These integrations as the task resource of a run in process ({@code stepwise run}): the
     * execution is named by the task's id; resources no integration carries out fail the task.
     */
    public dev.stepwise.engine.run.TaskResource inProcess() {
        return new dev.stepwise.engine.run.TaskResource() {
            @Override
            public void start(Command.StartTask task, java.util.function.Consumer<Signal> signals) {
                if (task.resource() instanceof TaskResource.Integrated) {
                    dispatch(TaskTokens.executionArn(task.taskId()), task, (arn, signal) -> signals.accept(signal));
                } else {
                    dev.stepwise.engine.run.TaskResource.none().start(task, signals);
                }
            }

            @Override
            public void cancel(String taskId) {
                Integrations.this.cancel(taskId);
            }
        };
    }

    public void close() {
        calls.shutdownNow();
    }
}
