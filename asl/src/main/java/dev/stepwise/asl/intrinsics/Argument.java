package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.json.Json;
import java.util.List;

/** One argument of an intrinsic call, as written: a literal, a path or a nested call. */
sealed interface Argument {

    JsonNode evaluate(Evaluation evaluation);

    /** What an evaluation needs: the context, and the whole expression as written (error causes name it). */
    record Evaluation(EvalContext ctx, String expression) {}

    /** A number, {@code true}, {@code false} or {@code null}. */
    record Literal(JsonNode value) implements Argument {
        @Override
        public JsonNode evaluate(Evaluation evaluation) {
            return value;
        }
    }

    /**
     * A single-quoted string. {@code source} is the text between the quotes with its escapes
     * intact (States.Format tells an escaped {@code \{\}} from a placeholder with it).
     */
    record StringLiteral(String value, String source) implements Argument {
        @Override
        public JsonNode evaluate(Evaluation evaluation) {
            return Json.text(value);
        }
    }

    /** {@code $.a.b}, {@code $$.Execution.Input}, {@code $var.x}: must match something. */
    record PathArgument(JsonPathExpr path) implements Argument {
        @Override
        public JsonNode evaluate(Evaluation evaluation) {
            EvalContext ctx = evaluation.ctx();
            JsonNode value = ctx.read(path);
            if (value.isMissingNode()) {
                throw IntrinsicFailures.pathNotFound(evaluation.expression(), path.text(), documentOf(ctx));
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

    /** {@code States.Name(arguments…)}. */
    record Call(IntrinsicFunctions.Signature function, List<Argument> arguments) implements Argument {
        @Override
        public JsonNode evaluate(Evaluation evaluation) {
            JsonNode[] values = new JsonNode[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments.get(i).evaluate(evaluation);
            }
            return function.body().apply(new Invocation(this, values, evaluation));
        }
    }
}
