package dev.stepwise.engine.runtime;

import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;

/**
 * Reads the signals of the step logs of executions stored before snapshots (see
 * {@link StepLogConversion}): the form that build wrote them in. Nothing writes them any more.
 */
final class SignalCodec {
    private SignalCodec() {}

    /** The signal, or null for the first step of an execution ({"type":"Start"}). */
    static Signal decode(String text) {
        JsonNode o;
        try {
            o = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt step signal: " + text, e);
        }
        return switch (o.path("type").asText()) {
            case "Start" -> null;
            case "TimerFired" -> new Signal.TimerFired(o.get("timerId").asLong());
            case "TaskStarted" -> new Signal.TaskStarted(o.get("taskId").asText(), textOrNull(o, "workerName"));
            case "TaskSubmitted" -> new Signal.TaskSubmitted(o.get("taskId").asText(), o.get("output"));
            case "TaskSucceeded" -> new Signal.TaskSucceeded(o.get("taskId").asText(), o.get("output"),
                    o.path("callback").asBoolean(false));
            case "TaskFailed" -> new Signal.TaskFailed(o.get("taskId").asText(), textOrNull(o, "error"),
                    textOrNull(o, "cause"));
            case "TaskHeartbeat" -> new Signal.TaskHeartbeat(o.get("taskId").asText());
            case "Stop" -> new Signal.Stop(textOrNull(o, "error"), textOrNull(o, "cause"));
            case "ChildFinished" -> new Signal.ChildFinished(o.get("executionArn").asText(), o.get("status").asText(),
                    o.get("output") == null || o.get("output").isNull() ? null : o.get("output"), textOrNull(o,
                    "error"),
                    textOrNull(o, "cause"));
            case "Redrive" -> new Signal.Redrive();
            case "UpdateMapRun" -> new Signal.UpdateMapRun(o.get("mapRunArn").asText(),
                    o.has("maxConcurrency") ? o.get("maxConcurrency").asInt() : null,
                    o.has("toleratedFailureCount") ? o.get("toleratedFailureCount").asLong() : null,
                    o.has("toleratedFailurePercentage") ? o.get("toleratedFailurePercentage").asDouble() : null);
            default -> throw new IllegalStateException("unknown step signal: " + text);
        };
    }

}
