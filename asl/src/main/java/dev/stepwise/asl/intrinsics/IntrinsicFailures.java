package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvaluationException;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;

/**
 * The failures an intrinsic call raises while it runs, worded as AWS words them. The engine puts
 * AWS's "An error occurred while executing the state '…' (entered at the event id #n). " in
 * front, as it does for every state failure.
 *
 * <p>Error name: AWS fails a bad intrinsic call with {@code States.Runtime}, not with the
 * {@code States.IntrinsicFailure} the States Language specification (Appendix A) defines. Sources:
 * executions recorded against AWS and quoted in public projects, e.g. integration tests asserting
 * {@code execution.error == 'States.Runtime'} and {@code 'Invalid arguments in States.MathAdd' in
 * execution.cause} for {@code States.MathAdd($.firstNumber, $.secondNumber)} on a non-number, and
 * run notes reading "States.Runtime: Invalid arguments in States.StringToJson".
 *
 * <p>Cause: {@code The function '<the whole expression as written>' had the following error:
 * <detail>} (the outermost expression is named even when a nested call failed). Source: AWS
 * causes quoted verbatim in public projects, e.g. the README of a CDK construct: "The function
 * 'States.Array(…)' had the following error: The JsonPath argument for the field '…' could not be
 * found in the input '…'".
 */
final class IntrinsicFailures {
    private IntrinsicFailures() {}

    /**
     * A path argument that matches nothing. Wording: the AWS cause quoted above. The input is
     * written compactly, as AWS writes payloads.
     */
    static EvaluationException pathNotFound(String expression, String path, JsonNode document) {
        return fail(expression, "The JsonPath argument for the field '" + path
                + "' could not be found in the input '" + Json.write(document) + "'");
    }

    /**
     * Arguments of the wrong type or value, or data a function cannot work on (bad JSON, bad
     * Base64, index out of range, a range over 1000 items, …). Wording: "Invalid arguments in
     * States.X", as AWS reports it for States.MathAdd and States.StringToJson (sources above) and as
     * third-party characterisations against AWS report it for States.ArrayRange,
     * States.ArrayPartition and States.MathRandom. AWS does not say which argument was wrong.
     */
    static EvaluationException invalidArguments(String expression, String function) {
        return fail(expression, "Invalid arguments in " + function);
    }

    /**
     * A States.Format template with a '{' that does not open a "{}" placeholder. Wording: the AWS
     * message reported by users ("States.Format Fails with matching '}' not found for '{'"); its
     * exact capitalisation and punctuation could not be confirmed.
     */
    static EvaluationException unmatchedBrace(String expression) {
        return fail(expression, "Matching '}' not found for '{'.");
    }

    private static EvaluationException fail(String expression, String detail) {
        return Failure.of(StatesErrors.RUNTIME,
                "The function '" + expression + "' had the following error: " + detail).raise();
    }
}
