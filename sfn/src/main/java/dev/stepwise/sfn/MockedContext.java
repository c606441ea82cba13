package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.ServiceException;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks a context object a TestState caller supplies in place of the one Step Functions builds.
 * It may hold Execution, State, StateMachine and Task with their usual fields, each of its type;
 * Map is refused (a Map item only exists inside a Map's iteration). AWS's words:
 * "Invalid Context object provided: Field 'X' is not allowed", "… Execution.Id must be a string",
 * "… 'Map' field is not supported when mocking a Context object".
 */
final class MockedContext {
    private enum Kind { STRING, INTEGER, ANY }

    private static final Map<String, Map<String, Kind>> FIELDS = Map.of(
            "Execution", Map.of("Id", Kind.STRING, "Input", Kind.ANY, "Name", Kind.STRING, "RoleArn", Kind.STRING,
                    "StartTime", Kind.STRING, "RedriveCount", Kind.INTEGER, "RedriveTime", Kind.STRING),
            "State", Map.of("EnteredTime", Kind.STRING, "Name", Kind.STRING, "RetryCount", Kind.INTEGER),
            "StateMachine", Map.of("Id", Kind.STRING, "Name", Kind.STRING),
            "Task", Map.of("Token", Kind.STRING));

    private MockedContext() {}

    /** The context object in {@code text}, or a ValidationException naming its first problem. */
    static JsonNode parse(String text) {
        JsonNode context;
        try {
            context = dev.stepwise.asl.json.Json.parse(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("The Context object must be valid JSON");
        }
        if (!context.isObject()) {
            throw invalid("The Context object must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = context.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> section = it.next();
            String name = section.getKey();
            if (name.equals("Map")) {
                throw invalid("'Map' field is not supported when mocking a Context object");
            }
            Map<String, Kind> fields = FIELDS.get(name);
            if (fields == null) {
                throw notAllowed(name);
            }
            if (!section.getValue().isObject()) {
                throw invalid(name + " must be an object");
            }
            checkFields(name, section.getValue(), fields);
        }
        return context;
    }

    private static void checkFields(String section, JsonNode object, Map<String, Kind> fields) {
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            Kind kind = fields.get(field.getKey());
            if (kind == null) {
                throw notAllowed(field.getKey());
            }
            JsonNode v = field.getValue();
            if (kind == Kind.STRING && !v.isTextual()) {
                throw invalid(section + "." + field.getKey() + " must be a string");
            }
            if (kind == Kind.INTEGER && !v.isIntegralNumber()) {
                throw invalid(section + "." + field.getKey() + " must be an integer");
            }
        }
    }

    private static ServiceException notAllowed(String field) {
        return invalid("Field '" + field + "' is not allowed");
    }

    private static ServiceException invalid(String problem) {
        return ServiceException.sfn("ValidationException", "Invalid Context object provided: " + problem);
    }
}
