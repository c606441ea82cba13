package dev.stepwise.asl.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.ComparisonOperator;
import dev.stepwise.asl.model.Condition;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Evaluates Choice conditions. A comparison whose variable has the wrong type is false (AWS does
 * not fail it); a variable path that matches nothing is a States.Runtime failure, except for
 * IsPresent, whose whole point is to ask.
 */
public final class Conditions {
    private Conditions() {}

    public static boolean matches(Condition condition, EvalContext ctx) {
        return switch (condition) {
            case Condition.And and -> {
                for (Condition c : and.conditions()) {
                    if (!matches(c, ctx)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Condition.Or or -> {
                for (Condition c : or.conditions()) {
                    if (matches(c, ctx)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Condition.Not not -> !matches(not.condition(), ctx);
            case Condition.Comparison cmp -> compare(cmp, ctx);
            case Condition.Expression expr -> {
                JsonNode v = expr.condition().evaluate(ctx);
                if (!v.isBoolean()) {
                    String text = expr.condition() instanceof Template.Jsonata j ? j.expression().text() : Json.write(v);
                    throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                            + "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '"
                            + Json.typeName(v) + "' for value: " + Json.write(v)).raise("Condition");
                }
                yield v.booleanValue();
            }
        };
    }

    private static boolean compare(Condition.Comparison cmp, EvalContext ctx) {
        ComparisonOperator op = cmp.operator();
        JsonNode value = ctx.read(cmp.variable());
        if (op == ComparisonOperator.IsPresent) {
            return !value.isMissingNode() == cmp.operand().booleanValue();
        }
        if (value.isMissingNode()) {
            throw Failure.of(StatesErrors.RUNTIME, "Invalid path '" + cmp.variable().text()
                    + "': The choice state's condition path references an invalid value.").raise();
        }
        if (op.kind() == ComparisonOperator.Kind.TYPE_TEST) {
            boolean is = switch (op) {
                case IsNull -> value.isNull();
                case IsNumeric -> value.isNumber();
                case IsString -> value.isTextual();
                case IsBoolean -> value.isBoolean();
                case IsTimestamp -> value.isTextual() && Timestamps.isValid(value.asText());
                default -> throw new IllegalStateException(op.name());
            };
            return is == cmp.operand().booleanValue();
        }
        JsonNode operand = cmp.operand();
        if (op.takesPath()) {
            operand = ctx.read(cmp.operandPath());
            if (operand.isMissingNode()) {
                throw Failure.of(StatesErrors.RUNTIME, "Invalid path '" + cmp.operandPath().text()
                        + "': The choice state's condition path references an invalid value.").raise();
            }
        }
        if (op == ComparisonOperator.StringMatches) {
            return value.isTextual() && Wildcards.matches(operand.asText(), value.asText());
        }
        Integer order = order(op.kind(), value, operand);
        if (order == null) {
            return false;
        }
        return switch (op.relation()) {
            case "Equals" -> order == 0;
            case "LessThan" -> order < 0;
            case "GreaterThan" -> order > 0;
            case "LessThanEquals" -> order <= 0;
            case "GreaterThanEquals" -> order >= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** The order of value against operand, or null when they are not comparable as this kind. */
    private static Integer order(ComparisonOperator.Kind kind, JsonNode value, JsonNode operand) {
        switch (kind) {
            case STRING -> {
                if (!value.isTextual() || !operand.isTextual()) {
                    return null;
                }
                return Integer.signum(value.asText().compareTo(operand.asText()));
            }
            case NUMERIC -> {
                if (!value.isNumber() || !operand.isNumber()) {
                    return null;
                }
                return decimal(value).compareTo(decimal(operand));
            }
            case BOOLEAN -> {
                if (!value.isBoolean() || !operand.isBoolean()) {
                    return null;
                }
                return value.booleanValue() == operand.booleanValue() ? 0 : 1;
            }
            case TIMESTAMP -> {
                if (!value.isTextual() || !operand.isTextual()) {
                    return null;
                }
                OffsetDateTime a = Timestamps.parse(value.asText());
                OffsetDateTime b = Timestamps.parse(operand.asText());
                if (a == null || b == null) {
                    return null;
                }
                return Integer.signum(a.toInstant().compareTo(b.toInstant()));
            }
            default -> {
                return null;
            }
        }
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isBigDecimal() || n.isDouble() || n.isFloat() ? new BigDecimal(n.asText()) : new BigDecimal(n.bigIntegerValue());
    }
}
