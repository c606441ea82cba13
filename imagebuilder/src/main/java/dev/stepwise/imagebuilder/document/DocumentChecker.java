package dev.stepwise.imagebuilder.document;

import dev.stepwise.imagebuilder.document.StepAction.ActionInput;
import dev.stepwise.imagebuilder.document.StepAction.InputType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The second pass over a workflow document: what its structure alone does not tell. Each step's
 * action must exist and be allowed in the workflow's type; the action's required inputs must be
 * given, with values of the right kind; its time-out must be within the action's maximum; and every
 * variable must name something the step can read: a declared parameter, an output of an earlier
 * step's action, a system variable. Collects every problem.
 */
final class DocumentChecker {
    private final WorkflowDocument document;
    private final WorkflowType type;
    private final List<DocumentProblem> problems = new ArrayList<>();
    /** The position of each named step. */
    private final Map<String, Integer> positions = new HashMap<>();

    private DocumentChecker(WorkflowDocument document, WorkflowType type) {
        this.document = document;
        this.type = type;
        for (int i = 0; i < document.steps().size(); i++) {
            WorkflowStep s = document.steps().get(i);
            if (s != null && s.name() != null) {
                positions.putIfAbsent(s.name(), i);
            }
        }
    }

    static List<DocumentProblem> check(WorkflowDocument document, WorkflowType type) {
        DocumentChecker checker = new DocumentChecker(document, type);
        checker.checkSteps();
        checker.checkOutputs();
        return checker.problems;
    }

    private void checkSteps() {
        for (int i = 0; i < document.steps().size(); i++) {
            WorkflowStep step = document.steps().get(i);
            if (step == null) {
                continue;
            }
            String at = "steps[" + i + "]";
            String label = step.name() != null ? "Step '" + step.name() + "' (" + at + ")" : at;
            Optional<StepAction> action = step.action() == null ? Optional.empty() : StepActions.find(step.action());
            if (step.action() != null && action.isEmpty()) {
                problem(at + ".action", label + ": '" + step.action() + "' is not a step action; the actions are "
                        + StepActions.all().stream().map(StepAction::name).collect(Collectors.joining(", ")) + ".");
            }
            action.ifPresent(a -> checkAction(step, a, at, label));
            for (Map.Entry<String, InputValue> input : step.inputs().entrySet()) {
                references(input.getValue(), i, at + ".inputs." + input.getKey(), label);
            }
            if (step.condition() != null) {
                condition(step.condition(), i, at + ".if", label);
            }
            references(step.rollbackEnabled(), i, at + ".rollbackEnabled", label);
        }
    }

    private void checkAction(WorkflowStep step, StepAction action, String at, String label) {
        if (type != null && !action.stages().contains(type)) {
            problem(at + ".action", label + ": the action " + action.name() + " can't run in a " + type
                    + " workflow; it runs in " + stages(action) + " workflows.");
        }
        for (ActionInput input : action.inputs()) {
            InputValue value = step.inputs().get(input.name());
            String where = at + ".inputs." + input.name();
            if (value == null) {
                if (input.required()) {
                    problem(where, label + ": the action " + action.name() + " requires the input '" + input.name()
                            + (input.referenceOnly() ? ".$" : "") + "'.");
                }
                continue;
            }
            input(input, value, action, where, label);
        }
        if (step.timeoutSeconds() != null && step.timeoutSeconds() > action.maxTimeout().toSeconds()) {
            problem(at + ".timeoutSeconds", label + ": timeoutSeconds " + step.timeoutSeconds() + " is more than the "
                    + action.maxTimeout().toSeconds() + " seconds the action " + action.name() + " allows.");
        }
    }

    private static String stages(StepAction action) {
        return java.util.Arrays.stream(WorkflowType.values()).filter(action.stages()::contains)
                .map(Enum::name).collect(Collectors.joining(" and "));
    }

    /** Whether a given input has the kind and value its action takes. */
    private void input(ActionInput input, InputValue value, StepAction action, String where, String label) {
        String name = "'" + input.name() + "'";
        if (input.referenceOnly()) {
            if (!(value instanceof InputValue.Reference ref) || ref.path().root() != VariablePath.Root.STEP_OUTPUTS) {
                problem(where, label + ": the input " + name + " of " + action.name() + " must be a reference to "
                        + "another step's output, given as '" + input.name() + ".$: $.stepOutputs.<step>."
                        + input.name() + "'.");
            }
            return;
        }
        if (value instanceof InputValue.Reference) {
            return; // a variable's kind is known only when the workflow runs
        }
        if (!fits(value, input.type())) {
            problem(where, label + ": the input " + name + " of " + action.name() + " must be "
                    + input.type().description() + ".");
            return;
        }
        if (!input.allowedValues().isEmpty() && value instanceof InputValue.Literal literal
                && !input.allowedValues().contains(literal.value().asText())) {
            problem(where, label + ": the input " + name + " of " + action.name() + " must be "
                    + String.join(" or ", input.allowedValues()) + ", not '" + literal.value().asText() + "'.");
        }
        if (!input.itemFields().isEmpty() && value instanceof InputValue.ListValue list) {
            for (int i = 0; i < list.items().size(); i++) {
                item(input, list.items().get(i), action, where + "[" + i + "]", label);
            }
        }
    }

    private void item(ActionInput input, InputValue item, StepAction action, String where, String label) {
        if (item instanceof InputValue.Reference) {
            return;
        }
        if (!(item instanceof InputValue.MapValue map)) {
            problem(where, label + ": each item of the input '" + input.name() + "' of " + action.name()
                    + " must be a map of its settings.");
            return;
        }
        for (ActionInput field : input.itemFields()) {
            InputValue v = map.entries().get(field.name());
            if (v == null) {
                if (field.required()) {
                    problem(where + "." + field.name(), label + ": each item of the input '" + input.name() + "' of "
                            + action.name() + " requires '" + field.name() + "' (missing at " + where + ").");
                }
            } else if (!(v instanceof InputValue.Reference) && !fits(v, field.type())) {
                problem(where + "." + field.name(), label + ": '" + field.name() + "' at " + where + " must be "
                        + field.type().description() + ".");
            }
        }
    }

    private static boolean fits(InputValue v, InputType type) {
        return switch (type) {
            case STRING -> v instanceof InputValue.Template
                    || v instanceof InputValue.Literal l && l.value().isTextual();
            case BOOLEAN -> v instanceof InputValue.Literal l && l.value().isBoolean();
            case INTEGER -> v instanceof InputValue.Literal l && l.value().isIntegralNumber();
            case LIST -> v instanceof InputValue.ListValue;
            case MAP -> v instanceof InputValue.MapValue;
            case STRING_LIST -> v instanceof InputValue.ListValue list
                    && list.items().stream().allMatch(i -> i instanceof InputValue.Reference || fits(i, InputType.STRING));
            case STRING_LIST_MAP -> v instanceof InputValue.MapValue map
                    && map.entries().values().stream().allMatch(i -> i instanceof InputValue.Reference
                    || fits(i, InputType.STRING_LIST));
        };
    }

    private void condition(Condition c, int stepIndex, String at, String label) {
        switch (c) {
            case Condition.And and -> and.conditions().forEach(x -> condition(x, stepIndex, at, label));
            case Condition.Or or -> or.conditions().forEach(x -> condition(x, stepIndex, at, label));
            case Condition.Not not -> condition(not.condition(), stepIndex, at, label);
            case Condition.Comparison comparison -> references(comparison.value(), stepIndex, at, label);
        }
    }

    private void checkOutputs() {
        for (int i = 0; i < document.outputs().size(); i++) {
            WorkflowOutput o = document.outputs().get(i);
            references(o.value(), document.steps().size(), "outputs[" + i + "].value",
                    "Output '" + o.name() + "' (outputs[" + i + "])");
        }
    }

    // ---- variables

    /** Checks every variable in {@code value}, read by the step at {@code stepIndex} (the outputs: after the last). */
    private void references(InputValue value, int stepIndex, String at, String label) {
        switch (value) {
            case InputValue.Reference r -> variable(r.path(), stepIndex, at, label);
            case InputValue.Template t -> t.paths().forEach(p -> variable(p, stepIndex, at, label));
            case InputValue.ListValue l -> {
                for (int i = 0; i < l.items().size(); i++) {
                    references(l.items().get(i), stepIndex, at + "[" + i + "]", label);
                }
            }
            case InputValue.MapValue m -> m.entries().forEach((k, v) -> references(v, stepIndex, at + "." + k, label));
            case InputValue.Literal ignored -> { }
        }
    }

    private void variable(VariablePath path, int stepIndex, String at, String label) {
        String prefix = label + ": " + path.text() + " at " + at;
        switch (path.root()) {
            case PARAMETERS -> {
                if (document.parameter(path.first()).isEmpty()) {
                    problem(at, prefix + " refers to the parameter '" + path.first()
                            + "', which the workflow document does not declare.");
                }
            }
            case STEP_OUTPUTS -> stepOutput(path, stepIndex, at, prefix);
            case IMAGEBUILDER -> {
                if (SystemVariables.canonical(path.first()).isEmpty()) {
                    problem(at, prefix + " refers to '" + path.first() + "', which is not an Image Builder system "
                            + "variable; they are " + String.join(", ", SystemVariables.NAMES) + ".");
                }
            }
            case WORKFLOW_OUTPUTS -> { } // outputs of workflows that ran before: known only when the image builds
        }
    }

    private void stepOutput(VariablePath path, int stepIndex, String at, String prefix) {
        String stepName = path.first();
        Integer position = positions.get(stepName);
        if (position == null) {
            problem(at, prefix + " refers to the step '" + stepName + "', which is not a step of this workflow "
                    + "document.");
            return;
        }
        if (position >= stepIndex) {
            problem(at, prefix + " refers to the step '" + stepName + "', which "
                    + (position == stepIndex ? "is the step itself" : "runs after it")
                    + "; a step can read the outputs of the steps before it only.");
            return;
        }
        String output = path.second();
        if (output == null) {
            problem(at, prefix + " must name an output of the step '" + stepName
                    + "', as in $.stepOutputs." + stepName + ".<output>.");
            return;
        }
        WorkflowStep step = document.steps().get(position);
        Optional<StepAction> action = step.action() == null ? Optional.empty() : StepActions.find(step.action());
        if (action.isPresent() && !action.get().outputs().contains(output)) {
            StepAction a = action.get();
            problem(at, prefix + " refers to the output '" + output + "' of the step '" + stepName + "', but its action "
                    + a.name() + (a.outputs().isEmpty() ? " has no outputs." : " has the outputs "
                    + String.join(", ", a.outputs()) + "."));
        }
    }

    private void problem(String location, String message) {
        problems.add(new DocumentProblem(location, message));
    }
}
