package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
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
     * Run a task: hand {@code input} to {@code resource}, then deliver a task signal for
     * {@code taskId}. Time-outs are the runtime's to enforce through timers the interpreter armed.
     */
    record StartTask(String taskId, String stateName, String resource, JsonNode input, Long timeoutSeconds,
                     Long heartbeatSeconds) implements Command {}

    record CancelTask(String taskId) implements Command {}
}
