package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
public final class Integrations implements TaskDispatcher {
    private static final Logger log = LoggerFactory.getLogger(Integrations.class);

    private final List<Integration> integrations;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Call> running = new ConcurrentHashMap<>();

    /**
     * One run of a task's call. Once cancelled it reports nothing: the interrupt that stops it may
     * surface as any error on the way (a database read closed by the interrupt, say), and the
     * execution let the task go (another node may run it now).
     */
    private static final class Call {
        volatile boolean cancelled;
        volatile Future<?> future;
    }

    public Integrations(List<Integration> integrations) {
        this.integrations = List.copyOf(integrations);
    }

    /** Starts the task's call on a thread of its own; its signals go to {@code report}. */
    @Override
    public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
        run(origin.executionArn(), task, null, null, report);
    }

    /** Resumes a task after a restart (see the class comment). */
    @Override
    public void recover(TaskOrigin origin, TaskDispatcher.Recovered recovered, Consumer<Signal> report) {
        if (recovered.submitted() == null) {
            run(origin.executionArn(), recovered.task(), null, null, report);
        } else if (recovered.task().resource() instanceof TaskResource.Integrated resource
                && (resource.pattern() == TaskResource.Pattern.SYNC || resource.pattern() == TaskResource.Pattern.SYNC2)) {
            run(origin.executionArn(), recovered.task(), recovered.submitted(), null, report);
        }
    }

    /**
     * These integrations with the raw HTTP exchanges of their calls shown to {@code trace} (the
     * TestState API at inspection level TRACE).
     */
    public TaskDispatcher tracing(HttpTrace trace) {
        return new TaskDispatcher() {
            @Override
            public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
                run(origin.executionArn(), task, null, trace, report);
            }

            @Override
            public void cancel(String taskId) {
                Integrations.this.cancel(taskId);
            }
        };
    }

    @Override
    public void cancel(String taskId) {
        Call call = running.remove(taskId);
        if (call != null) {
            call.cancelled = true;
            Future<?> future = call.future;
            if (future != null) {
                future.cancel(true);
            }
        }
    }

    private void run(String executionArn, Command.StartTask task, JsonNode submitted, HttpTrace trace,
                     Consumer<Signal> report) {
        String taskId = task.taskId();
        Call call = new Call();
        running.put(taskId, call);
        call.future = calls.submit(() -> {
            try {
                Signal outcome = outcome(executionArn, task, submitted, trace, signal -> {
                    if (!call.cancelled) {
                        report.accept(signal);
                    }
                });
                if (outcome != null && !call.cancelled) {
                    report.accept(outcome);
                }
            } finally {
                running.remove(taskId, call);
            }
        });
    }

    /** Makes the call (or, with {@code submitted}, only awaits its job) and answers with the task's last signal. */
    private Signal outcome(String executionArn, Command.StartTask task, JsonNode submitted, HttpTrace trace,
                           Consumer<Signal> signals) {
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

    public void close() {
        calls.shutdownNow();
    }
}
