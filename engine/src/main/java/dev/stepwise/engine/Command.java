package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.TaskResource;
import java.time.Instant;

/**
 * What the interpreter asks the runtime to carry out after a step's events are durable. Carrying
 * out a command twice must be harmless: timers and tasks are keyed by ids the interpreter chose.
 */
public sealed interface Command {

    /** Deliver {@link Signal.TimerFired} for {@code timerId} at {@code at}. */
    record ArmTimer(long timerId, Instant at) implements Command {}

    record CancelTimer(long timerId) implements Command {}

    /**
     * Run a task: hand {@code input} to {@code resource} (the Task state's, as parsed), then deliver
     * a task signal for {@code taskId}; {@code token} is the task token workers and callbacks
     * answer with ({@code $$.Task.Token}). Time-outs are the runtime's to enforce through timers the
     * interpreter armed. {@code invocation}: how many tasks this state started before this one in
     * the same line of control (retries included), counted by the interpreter; mocked responses are
     * chosen by it. See {@link Invocations}.
     */
    record StartTask(String taskId, String token, String stateName, TaskResource resource, JsonNode input,
                     Long timeoutSeconds, Long heartbeatSeconds, int invocation) implements Command {}

    record CancelTask(String taskId) implements Command {}

    /**
     * Start a child execution (an iteration of a distributed Map run) running {@code definition}
     * on {@code input}; the runtime answers with {@link Signal.ChildFinished} when it ends. Its ARN
     * is chosen by the interpreter, so starting it twice finds the first.
     */
    record StartChildExecution(String executionArn, String name, String definition, JsonNode input,
                               String mapRunArn, String type) implements Command {}

    /** Stop a child execution that is no longer wanted (its Map run failed or was stopped). */
    record StopChildExecution(String executionArn, String error, String cause) implements Command {}
}
