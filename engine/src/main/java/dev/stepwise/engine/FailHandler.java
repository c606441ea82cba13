package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.FailState;

/** Fail: ends its block with an error and a cause, given literally, by path or by expression. */
final class FailHandler implements StateHandler {
    private final StateIO io;

    FailHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        FailState fail = (FailState) f.state;
        StateEval ctx = io.eval(f, f.stateInput);
        String error = text(fail.error(), fail.errorPath(), "ErrorPath", ctx);
        String cause = text(fail.cause(), fail.causePath(), "CausePath", ctx);
        return new Outcome.FrameFailed(Failure.of(error, cause));
    }

    private static String text(Template literal, JsonPathExpr path, String field, StateEval ctx) {
        if (literal != null) {
            return asText(literal.evaluate(ctx), field);
        }
        if (path != null) {
            JsonNode v = ctx.read(path);
            if (v.isMissingNode()) {
                throw Failure.of(StatesErrors.RUNTIME, "Invalid path '" + path.text() + "' : No results for path: "
                        + DataFlow.bracketed(path.text())).raise();
            }
            return asText(v, field);
        }
        return null;
    }

    private static String asText(JsonNode v, String field) {
        if (v.isTextual()) {
            return v.asText();
        }
        throw Failure.of(StatesErrors.RUNTIME, "The " + field + " field must resolve to a string, but was "
                + Json.write(v)).raise();
    }
}
