package dev.stepwise.imagebuilder.document;

import java.util.List;

/**
 * A parameter of a workflow document. {@code defaultValue} is the default as the API reports it
 * (a list of strings: one for a scalar, one per item for a stringList), or null when the parameter
 * has none, which makes a value required when the workflow runs.
 */
public record WorkflowParameter(String name, ParameterType type, List<String> defaultValue, String description) {

    public WorkflowParameter {
        defaultValue = defaultValue == null ? null : List.copyOf(defaultValue);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
