package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;

/** Writes signals as JSON text for the step log, and reads them back for replay. */
public final class SignalCodec {
    /** The first step of every execution. */
    public static final String START = "{\"type\":\"Start\"}";

    private SignalCodec() {}

    public static String encode(Signal signal) {
        ObjectNode o = Json.object();
        switch (signal) {
            case Signal.TimerFired t -> o.put("type", "TimerFired").put("timerId", t.timerId());
            case Signal.TaskStarted t -> o.put("type", "TaskStarted").put("taskId", t.taskId())
                    .put("workerName", t.workerName());
            case Signal.TaskSubmitted t -> {
                o.put("type", "TaskSubmitted").put("taskId", t.taskId());
                o.set("output", t.output());
            }
            case Signal.TaskSucceeded t -> {
                o.put("type", "TaskSucceeded").put("taskId", t.taskId());
                o.set("output", t.output());
                if (t.callback()) {
                    o.put("callback", true);
                }
            }
            case Signal.TaskFailed t -> o.put("type", "TaskFailed").put("taskId", t.taskId())
                    .put("error", t.error()).put("cause", t.cause());
            case Signal.TaskHeartbeat t -> o.put("type", "TaskHeartbeat").put("taskId", t.taskId());
            case Signal.Stop s -> o.put("type", "Stop").put("error", s.error()).put("cause", s.cause());
            case Signal.ChildFinished c -> {
                o.put("type", "ChildFinished").put("executionArn", c.executionArn()).put("status", c.status())
                        .put("error", c.error()).put("cause", c.cause());
                o.set("output", c.output());
            }
            case Signal.Redrive r -> o.put("type", "Redrive");
            case Signal.UpdateMapRun u -> {
                o.put("type", "UpdateMapRun").put("mapRunArn", u.mapRunArn());
                if (u.maxConcurrency() != null) {
                    o.put("maxConcurrency", u.maxConcurrency());
                }
                if (u.toleratedFailureCount() != null) {
                    o.put("toleratedFailureCount", u.toleratedFailureCount());
                }
                if (u.toleratedFailurePercentage() != null) {
                    o.put("toleratedFailurePercentage", u.toleratedFailurePercentage());
                }
            }
        }
        return Json.write(o);
    }

    /** The signal, or null for {@link #START}. */
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
            case "TaskStarted" -> new Signal.TaskStarted(o.get("taskId").asText(), text(o, "workerName"));
            case "TaskSubmitted" -> new Signal.TaskSubmitted(o.get("taskId").asText(), o.get("output"));
            case "TaskSucceeded" -> new Signal.TaskSucceeded(o.get("taskId").asText(), o.get("output"),
                    o.path("callback").asBoolean(false));
            case "TaskFailed" -> new Signal.TaskFailed(o.get("taskId").asText(), text(o, "error"), text(o, "cause"));
            case "TaskHeartbeat" -> new Signal.TaskHeartbeat(o.get("taskId").asText());
            case "Stop" -> new Signal.Stop(text(o, "error"), text(o, "cause"));
            case "ChildFinished" -> new Signal.ChildFinished(o.get("executionArn").asText(), o.get("status").asText(),
                    o.get("output") == null || o.get("output").isNull() ? null : o.get("output"), text(o, "error"),
                    text(o, "cause"));
            case "Redrive" -> new Signal.Redrive();
            case "UpdateMapRun" -> new Signal.UpdateMapRun(o.get("mapRunArn").asText(),
                    o.has("maxConcurrency") ? o.get("maxConcurrency").asInt() : null,
                    o.has("toleratedFailureCount") ? o.get("toleratedFailureCount").asLong() : null,
                    o.has("toleratedFailurePercentage") ? o.get("toleratedFailurePercentage").asDouble() : null);
            default -> throw new IllegalStateException("unknown step signal: " + text);
        };
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
