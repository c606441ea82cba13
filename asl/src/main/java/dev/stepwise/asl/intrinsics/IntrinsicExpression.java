package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvalContext;

/**
 * A compiled intrinsic function call such as {@code States.Format('Hello {}', $.name)}, the value
 * of a {@code "key.$"} payload template member (JSONPath query language only).
 *
 * <p>Parsing checks everything that can be known from the text alone (function names, argument
 * grammar, argument counts); everything that depends on data is checked when the call is
 * evaluated, and fails the way AWS fails it (see {@link IntrinsicFailures}).
 */
public final class IntrinsicExpression {
    private static final String PREFIX = "States.";

    private final String text;
    private final Argument.Call call;

    private IntrinsicExpression(String text, Argument.Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when the text is meant as an intrinsic call (starts with "States."), as AWS decides for a "key.$" value. */
    public static boolean isIntrinsic(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /**
     * Parses a call like {@code States.Format('Hello {}', $.name)}.
     *
     * @throws IllegalArgumentException with a one-sentence reason when the text is not a valid call
     */
    public static IntrinsicExpression parse(String text) {
        return new IntrinsicExpression(text, IntrinsicParser.parse(text));
    }

    /**
     * Evaluates the call against the context.
     *
     * @throws dev.stepwise.asl.eval.EvaluationException carrying the failure AWS reports
     */
    public JsonNode evaluate(EvalContext ctx) {
        return call.evaluate(new Argument.Evaluation(ctx, text));
    }

    public String text() {
        return text;
    }

    /** The name of the outermost function called ("States.Format"). */
    public String function() {
        return call.function().name();
    }

    @Override
    public String toString() {
        return text;
    }
}
