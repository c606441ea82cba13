package dev.stepwise.asl.model;

/** The eight state types, by their "Type" value. */
public enum StateType {
    Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map;

    public static StateType fromWire(String name) {
        for (StateType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
