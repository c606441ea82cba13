package dev.stepwise.asl.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.EvaluationException;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import java.util.Map;

/** Shortcuts for the intrinsic tests: parse JSON, evaluate a call, catch its failure. */
final class IntrinsicTesting {
    static final String RUNTIME = "States.Runtime";

    private IntrinsicTesting() {}

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static EvalContext context(JsonNode input, JsonNode contextObject, Map<String, JsonNode> variables, RandomSource random) {
        return new EvalContext() {
            @Override
            public JsonNode input() {
                return input;
            }

            @Override
            public JsonNode context() {
                return contextObject;
            }

            @Override
            public JsonNode variable(String name) {
                JsonNode value = variables.get(name);
                return value == null ? MissingNode.getInstance() : value;
            }

            @Override
            public RandomSource random() {
                return random;
            }
        };
    }

    static JsonNode eval(String expression) {
        return eval(expression, "{}");
    }

    static JsonNode eval(String expression, String input) {
        return eval(expression, json(input), RandomSource.seeded(7));
    }

    static JsonNode eval(String expression, JsonNode input, RandomSource random) {
        return IntrinsicExpression.parse(expression)
                .evaluate(context(input, json("{}"), Map.of(), random));
    }

    static Failure failure(String expression, String input) {
        IntrinsicExpression parsed = IntrinsicExpression.parse(expression);
        EvaluationException e = catchThrowableOfType(EvaluationException.class,
                () -> parsed.evaluate(context(json(input), json("{}"), Map.of(), RandomSource.seeded(7))));
        assertThat(e).as("%s should fail on %s", expression, input).isNotNull();
        return e.failure();
    }

    /** The failure AWS reports for invalid arguments, for the whole expression as written. */
    static Failure invalidArguments(String expression, String function) {
        return Failure.of(RUNTIME, "The function '" + expression + "' had the following error: Invalid arguments in " + function);
    }

    /** Asserts the value, JSON type included (1 is not 1.0, "1" is not 1). */
    static void assertJson(JsonNode actual, String expected) {
        JsonNode wanted = json(expected);
        assertThat(Json.write(actual)).isEqualTo(Json.write(wanted));
        assertThat(actual).isEqualTo(wanted);
    }
}
