package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A scope of workflow variables. The top level of an execution has one; each Parallel branch and
 * Map iteration gets its own, whose states can read the enclosing scopes' variables. Assign writes
 * to the innermost scope only.
 */
public final class Variables {
    private final Variables outer;
    private Map<String, JsonNode> values;

    public Variables(Variables outer) {
        this.outer = outer;
    }

    public JsonNode get(String name) {
        for (Variables s = this; s != null; s = s.outer) {
            if (s.values != null) {
                JsonNode v = s.values.get(name);
                if (v != null) {
                    return v;
                }
            }
        }
        return MissingNode.getInstance();
    }

    public void set(String name, JsonNode value) {
        if (values == null) {
            values = new HashMap<>();
        }
        values.put(name, value);
    }

    public Variables outer() {
        return outer;
    }

    /** This scope's own variables (not the enclosing ones'). */
    public Map<String, JsonNode> own() {
        return values == null ? Map.of() : values;
    }
}
