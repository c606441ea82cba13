package dev.stepwise.engine.runtime;

import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;

/**
 * Signals as JSON text: the form in which the step logs of executions stored before snapshots hold
 * them (see {@link StepLogConversion}), and in which a node of a cluster hands a signal to the node
 * that runs its execution (see {@link Cluster}).
 */
public final class SignalCodec {
    private SignalCodec() {}

    /** The signal as {@link #decode} reads it. */
    public static String encode(Signal signal) {
        ObjectNode o = Json.object();
        switch (signal) {
            case Signal.TimerFired t -> o.put("type", "TimerFired").put("timerId", t.timerId());
            case Signal.TaskStarted t -> o.put("type", "TaskStarted").put("taskId", t.taskId())
                    .put("workerName", t.workerName());
            case Signal.TaskSubmitted t -> putIfPresent(o.put("type", "TaskSubmitted").put("taskId", t.taskId()),
                    t.output());
            case Signal.TaskSucceeded t -> putIfPresent(o.put("type", "TaskSucceeded").put("taskId", t.taskId())
                    .put("callback", t.callback()), t.output());
            case Signal.TaskFailed t -> o.put("type", "TaskFailed").put("taskId", t.taskId())
                    .put("error", t.error()).put("cause", t.cause());
            case Signal.TaskHeartbeat t -> o.put("type", "TaskHeartbeat").put("taskId", t.taskId());
            case Signal.Stop t -> o.put("type", "Stop").put("error", t.error()).put("cause", t.cause());
            case Signal.ChildFinished t -> o.put("type", "ChildFinished").put("executionArn", t.executionArn())
                    .put("status", t.status()).put("error", t.error()).put("cause", t.cause())
                    .set("output", t.output());
            case Signal.Redrive t -> o.put("type", "Redrive");
            case Signal.UpdateMapRun t -> {
                o.put("type", "UpdateMapRun").put("mapRunArn", t.mapRunArn());
                if (t.maxConcurrency() != null) {
                    o.put("maxConcurrency", t.maxConcurrency());
                }
                if (t.toleratedFailureCount() != null) {
                    o.put("toleratedFailureCount", t.toleratedFailureCount());
                }
                if (t.toleratedFailurePercentage() != null) {
                    o.put("toleratedFailurePercentage", t.toleratedFailurePercentage());
                }
            }
        }
        return Json.write(o);
    }

    /** An absent output reads back as null (a JSON null would read back as a NullNode). */
    private static void putIfPresent(ObjectNode o, JsonNode output) {
        if (output != null) {
            o.set("output", output);
        }
    }

    /** The signal, or null for the first step of an execution ({"type":"Start"}). */
    public static Signal decode(String text) {
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
