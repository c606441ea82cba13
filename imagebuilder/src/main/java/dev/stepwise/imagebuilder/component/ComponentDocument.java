package dev.stepwise.imagebuilder.component;

import java.util.List;

/**
 * A component document (AWS Task Orchestrator and Executor's YAML), as far as Image Builder reads it
 * when a component is created: its name, description, schemaVersion, parameters, and phases of
 * steps, each step an action module.
 */
public record ComponentDocument(String name, String description, String schemaVersion, List<Parameter> parameters,
                                List<Phase> phases) {

    public ComponentDocument {
        parameters = List.copyOf(parameters);
        phases = List.copyOf(phases);
    }

    /** A parameter: its name, type ("string"), default (null: none, so a recipe must give it) and description. */
    public record Parameter(String name, String type, String defaultValue, String description) {}

    /** A phase (build, validate or test) and its steps in order. */
    public record Phase(String name, List<Step> steps) {
        public Phase {
            steps = List.copyOf(steps);
        }
    }

    /** A step: its name and action module. */
    public record Step(String name, String action) {}

    /**
     * The component's type as Image Builder derives it: TEST when its only phase is test, else BUILD
     * (a component that builds or validates the image).
     */
    public String type() {
        return phases.stream().allMatch(p -> p.name().equals("test")) ? "TEST" : "BUILD";
    }
}
