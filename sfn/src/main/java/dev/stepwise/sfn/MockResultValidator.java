package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.models.ServiceModel;
import dev.stepwise.models.Shape;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Checks TestState's mocked result of a Task against the output shape of the API the Task calls
 * ({@link TaskResultShape}), as {@code mock.fieldValidationMode} asks (MockInput in the Step
 * Functions API reference):
 * <ul>
 *   <li>STRICT, the default: every required member is present, and every member present conforms;</li>
 *   <li>PRESENT: every member present conforms;</li>
 *   <li>NONE: nothing is checked.</li>
 * </ul>
 * Members are named as Step Functions names them in task results, in PascalCase ("executionArn"
 * is ExecutionArn). Fields the shape does not have are not checked (a mock may carry more than
 * the API answers, such as the optimised integrations' SdkHttpMetadata), nor are nulls (a member
 * left out). A value conforms when it is of its shape's JSON kind (a structure or map an object,
 * a list an array, a string, blob or timestamp a string, a number a number, a boolean a
 * boolean), one of its enum's values, and within the model's length (characters of a string or
 * blob, items of a list or map) and range bounds; the items of lists and maps and the members of
 * nested structures conform likewise. A result that is not a JSON object is not checked.
 *
 * <p>The first problem found, walking the mock in its own order, fails the request with
 * ValidationException "Mock result schema validation error: Field '&lt;name&gt;' …", the name
 * being the member's (a list's for its items, the key for a map's entries).
 */
final class MockResultValidator {
    enum Mode { STRICT, PRESENT, NONE }

    private final ServiceModel model;
    private final boolean strict;

    private MockResultValidator(ServiceModel model, boolean strict) {
        this.model = model;
        this.strict = strict;
    }

    /**
     * Fails with ValidationException when {@code result}, mocked for {@code state}, does not
     * conform to the result of the API it calls; {@code mode} is the request's
     * fieldValidationMode (null for the default, STRICT).
     */
    static void check(State state, JsonNode result, String mode) {
        if (!(state instanceof TaskState task)) {
            return;
        }
        TaskResultShape.of(task.resource()).ifPresent(shape -> {
            String problem = problem(shape, result, mode == null ? Mode.STRICT : Mode.valueOf(mode));
            if (problem != null) {
                throw ServiceException.sfn("ValidationException", "Mock result schema validation error: " + problem);
            }
        });
    }

    /** What is wrong with {@code result} as a result of {@code shape} under {@code mode}, or null. */
    static String problem(TaskResultShape shape, JsonNode result, Mode mode) {
        if (mode == Mode.NONE || !result.isObject()) {
            return null;
        }
        return new MockResultValidator(shape.model(), mode == Mode.STRICT).structure(result, shape.root());
    }

    private String conforms(JsonNode value, Shape shape, String field) {
        return switch (shape) {
            case Shape.Structure s -> value.isObject() ? structure(value, s) : say(field, "must be an object");
            case Shape.ListOf l -> value.isArray() ? list(value, l, field) : say(field, "must be an array");
            case Shape.MapOf m -> value.isObject() ? map(value, m, field) : say(field, "must be an object");
            case Shape.Text t -> value.isTextual() ? text(value.asText(), t, field) : say(field, "must be a string");
            case Shape.Blob b -> value.isTextual() ? length(value.asText().length(), b.length(), field)
                    : say(field, "must be a string");
            case Shape.Numeric n -> value.isNumber() ? range(value.decimalValue(), n.range(), field)
                    : say(field, "must be a number");
            case Shape.Bool b -> value.isBoolean() ? null : say(field, "must be a boolean");
            case Shape.Timestamp t -> value.isTextual() ? null : say(field, "must be a string");
            case Shape.Document d -> null;
        };
    }

    private String structure(JsonNode value, Shape.Structure s) {
        if (strict) {
            for (String required : s.required()) {
                JsonNode member = value.path(pascal(required));
                if (member.isMissingNode() || member.isNull()) {
                    return say(pascal(required), "is required");
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String target = member(s, field.getKey());
            String problem = target == null || field.getValue().isNull() ? null
                    : conforms(field.getValue(), model.shape(target), field.getKey());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The shape of the member a result names {@code field}, or null when the structure has none. */
    private static String member(Shape.Structure s, String field) {
        for (Map.Entry<String, String> m : s.members().entrySet()) {
            if (pascal(m.getKey()).equals(field)) {
                return m.getValue();
            }
        }
        return null;
    }

    private String list(JsonNode value, Shape.ListOf l, String field) {
        String problem = length(value.size(), l.length(), field);
        for (int i = 0; problem == null && i < value.size(); i++) {
            if (!value.get(i).isNull()) {
                problem = conforms(value.get(i), model.shape(l.member()), field);
            }
        }
        return problem;
    }

    private String map(JsonNode value, Shape.MapOf m, String field) {
        String problem = length(value.size(), m.length(), field);
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (problem == null) {
                problem = conforms(TextNode.valueOf(e.getKey()), model.shape(m.key()), e.getKey());
            }
            if (problem == null && !e.getValue().isNull()) {
                problem = conforms(e.getValue(), model.shape(m.value()), e.getKey());
            }
        }
        return problem;
    }

    private static String text(String text, Shape.Text t, String field) {
        if (!t.values().isEmpty() && !t.values().contains(text)) {
            return say(field, "is not an expected value");
        }
        return length(text.codePointCount(0, text.length()), t.length(), field);
    }

    private static String length(int length, Shape.Bounds bounds, String field) {
        if (bounds.min() != null && BigDecimal.valueOf(length).compareTo(bounds.min()) < 0) {
            return say(field, "is smaller than the minimum length");
        }
        if (bounds.max() != null && BigDecimal.valueOf(length).compareTo(bounds.max()) > 0) {
            return say(field, "exceeds the maximum length");
        }
        return null;
    }

    private static String range(BigDecimal value, Shape.Bounds bounds, String field) {
        if (bounds.min() != null && value.compareTo(bounds.min()) < 0) {
            return say(field, "is less than the minimum value");
        }
        if (bounds.max() != null && value.compareTo(bounds.max()) > 0) {
            return say(field, "exceeds the maximum value");
        }
        return null;
    }

    private static String say(String field, String what) {
        return "Field '" + field + "' " + what;
    }

    /** A model member's name as task results carry it: its first letter in upper case. */
    static String pascal(String member) {
        return member.isEmpty() ? member : Character.toUpperCase(member.charAt(0)) + member.substring(1);
    }
}
