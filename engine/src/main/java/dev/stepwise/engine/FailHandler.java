package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.FailState;

/**
 * Fail: ends its block with an error and a cause, given literally, by expression, or by
 * ErrorPath and CausePath (a path or an intrinsic call, which fail as a {@code "key.$"} value
 * does: a path that selects nothing is States.Runtime "The JSONPath … could not be found in the
 * input …").
 */
final class FailHandler implements StateHandler {
    private final StateIO io;

    FailHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        FailState fail = (FailState) f.state;
        StateEval ctx = io.eval(f, f.stateInput);
        String error = text(fail.error() != null ? fail.error() : fail.errorPath(), "ErrorPath", ctx);
        String cause = text(fail.cause() != null ? fail.cause() : fail.causePath(), "CausePath", ctx);
        return new Outcome.FrameFailed(Failure.of(error, cause));
    }

    private static String text(Template value, String field, StateEval ctx) {
        if (value == null) {
            return null;
        }
        JsonNode v = value.evaluate(ctx);
        if (v.isTextual()) {
            return v.asText();
        }
        throw Failure.of(StatesErrors.RUNTIME, "The " + field + " field must resolve to a string, but was "
                + Json.write(v)).raise();
    }
}
