package dev.stepwise.asl.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What an expression can see while a state evaluates one of its fields: the input the field
 * applies to ({@code $}), the context object ({@code $$}), the variables in scope ({@code $name})
 * and the random source.
 */
public interface EvalContext {
    JsonNode input();

    JsonNode context();

    /** The variable's current value, or {@link MissingNode} when it is not defined in scope. */
    JsonNode variable(String name);

    RandomSource random();

    /** JSONata's {@code $states.result}: the state's result, where there is one. */
    default JsonNode result() {
        return MissingNode.getInstance();
    }

    /** JSONata's {@code $states.errorOutput}: the error a Catch received. */
    default JsonNode errorOutput() {
        return MissingNode.getInstance();
    }

    /** The names of the variables in scope, for expression languages that bind them up front. */
    default java.util.Map<String, JsonNode> variables() {
        return java.util.Map.of();
    }

    /** Reads a path against the document its root designates. Missing when nothing matches. */
    default JsonNode read(JsonPathExpr path) {
        return switch (path.root()) {
            case INPUT -> path.read(input());
            case CONTEXT -> path.read(context());
            case VARIABLE -> {
                JsonNode value = variable(path.variable());
                yield value.isMissingNode() ? value : path.read(value);
            }
        };
    }

    /** A context over {@code input} with no variables and an empty context object. */
    static EvalContext of(JsonNode input, JsonNode context, RandomSource random) {
        return new EvalContext() {
            @Override
            public JsonNode input() {
                return input;
            }

            @Override
            public JsonNode context() {
                return context;
            }

            @Override
            public JsonNode variable(String name) {
                return MissingNode.getInstance();
            }

            @Override
            public RandomSource random() {
                return random;
            }
        };
    }
}
