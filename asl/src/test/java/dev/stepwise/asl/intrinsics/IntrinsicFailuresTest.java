package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.RUNTIME;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.context;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.asl.eval.EvaluationException;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.RandomSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicFailuresTest {

    @Test
    void pathArgumentThatMatchesNothingFailsWithStatesRuntime() {
        assertThat(failure("States.Format('{}', $.nope)", "{ \"other\" : 1 }")).isEqualTo(Failure.of(RUNTIME,
                "The function 'States.Format('{}', $.nope)' had the following error: "
                        + "The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'"));
    }

    @Test
    void failureInNestedCallNamesTheWholeExpression() {
        String expr = "States.Format('{}', States.Format('{}', $.nope))";
        assertThat(failure(expr, "{\"other\":1}")).isEqualTo(Failure.of(RUNTIME, "The function '" + expr
                + "' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'"));
        String bad = "States.Array(1, States.MathAdd('x', 1))";
        assertThat(failure(bad, "{}")).isEqualTo(invalidArguments(bad, "States.MathAdd"));
    }

    @Test
    void failureNamesTheExpressionAsWritten() {
        String expr = "States.Format('{}',$.nope)";
        assertThat(failure(expr, "{}").cause()).startsWith("The function 'States.Format('{}',$.nope)' had");
    }

    @Test
    void nullValueIsNotAMissingValue() {
        assertJson(eval("States.Format('{}', $.n)", "{\"n\": null}"), "\"null\"");
    }

    @Test
    void missingContextPathNamesTheContextObject() {
        var ctx = context(json("{\"a\":1}"), json("{\"Execution\":{\"Name\":\"x\"}}"), Map.of(), RandomSource.seeded(1));
        String expr = "States.Array($$.Execution.Nope)";
        var e = catchThrowableOfType(EvaluationException.class, () -> IntrinsicExpression.parse(expr).evaluate(ctx));
        assertThat(e.failure()).isEqualTo(Failure.of(RUNTIME, "The function '" + expr + "' had the following error: "
                + "The JsonPath argument for the field '$$.Execution.Nope' could not be found in the input '{\"Execution\":{\"Name\":\"x\"}}'"));
    }

    @Test
    void undefinedVariableIsAMissingValue() {
        var ctx = context(json("{}"), json("{}"), Map.of(), RandomSource.seeded(1));
        String expr = "States.Array($nope)";
        var e = catchThrowableOfType(EvaluationException.class, () -> IntrinsicExpression.parse(expr).evaluate(ctx));
        assertThat(e.failure()).isEqualTo(Failure.of(RUNTIME, "The function '" + expr + "' had the following error: "
                + "The JsonPath argument for the field '$nope' could not be found in the input 'null'"));
    }

    @Test
    void invalidArgumentsCauseNamesTheFunction() {
        String expr = "States.MathAdd($.firstNumber, $.secondNumber)";
        assertThat(failure(expr, "{\"firstNumber\": 1, \"secondNumber\": \"NOT A NUMBER\"}")).isEqualTo(Failure.of(RUNTIME,
                "The function 'States.MathAdd($.firstNumber, $.secondNumber)' had the following error: Invalid arguments in States.MathAdd"));
    }

    @Test
    void argumentsAreEvaluatedLeftToRightAndTheFirstFailureWins() {
        String expr = "States.Array($.a, States.MathAdd('x', 1))";
        assertThat(failure(expr, "{}").cause()).contains("The JsonPath argument for the field '$.a'");
    }
}
