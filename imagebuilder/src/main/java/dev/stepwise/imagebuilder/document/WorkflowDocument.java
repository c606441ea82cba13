package dev.stepwise.imagebuilder.document;

import java.util.List;
import java.util.Optional;

/**
 * A workflow document as read: identification, parameters, steps in the order they run, and
 * outputs. Immutable; what {@link WorkflowDocuments#read} returns has passed every check.
 */
public record WorkflowDocument(String name, String description, String schemaVersion,
                               List<WorkflowParameter> parameters, List<WorkflowStep> steps,
                               List<WorkflowOutput> outputs) {

    public WorkflowDocument {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
        outputs = List.copyOf(outputs);
    }

    public Optional<WorkflowStep> step(String stepName) {
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
    }

    public Optional<WorkflowParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }
}
