package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.Payload;

/**
 * Task: hands the effective input to its resource through a {@link Command.StartTask} and waits
 * for the runtime's task signals. The history uses the resource family's events: Activity…,
 * LambdaFunction… (function ARNs) or Task… (service integrations). TimeoutSeconds and
 * HeartbeatSeconds are enforced with timers.
 */
final class TaskHandler implements StateHandler {
    private final StateIO io;
    private final ScheduleCheck scheduling;

    TaskHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
        this.scheduling = interpreter.scheduling();
    }

    @Override
    public Outcome start(Step s, Frame f) {
        TaskState task = (TaskState) f.state;
        // The task token exists from the moment the state is entered: Parameters may pass
        // $$.Task.Token to the resource (the callback pattern).
        String taskId = s.execution.info.executionArn() + "#" + s.execution.nextTaskId++;
        f.taskId = taskId;
        f.taskStarted = false;
        f.taskSubmitted = false;
        f.earlyCallback = null;
        f.taskStartedAt = null;
        f.submittedOutput = null;
        s.execution.tasks.put(taskId, f);
        JsonNode effective;
        Long timeout;
        Long heartbeat;
        try {
            effective = io.effectiveInput(f, task.flow().parameters());
            StateEval ctx = io.eval(f, f.stateInput);
            timeout = seconds(task.timeoutSeconds(), task.timeoutSecondsPath(), "TimeoutSeconds", ctx);
            heartbeat = seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(), "HeartbeatSeconds", ctx);
        } catch (RuntimeException e) {
            s.execution.tasks.remove(taskId);
            f.taskId = null;
            throw e;
        }
        TaskResourceKind kind = TaskResourceKind.of(task.resource());
        Failure unschedulable = kind == TaskResourceKind.ACTIVITY ? scheduling.failure(task.resource()) : null;
        if (unschedulable != null) {
            // not scheduled at all: ActivityScheduleFailed instead of ActivityScheduled
            s.execution.tasks.remove(taskId);
            f.taskId = null;
            long id = s.emit(f, EventType.ActivityScheduleFailed, EventDetails.builder()
                    .error(unschedulable.error()).cause(unschedulable.cause()).build());
            return new Outcome.Failed(unschedulable, id);
        }
        EventDetails.Builder scheduled = TaskResourceKind.details(task.resource()).timeoutInSeconds(timeout)
                .heartbeatInSeconds(heartbeat);
        switch (kind) {
            case ACTIVITY -> scheduled.resource(task.resource().text()).input(Payload.of(effective));
            case LAMBDA -> scheduled.resource(task.resource().text()).input(Payload.of(effective))
                    .heartbeatInSeconds(null);
            case SERVICE -> scheduled.region(region(s)).parameters(Payload.of(effective));
        }
        s.emit(f, kind.scheduled(), scheduled.build());
        if (timeout != null) {
            s.armTimer(f, Execution.TimerPurpose.TASK_TIMEOUT, s.now().plusSeconds(timeout));
        }
        f.effectiveInput = effective;
        f.dispatched = new Command.StartTask(taskId, s.execution.tokens.token(taskId), task.name(), task.resource(), effective, timeout, heartbeat,
                Invocations.next(f));
        s.command(f.dispatched);
        return Outcome.SUSPEND;
    }

    @Override
    public Outcome task(Step s, Frame f, Signal signal) {
        TaskState task = (TaskState) f.state;
        TaskResourceKind kind = TaskResourceKind.of(task.resource());
        if (kind == TaskResourceKind.ACTIVITY && !f.taskStarted && !(signal instanceof Signal.TaskStarted)) {
            // A worker's answer for a task whose start was never stored: it was handed out before its
            // ActivityStarted committed and the server restarted in between (see
            // ExecutionRuntime.deliverStart). Only a worker that took the task holds its token, so the
            // start is certain: it is recorded first, without the worker's name (lost with the step).
            started(s, f, task, kind, null);
        }
        switch (signal) {
            case Signal.TaskStarted started -> {
                if (f.taskStarted) {
                    // offered again after a restart and taken again: the first start stands
                    return Outcome.SUSPEND;
                }
                started(s, f, task, kind, started.workerName());
                return Outcome.SUSPEND;
            }
            case Signal.TaskSubmitted submitted -> {
                if (f.taskSubmitted) {
                    // submitted again after a restart: the first submission stands
                    return Outcome.SUSPEND;
                }
                f.taskSubmitted = true;
                f.submittedOutput = submitted.output();
                s.emit(f, EventType.TaskSubmitted,
                        TaskResourceKind.details(task.resource()).output(Payload.of(submitted.output())).build());
                if (f.earlyCallback != null) {
                    Signal early = f.earlyCallback;
                    f.earlyCallback = null;
                    return task(s, f, early);
                }
                return Outcome.SUSPEND;
            }
            case Signal.TaskSucceeded early when early.callback() && f.taskStarted && !f.taskSubmitted
                    && task.resource().waitsForTaskToken() -> {
                // the callback came while the integration's call that handed out the token was
                // still being recorded (the callee answered at once): it counts once TaskSubmitted is in
                f.earlyCallback = early;
                return Outcome.SUSPEND;
            }
            case Signal.TaskHeartbeat ignored -> {
                armHeartbeat(s, f, task);
                return Outcome.SUSPEND;
            }
            case Signal.TaskSucceeded succeeded -> {
                release(s, f);
                EventDetails.Builder d = TaskResourceKind.details(task.resource()).output(Payload.of(succeeded.output()));
                s.emit(f, kind.succeeded(), d.build());
                Common c = task.common();
                return io.complete(s, f, succeeded.output(), task.flow(), c.assign(), c.output(), succeeded.output(),
                        c.next());
            }
            case Signal.TaskFailed failed -> {
                release(s, f);
                long id = s.emit(f, kind.failed(),
                        TaskResourceKind.details(task.resource()).error(failed.error()).cause(failed.cause()).build());
                return new Outcome.Failed(Failure.of(failed.error(), failed.cause()), id);
            }
            default -> throw new IllegalStateException(signal.toString());
        }
    }

    @Override
    public Outcome timerFired(Step s, Frame f, Execution.Timer timer) {
        TaskState task = (TaskState) f.state;
        TaskResourceKind kind = TaskResourceKind.of(task.resource());
        String error = timer.purpose() == Execution.TimerPurpose.HEARTBEAT_TIMEOUT
                ? StatesErrors.HEARTBEAT_TIMEOUT : StatesErrors.TIMEOUT;
        String taskId = f.taskId;
        release(s, f);
        s.command(new Command.CancelTask(taskId));
        long id = s.emit(f, kind.timedOut(), TaskResourceKind.details(task.resource()).error(error).build());
        return new Outcome.Failed(Failure.of(error, null), id);
    }

    @Override
    public void abort(Step s, Frame f) {
        if (f.taskId != null) {
            s.emit(f, EventType.TaskStateAborted, EventDetails.NONE);
        }
    }

    /** Records the task's start (ActivityStarted, LambdaFunctionStarted or TaskStarted) and starts its heartbeat countdown. */
    private void started(Step s, Frame f, TaskState task, TaskResourceKind kind, String workerName) {
        f.taskStarted = true;
        f.taskStartedAt = s.now();
        s.emit(f, kind.started(), kind == TaskResourceKind.ACTIVITY
                ? EventDetails.builder().workerName(workerName).build()
                : TaskResourceKind.details(task.resource()).build());
        armHeartbeat(s, f, task);
    }

    /** (Re)starts the HeartbeatSeconds countdown; TimeoutSeconds keeps running. */
    private void armHeartbeat(Step s, Frame f, TaskState task) {
        if (task.heartbeatSeconds() == null && task.heartbeatSecondsPath() == null) {
            return;
        }
        if (f.heartbeatTimerId >= 0) {
            s.cancelTimer(f.heartbeatTimerId);
        }
        Long heartbeat = seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(), "HeartbeatSeconds",
                io.eval(f, f.stateInput));
        s.armTimer(f, Execution.TimerPurpose.HEARTBEAT_TIMEOUT, s.now().plusSeconds(heartbeat));
    }

    /** The task is over: forget it and cancel its timers (the runtime drops them too). */
    private static void release(Step s, Frame f) {
        s.execution.tasks.remove(f.taskId);
        f.taskId = null;
        if (f.timerId >= 0) {
            s.cancelTimer(f.timerId);
            f.timerId = -1;
        }
        if (f.heartbeatTimerId >= 0) {
            s.cancelTimer(f.heartbeatTimerId);
            f.heartbeatTimerId = -1;
        }
    }

    private static String region(Step s) {
        return Arn.parse(s.execution.info.stateMachineArn()).map(Arn::region).orElse("us-east-1");
    }

    private static Long seconds(Template literal, JsonPathExpr path, String field, StateEval ctx) {
        JsonNode v;
        if (literal != null) {
            v = literal.evaluate(ctx);
        } else if (path != null) {
            v = ctx.read(path);
        } else {
            return null;
        }
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
            throw Failure.of(literal instanceof Template.Jsonata ? StatesErrors.QUERY_EVALUATION_ERROR : StatesErrors.RUNTIME,
                    "The " + field + " field must be a positive integer, but was: "
                            + (v.isMissingNode() ? "null" : Json.write(v))).raise(field);
        }
        return v.longValue();
    }
}
