package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.document.Condition;
import dev.stepwise.imagebuilder.document.InputValue;
import dev.stepwise.imagebuilder.document.SystemVariables;
import dev.stepwise.imagebuilder.document.VariablePath;
import dev.stepwise.imagebuilder.document.WorkflowStep;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The values of a document's variables in a run: {@code $.parameters.<name>}, {@code
 * $.stepOutputs.<step>.<output>} and {@code $.imagebuilder.<variable>} read from the run's data
 * ({@link RunData}), then any further members and indexes. A variable that names nothing is null.
 * Pure: the same data always gives the same values.
 */
public final class RunValues {
    private RunValues() {}

    /** The step's inputs with every variable resolved, under the names the document gives them. */
    public static ObjectNode inputs(WorkflowStep step, JsonNode data) {
        ObjectNode o = Json.object();
        step.inputs().forEach((name, value) -> o.set(name, value(value, data)));
        return o;
    }

    /** Whether the step runs: its {@code if} holds, or it has none. */
    public static boolean runs(WorkflowStep step, JsonNode data) {
        return step.condition() == null || holds(step.condition(), data);
    }

    /** Whether the step rolls back when a later step aborts the workflow (true unless it says otherwise). */
    public static boolean rollbackEnabled(WorkflowStep step, JsonNode data) {
        if (step.rollbackEnabled() == null) {
            return true;
        }
        JsonNode v = value(step.rollbackEnabled(), data);
        return v.isBoolean() ? v.booleanValue() : !"false".equalsIgnoreCase(v.asText());
    }

    public static JsonNode value(InputValue value, JsonNode data) {
        return switch (value) {
            case InputValue.Literal l -> l.value();
            case InputValue.Reference r -> variable(r.path(), data);
            case InputValue.Template t -> Json.text(interpolate(t, data));
            case InputValue.ListValue l -> {
                ArrayNode a = Json.array();
                l.items().forEach(item -> a.add(value(item, data)));
                yield a;
            }
            case InputValue.MapValue m -> {
                ObjectNode o = Json.object();
                for (Map.Entry<String, InputValue> e : m.entries().entrySet()) {
                    o.set(e.getKey(), value(e.getValue(), data));
                }
                yield o;
            }
        };
    }

    private static String interpolate(InputValue.Template t, JsonNode data) {
        String text = t.text();
        for (VariablePath p : t.paths()) {
            JsonNode v = variable(p, data);
            String replacement = v.isValueNode() ? v.asText() : Json.write(v);
            text = text.replaceAll("\\{\\{\\s*" + java.util.regex.Pattern.quote(p.text()) + "\\s*}}",
                    java.util.regex.Matcher.quoteReplacement(replacement));
        }
        return text;
    }

    /** The value a variable reads; null when it names nothing (yet). */
    public static JsonNode variable(VariablePath path, JsonNode data) {
        JsonNode node = switch (path.root()) {
            case PARAMETERS -> data.path(RunData.PARAMETERS).get(path.first());
            case STEP_OUTPUTS -> data.path(RunData.STEP_OUTPUTS).get(path.first());
            case IMAGEBUILDER -> data.path(RunData.IMAGEBUILDER)
                    .get(SystemVariables.canonical(path.first()).orElse(path.first()));
            case WORKFLOW_OUTPUTS -> null;
        };
        for (String segment : path.segments().subList(1, path.segments().size())) {
            if (node == null) {
                break;
            }
            node = segment.startsWith("[") ? node.get(Integer.parseInt(segment.substring(1, segment.length() - 1)))
                    : node.get(segment);
        }
        return node == null ? NullNode.getInstance() : node;
    }

    static boolean holds(Condition c, JsonNode data) {
        return switch (c) {
            case Condition.And and -> and.conditions().stream().allMatch(x -> holds(x, data));
            case Condition.Or or -> or.conditions().stream().anyMatch(x -> holds(x, data));
            case Condition.Not not -> !holds(not.condition(), data);
            case Condition.Comparison cmp -> compare(cmp, value(cmp.value(), data));
        };
    }

    private static boolean compare(Condition.Comparison c, JsonNode actual) {
        JsonNode operand = c.operand();
        return switch (c.operator().kind()) {
            case BOOLEAN -> bool(actual) != null && bool(actual).equals(bool(operand));
            case STRING -> actual.isValueNode() && !actual.isNull() && actual.asText().equals(operand.asText());
            case NUMBER -> {
                BigDecimal a = number(actual);
                BigDecimal b = number(operand);
                if (a == null || b == null) {
                    yield false;
                }
                int cmp = a.compareTo(b);
                yield switch (c.operator()) {
                    case NUMBER_EQUALS -> cmp == 0;
                    case NUMBER_GREATER_THAN -> cmp > 0;
                    case NUMBER_GREATER_THAN_EQUALS -> cmp >= 0;
                    case NUMBER_LESS_THAN -> cmp < 0;
                    case NUMBER_LESS_THAN_EQUALS -> cmp <= 0;
                    default -> false;
                };
            }
        };
    }

    private static Boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        return null;
    }

    private static BigDecimal number(JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        try {
            return v.isTextual() ? new BigDecimal(v.asText().strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
