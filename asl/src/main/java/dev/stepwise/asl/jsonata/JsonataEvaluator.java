package dev.stepwise.asl.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a JSONata expression with the bindings a state provides: {@code $states} (input, context,
 * result, errorOutput where they exist), every variable in scope, and the functions AWS adds.
 */
final class JsonataEvaluator {
    private JsonataEvaluator() {}

    static JsonNode evaluate(JsonataExpression expression, Jsonata compiled, EvalContext ctx, String field) {
        Object result;
        try {
            // The library keeps per-evaluation state on the compiled expression.
            synchronized (compiled) {
                Jsonata.Frame frame = compiled.createFrame();
                frame.bind("states", states(ctx));
                for (Map.Entry<String, JsonNode> v : ctx.variables().entrySet()) {
                    frame.bind(v.getKey(), JsonataValues.toJava(v.getValue()));
                }
                AwsFunctions.bind(frame, ctx.random());
                result = compiled.evaluate(null, frame);
            }
        } catch (JException e) {
            throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression.text()
                    + "' specified for the field '" + field + "' threw an error during evaluation. "
                    + e.getError() + ": " + e.getMessage()).raise(field);
        } catch (EvaluationFailedInFunction e) {
            throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression.text()
                    + "' specified for the field '" + field + "' threw an error during evaluation. "
                    + e.getMessage()).raise(field);
        }
        if (result == null) {
            throw JsonataExpression.undefinedResult(expression.text(), field).raise(field);
        }
        JsonNode json = JsonataValues.toJson(result);
        if (json == null) {
            throw JsonataExpression.unsupportedResult(expression.text(), field).raise(field);
        }
        return json;
    }

    private static Map<String, Object> states(EvalContext ctx) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", JsonataValues.toJava(ctx.input()));
        states.put("context", JsonataValues.toJava(ctx.context()));
        if (!ctx.result().isMissingNode()) {
            states.put("result", JsonataValues.toJava(ctx.result()));
        }
        if (!ctx.errorOutput().isMissingNode()) {
            states.put("errorOutput", JsonataValues.toJava(ctx.errorOutput()));
        }
        return states;
    }

    /** Thrown by the AWS functions for bad arguments; reported like a JSONata error. */
    static final class EvaluationFailedInFunction extends RuntimeException {
        EvaluationFailedInFunction(String message) {
            super(message, null, false, false);
        }
    }
}
