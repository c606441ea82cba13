package dev.stepwise.asl.model;

/** The two query languages a state can be written in. */
public enum QueryLanguage {
    JSONPATH("JSONPath"),
    JSONATA("JSONata");

    private final String wireName;

    QueryLanguage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static QueryLanguage fromWire(String name) {
        for (QueryLanguage q : values()) {
            if (q.wireName.equals(name)) {
                return q;
            }
        }
        return null;
    }
}
