package dev.stepwise.asl.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;

/** A compiled JSONata expression (the text between {@code {%} and {@code %}}). */
public final class JsonataExpression {
    private final String text;
    private final Jsonata compiled;

    private JsonataExpression(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /** @throws IllegalArgumentException when the expression does not parse */
    public static JsonataExpression compile(String text) {
        try {
            Jsonata compiled = Jsonata.jsonata(text);
            compiled.setOutputConvertNulls(false);
            return new JsonataExpression(text.strip(), compiled);
        } catch (JException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    public JsonNode evaluate(EvalContext ctx, String field) {
        return JsonataEvaluator.evaluate(this, compiled, ctx, field);
    }

    static Failure undefinedResult(String text, String field) {
        return Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                + "' specified for the field '" + field + "' returned nothing (undefined).");
    }

    /**
     * A value that is not JSON (a function such as {@code $sum}, a lambda, a regular expression),
     * at the top or nested: a field's value must be JSON, so it fails before any check of the
     * type the field expects (Items' array, Condition's boolean).
     */
    static Failure unsupportedResult(String text, String field) {
        return Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                + "' specified for the field '" + field + "' returned an unsupported result type.");
    }
}
