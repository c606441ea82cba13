package dev.stepwise.asl.model;

/**
 * A parsed state machine definition. {@code timeoutSeconds} is null when absent.
 */
public record StateMachine(String comment, String version, Integer timeoutSeconds, QueryLanguage queryLanguage,
                           Block block) {

    public String startAt() {
        return block.startAt();
    }

    public State state(String name) {
        return block.states().get(name);
    }
}
