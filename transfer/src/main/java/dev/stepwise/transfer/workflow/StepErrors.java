package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * How a step's failure shows in its result (ExecutionError: Type and Message). The face's
 * integration fails a step with the ExecutionErrorType as the error name and the message as the
 * cause; what the engine itself raises is mapped: a custom step that got no callback in time is
 * TIMEOUT, anything else INTERNAL_SERVER_ERROR.
 */
final class StepErrors {
    /** The ExecutionErrorType values (the model's enum). */
    static final Set<String> TYPES = Set.of("PERMISSION_DENIED", "CUSTOM_STEP_FAILED", "THROTTLED", "ALREADY_EXISTS",
            "NOT_FOUND", "BAD_REQUEST", "TIMEOUT", "INTERNAL_SERVER_ERROR");
    static final String TIMEOUT_MESSAGE = "The custom step did not report its state (SendWorkflowStepState) "
            + "within its TimeoutSeconds.";

    private StepErrors() {}

    static String type(String error) {
        if (TYPES.contains(error)) {
            return error;
        }
        return error.equals("States.Timeout") || error.equals("States.HeartbeatTimeout") ? "TIMEOUT"
                : "INTERNAL_SERVER_ERROR";
    }

    static String message(JsonNode failure) {
        String error = failure.path("Error").asText();
        if (error.equals("States.Timeout")) {
            return TIMEOUT_MESSAGE;
        }
        String cause = failure.path("Cause").asText("");
        return cause.isEmpty() ? error : cause;
    }
}
