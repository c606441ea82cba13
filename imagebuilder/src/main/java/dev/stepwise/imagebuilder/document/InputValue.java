package dev.stepwise.imagebuilder.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value in a workflow document (a step input, a condition operand, a rollback setting), immutable:
 * a literal scalar, a reference to a dynamic variable (an input named {@code name.$}, or a
 * condition's {@code value} that is a JSONPath), a string with {@code {{ $.… }}} variables
 * interpolated, or a list or map of values. Maps keep the document's order; their keys are input
 * names without the {@code .$} suffix, which the value being a {@link Reference} stands for.
 */
public sealed interface InputValue {

    /** A string, number, boolean or null as written. Jackson's value nodes are immutable. */
    record Literal(ValueNode value) implements InputValue {}

    /** A value read at run time from the variable {@code path}. */
    record Reference(VariablePath path) implements InputValue {}

    /** A string in which each {@code {{ path }}} is replaced at run time by the value of {@code paths}' variable. */
    record Template(String text, List<VariablePath> paths) implements InputValue {
        public Template {
            paths = List.copyOf(paths);
        }
    }

    record ListValue(List<InputValue> items) implements InputValue {
        public ListValue {
            items = List.copyOf(items);
        }
    }

    record MapValue(Map<String, InputValue> entries) implements InputValue {
        public MapValue {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    static Literal literal(JsonNode scalar) {
        return new Literal((ValueNode) scalar);
    }
}
