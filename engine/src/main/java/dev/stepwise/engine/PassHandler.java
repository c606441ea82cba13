package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.PassState;

/** Pass: passes its input on, or its Result, through the usual data flow. */
final class PassHandler implements StateHandler {
    private final StateIO io;

    PassHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        PassState pass = (PassState) f.state;
        Common c = pass.common();
        if (c.jsonata()) {
            return io.complete(s, f, null, pass.flow(), c.assign(), c.output(), f.stateInput, c.next());
        }
        JsonNode effective = io.effectiveInput(f, pass.flow().parameters());
        JsonNode result = pass.result() != null ? pass.result() : effective;
        return io.complete(s, f, result, pass.flow(), c.assign(), null, null, c.next());
    }
}
