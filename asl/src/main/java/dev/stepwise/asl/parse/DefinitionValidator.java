package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_TRANSITION_TARGET;

import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.Catcher;
import dev.stepwise.asl.model.ChoiceRule;
import dev.stepwise.asl.model.ChoiceState;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.TaskState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The semantic checks that follow parsing: every transition names a state of its own block,
 * state names are valid and unique in the whole machine.
 */
public final class DefinitionValidator {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> seenNames = new HashSet<>();

    private DefinitionValidator() {}

    public static List<Diagnostic> validate(StateMachine machine) {
        DefinitionValidator v = new DefinitionValidator();
        v.block(machine.block());
        return v.diagnostics;
    }

    private void block(Block block) {
        if (block.startAt() != null && !block.states().containsKey(block.startAt())) {
            missingTarget(block.startAt(), block.location() + "/StartAt");
        }
        for (State state : block.states().values()) {
            String location = state.common().location();
            if (!seenNames.add(state.name())) {
                diagnostics.add(Diagnostic.error(DUPLICATE_STATE_NAME, "Duplicate State name: " + state.name(), location));
            }
            if (state.name().isEmpty() || state.name().length() > 80) {
                diagnostics.add(Diagnostic.error(INVALID_STATE_NAME,
                        "State name must be between 1 and 80 characters: " + state.name(), location));
            }
            target(block, state.common().next(), location + "/Next");
            switch (state) {
                case ChoiceState c -> {
                    for (int i = 0; i < c.choices().size(); i++) {
                        ChoiceRule rule = c.choices().get(i);
                        target(block, rule.next(), location + "/Choices/" + i + "/Next");
                    }
                    target(block, c.defaultNext(), location + "/Default");
                }
                case TaskState t -> catchers(block, t.errors().catchers(), location);
                case ParallelState p -> {
                    catchers(block, p.errors().catchers(), location);
                    p.branches().forEach(this::block);
                }
                case MapState m -> {
                    catchers(block, m.errors().catchers(), location);
                    block(m.processor());
                }
                default -> { }
            }
        }
    }

    private void catchers(Block block, List<Catcher> catchers, String location) {
        for (int i = 0; i < catchers.size(); i++) {
            target(block, catchers.get(i).next(), location + "/Catch/" + i + "/Next");
        }
    }

    private void target(Block block, String next, String location) {
        if (next != null && !block.states().containsKey(next)) {
            missingTarget(next, location);
        }
    }

    private void missingTarget(String next, String location) {
        diagnostics.add(Diagnostic.error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: " + next, location));
    }
}
