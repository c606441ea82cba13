package dev.stepwise.asl.model;

import java.util.Map;

/**
 * A StartAt and its States: the top level of a machine, a Parallel branch, or a Map's item
 * processor. {@code location} is the JSON pointer of the block in the definition
 * ("" at the top, "/States/P/Branches/0", …). States keep definition order.
 */
public record Block(String startAt, Map<String, State> states, String location) {

    public State state(String name) {
        return states.get(name);
    }
}
