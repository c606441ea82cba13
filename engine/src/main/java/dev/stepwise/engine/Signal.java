package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** What moves an open execution forward. */
public sealed interface Signal {

    record TimerFired(long timerId) implements Signal {}

    /** The worker or integration took the task (TaskStarted / ActivityStarted). */
    record TaskStarted(String taskId, String workerName) implements Signal {}

    record TaskSucceeded(String taskId, JsonNode output) implements Signal {}

    record TaskFailed(String taskId, String error, String cause) implements Signal {}

    record TaskHeartbeat(String taskId) implements Signal {}

    /** StopExecution. */
    record Stop(String error, String cause) implements Signal {}
}
