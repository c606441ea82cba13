package dev.stepwise.engine;

import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ResultFlow;

/** Succeed: ends its block with its (processed) input. */
final class SucceedHandler implements StateHandler {
    private final StateIO io;

    SucceedHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        Common c = f.state.common();
        if (c.jsonata()) {
            return io.complete(s, f, null, ResultFlow.NONE, c.assign(), c.output(), f.stateInput, null);
        }
        return io.complete(s, f, io.effectiveInput(f, null), ResultFlow.NONE, c.assign(), null, null, null);
    }
}
