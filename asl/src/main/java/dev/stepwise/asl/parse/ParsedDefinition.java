package dev.stepwise.asl.parse;

import dev.stepwise.asl.model.StateMachine;
import java.util.List;

/**
 * The outcome of reading a definition: the machine (null when it could not be built) and every
 * problem found, errors and warnings, in the order they were found.
 */
public record ParsedDefinition(StateMachine machine, List<Diagnostic> diagnostics) {

    public boolean ok() {
        return machine != null && diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
