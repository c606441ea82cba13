package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Conditions;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.model.ChoiceRule;
import dev.stepwise.asl.model.ChoiceState;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ResultFlow;

/**
 * Choice: the first rule whose condition holds picks the next state (with its own Assign and
 * Output); otherwise Default, with the state's; otherwise States.NoChoiceMatched.
 */
final class ChoiceHandler implements StateHandler {
    private final StateIO io;

    ChoiceHandler(Interpreter interpreter) {
        this.io = new StateIO(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        ChoiceState choice = (ChoiceState) f.state;
        Common c = choice.common();
        JsonNode effective = c.jsonata() ? f.stateInput : io.effectiveInput(f, null);
        StateEval ctx = io.eval(f, effective);
        for (ChoiceRule rule : choice.choices()) {
            if (Conditions.matches(rule.condition(), ctx)) {
                return finish(s, f, effective, rule.assign(), rule.output(), rule.next());
            }
        }
        if (choice.defaultNext() != null) {
            return finish(s, f, effective, c.assign(), c.output(), choice.defaultNext());
        }
        return new Outcome.Failed(Failure.of(StatesErrors.NO_CHOICE_MATCHED, "No Matches!"), f.lastEventId);
    }

    private Outcome finish(Step s, Frame f, JsonNode effective, dev.stepwise.asl.eval.Template assign,
                           dev.stepwise.asl.eval.Template output, String next) {
        return io.complete(s, f, effective, ResultFlow.NONE, assign, output, f.stateInput, next);
    }
}
