package dev.stepwise.imagebuilder.document;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step of a workflow document: its action with the inputs given to it (names without the
 * {@code .$} suffix; a reference's value is an {@link InputValue.Reference}), its condition (null:
 * always runs), what its failure does, whether it rolls back (a boolean literal or a variable),
 * and its time-out in seconds (null: the action's default, see {@link StepActions}).
 */
public record WorkflowStep(String name, String action, String description, Map<String, InputValue> inputs,
                           Condition condition, OnFailure onFailure, InputValue rollbackEnabled,
                           Integer timeoutSeconds) {

    public WorkflowStep {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
