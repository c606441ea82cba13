package dev.stepwise.engine.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes history events in the shape of the Step Functions API (GetExecutionHistory's
 * {@code events}): member names, the details member per type, payloads as JSON text with their
 * truncation flags, timestamps as epoch seconds.
 */
public final class HistoryJson {
    private HistoryJson() {}

    public static ArrayNode events(List<HistoryEvent> events) {
        ArrayNode out = Json.array();
        for (HistoryEvent e : events) {
            out.add(event(e));
        }
        return out;
    }

    public static ObjectNode event(HistoryEvent e) {
        ObjectNode o = Json.object();
        o.put("timestamp", epochSeconds(e.timestamp()));
        o.put("type", e.type().name());
        o.put("id", e.id());
        o.put("previousEventId", e.previousEventId());
        String field = e.type().detailsField();
        if (field != null) {
            o.set(field, details(e.details()));
        }
        return o;
    }

    /** Epoch seconds with millisecond precision, the JSON protocol's timestamp form. */
    public static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private static ObjectNode details(EventDetails d) {
        ObjectNode o = Json.object();
        putIfSet(o, "resourceType", d.resourceType());
        putIfSet(o, "resource", d.resource());
        putIfSet(o, "region", d.region());
        if (d.parameters() != null) {
            o.put("parameters", d.parameters().text());
        }
        putIfSet(o, "name", d.name());
        if (d.index() != null) {
            o.put("index", d.index());
        }
        if (d.length() != null) {
            o.put("length", d.length());
        }
        if (d.input() != null) {
            payload(o, "input", d.input());
        }
        putIfSet(o, "roleArn", d.roleArn());
        putIfSet(o, "stateMachineAliasArn", d.stateMachineAliasArn());
        putIfSet(o, "stateMachineVersionArn", d.stateMachineVersionArn());
        if (d.output() != null) {
            payload(o, "output", d.output());
        }
        if (d.timeoutInSeconds() != null) {
            o.put("timeoutInSeconds", d.timeoutInSeconds());
        }
        if (d.heartbeatInSeconds() != null) {
            o.put("heartbeatInSeconds", d.heartbeatInSeconds());
        }
        putIfSet(o, "workerName", d.workerName());
        putIfSet(o, "mapRunArn", d.mapRunArn());
        if (d.redriveCount() != null) {
            o.put("redriveCount", d.redriveCount());
        }
        putIfSet(o, "error", d.error());
        putIfSet(o, "cause", d.cause());
        putIfSet(o, "location", d.location());
        putIfSet(o, "state", d.state());
        if (d.assignedVariables() != null) {
            ObjectNode vars = o.putObject("assignedVariables");
            for (Map.Entry<String, String> v : d.assignedVariables().entrySet()) {
                vars.put(v.getKey(), v.getValue());
            }
            o.putObject("assignedVariablesDetails").put("truncated", false);
        }
        return o;
    }

    private static void payload(ObjectNode o, String field, Payload p) {
        o.put(field, p.text());
        o.putObject(field + "Details").put("truncated", false);
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
