package dev.stepwise.imagebuilder.document;

import com.fasterxml.jackson.databind.node.ValueNode;
import java.util.List;

/**
 * A step's {@code if}: branching statements ({@code and}, {@code or}), the modifier {@code not},
 * and comparisons. A false condition makes the step SKIPPED.
 */
public sealed interface Condition {

    /** {@code and}: true when every condition is, evaluated in order until one is false. */
    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code or}: true when a condition is, evaluated in order until one is true. */
    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code not}: the negation of its one condition. */
    record Not(Condition condition) implements Condition {}

    /**
     * {@code <operator>: operand} with {@code value: actual}: the operand as written, and the value
     * compared with it (a literal, or a variable when it is a JSONPath such as
     * {@code $.parameters.enabled}).
     */
    record Comparison(ComparisonOperator operator, ValueNode operand, InputValue value) implements Condition {}
}
