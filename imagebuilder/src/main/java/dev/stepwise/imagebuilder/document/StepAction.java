package dev.stepwise.imagebuilder.document;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A step action Image Builder supports, as its documentation describes it ("Supported step actions
 * for your workflow document"): the workflow types it can run in, its inputs, its outputs (the
 * names {@code $.stepOutputs.<step>.<output>} can read), its time-out when the step sets none and
 * the longest one a step may set, and whether it has a rollback.
 */
public record StepAction(String name, Set<WorkflowType> stages, List<ActionInput> inputs, List<String> outputs,
                         Duration defaultTimeout, Duration maxTimeout, boolean rollsBack) {

    public StepAction {
        stages = Set.copyOf(stages);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<ActionInput> input(String inputName) {
        return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
    }

    /** The kinds of value an input takes. */
    public enum InputType {
        STRING("a string"), BOOLEAN("a boolean"), INTEGER("an integer"), LIST("a list"), MAP("a map"),
        STRING_LIST("a list of strings"), STRING_LIST_MAP("a map of names to lists of strings");

        private final String description;

        InputType(String description) {
            this.description = description;
        }

        /** How messages name the kind: "a boolean". */
        public String description() {
            return description;
        }
    }

    /**
     * An input of an action: its name, kind, whether a step must give it, the values it may take
     * (empty: any), whether it may only be a reference to another step's output (given as
     * {@code name.$}), and for a list of maps the fields of each item.
     */
    public record ActionInput(String name, InputType type, boolean required, List<String> allowedValues,
                              boolean referenceOnly, List<ActionInput> itemFields) {

        public ActionInput {
            allowedValues = List.copyOf(allowedValues);
            itemFields = List.copyOf(itemFields);
        }

        static ActionInput required(String name, InputType type) {
            return new ActionInput(name, type, true, List.of(), false, List.of());
        }

        static ActionInput optional(String name, InputType type) {
            return new ActionInput(name, type, false, List.of(), false, List.of());
        }

        static ActionInput oneOf(String name, boolean required, String... values) {
            return new ActionInput(name, InputType.STRING, required, List.of(values), false, List.of());
        }

        static ActionInput stepOutputReference(String name) {
            return new ActionInput(name, InputType.LIST, true, List.of(), true, List.of());
        }

        static ActionInput listOfMaps(String name, ActionInput... fields) {
            return new ActionInput(name, InputType.LIST, false, List.of(), false, List.of(fields));
        }
    }
}
