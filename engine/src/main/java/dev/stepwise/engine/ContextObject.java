package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds the context object ({@code $$}) a state sees. */
final class ContextObject {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ContextObject() {}

    static String timestamp(Instant t) {
        return ISO_MILLIS.format(t);
    }

    static JsonNode build(Frame frame, JsonNode mapItemIndex, JsonNode mapItemValue) {
        if (frame.execution.fixedContext != null) {
            return fixed(frame.execution.fixedContext, mapItemIndex, mapItemValue);
        }
        ExecutionInfo info = frame.execution.info;
        ObjectNode root = Json.object();
        ObjectNode execution = root.putObject("Execution");
        execution.put("Id", info.executionArn());
        execution.set("Input", info.input().node());
        execution.put("StartTime", timestamp(info.startTime()));
        execution.put("Name", info.name());
        execution.put("RoleArn", info.roleArn());
        execution.put("RedriveCount", frame.execution.redriveCount);
        ObjectNode machine = root.putObject("StateMachine");
        machine.put("Id", info.stateMachineArn());
        machine.put("Name", info.stateMachineName());
        if (frame.state != null) {
            ObjectNode state = root.putObject("State");
            state.put("Name", frame.state.name());
            state.put("EnteredTime", timestamp(frame.enteredTime));
            if (frame.state instanceof dev.stepwise.asl.model.TaskState) {
                state.put("RetryCount", frame.retryCount);
            }
        }
        if (frame.taskId != null && frame.execution.tasks.containsKey(frame.taskId)) {
            root.putObject("Task").put("Token", frame.execution.tokens.token(frame.taskId));
        }
        addMapItem(root, mapItemIndex, mapItemValue);
        return root;
    }

    /** A context object given as a whole (TestState), with the Map item an ItemSelector sees added. */
    private static JsonNode fixed(JsonNode given, JsonNode mapItemIndex, JsonNode mapItemValue) {
        if (mapItemValue == null || !given.isObject()) {
            return given;
        }
        ObjectNode root = ((ObjectNode) given).deepCopy();
        addMapItem(root, mapItemIndex, mapItemValue);
        return root;
    }

    private static void addMapItem(ObjectNode root, JsonNode mapItemIndex, JsonNode mapItemValue) {
        if (mapItemValue != null) {
            ObjectNode item = root.putObject("Map").putObject("Item");
            item.set("Index", mapItemIndex);
            item.set("Value", mapItemValue);
        }
    }
}
