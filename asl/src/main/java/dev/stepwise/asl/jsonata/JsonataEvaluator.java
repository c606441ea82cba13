package dev.stepwise.asl.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;

/** Runs JSONata expressions with the bindings a state provides ($states, variables). */
final class JsonataEvaluator {
    private JsonataEvaluator() {}

    static JsonNode evaluate(JsonataExpression expression, Jsonata compiled, EvalContext ctx, String field) {
        try {
            Object result = compiled.evaluate(null);
            if (result == null) {
                throw JsonataExpression.undefinedResult(expression.text(), field).raise(field);
            }
            return JsonataValues.toJson(result);
        } catch (JException e) {
            throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + expression.text()
                    + "' specified for the field '" + field + "' threw an error during evaluation. "
                    + e.getMessage()).raise(field);
        }
    }
}
