package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** What moves an open execution forward. */
public sealed interface Signal {

    record TimerFired(long timerId) implements Signal {}

    /** The worker or integration took the task (TaskStarted / ActivityStarted). */
    record TaskStarted(String taskId, String workerName) implements Signal {}

    /**
     * The integration's call was made and the task now waits for its outcome: a callback
     * ({@code .waitForTaskToken}) or the end of the job it started ({@code .sync}). TaskSubmitted.
     */
    record TaskSubmitted(String taskId, JsonNode output) implements Signal {}

    /** The task's result; {@code callback}: it came from SendTaskSuccess (a worker or a callback). */
    record TaskSucceeded(String taskId, JsonNode output, boolean callback) implements Signal {
        public TaskSucceeded(String taskId, JsonNode output) {
            this(taskId, output, false);
        }
    }

    record TaskFailed(String taskId, String error, String cause) implements Signal {}

    record TaskHeartbeat(String taskId) implements Signal {}

    /** StopExecution. */
    record Stop(String error, String cause) implements Signal {}

    /** A child execution (a Map run iteration) ended. */
    record ChildFinished(String executionArn, String status, JsonNode output, String error, String cause)
            implements Signal {}

    /** RedriveExecution: a failed, timed-out or aborted execution starts again from where it stopped. */
    record Redrive() implements Signal {}

    /** UpdateMapRun: new settings for a running Map run; null members are unchanged. */
    record UpdateMapRun(String mapRunArn, Integer maxConcurrency, Long toleratedFailureCount,
                        Double toleratedFailurePercentage) implements Signal {}
}
