package dev.stepwise.asl.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.intrinsics.IntrinsicExpression;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.jsonata.JsonataExpression;

/**
 * A compiled value that is evaluated when a state runs: a JSONPath payload template
 * (Parameters, ResultSelector, ItemSelector, Assign: {@code "key.$"} members hold paths or
 * intrinsic calls) or a JSONata value ({@code "{% … %}"} strings anywhere). Static parts are kept
 * as they are and shared between evaluations (JSON nodes are never mutated).
 */
public sealed interface Template {

    JsonNode evaluate(EvalContext ctx);

    /** True when evaluation always returns the same value and reads nothing. */
    default boolean isStatic() {
        return false;
    }

    record Literal(JsonNode value) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            return value;
        }

        @Override
        public boolean isStatic() {
            return true;
        }
    }

    /** An object whose members are templates; {@code keys} are the output names (".$" removed). */
    record Obj(String[] keys, Template[] values) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            ObjectNode out = Json.object();
            for (int i = 0; i < keys.length; i++) {
                out.set(keys[i], values[i].evaluate(ctx));
            }
            return out;
        }
    }

    record Arr(Template[] items) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            ArrayNode out = Json.array();
            for (Template item : items) {
                out.add(item.evaluate(ctx));
            }
            return out;
        }
    }

    /** {@code "field.$": "$.path"}: the value at a path; a definite path that matches nothing fails. */
    record Path(JsonPathExpr path, String field) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            JsonNode value = ctx.read(path);
            if (value.isMissingNode()) {
                throw Failure.of(StatesErrors.RUNTIME, "The JSONPath '" + path.text() + "' specified for the field '"
                        + field + "' could not be found in the input '" + Json.write(documentOf(ctx)) + "'").raise();
            }
            return value;
        }

        private JsonNode documentOf(EvalContext ctx) {
            return switch (path.root()) {
                case INPUT -> ctx.input();
                case CONTEXT -> ctx.context();
                case VARIABLE -> {
                    JsonNode v = ctx.variable(path.variable());
                    yield v.isMissingNode() ? Json.NODES.nullNode() : v;
                }
            };
        }
    }

    /** {@code "field.$": "States.Format(…)"}. */
    record Intrinsic(IntrinsicExpression expression, String field) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            return expression.evaluate(ctx);
        }
    }

    /** {@code "{% expression %}"}; {@code field} names it in error messages ("Output/result"). */
    record Jsonata(JsonataExpression expression, String field) implements Template {
        @Override
        public JsonNode evaluate(EvalContext ctx) {
            return expression.evaluate(ctx, field);
        }
    }
}
