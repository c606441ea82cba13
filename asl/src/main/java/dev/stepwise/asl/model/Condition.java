package dev.stepwise.asl.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;
import java.util.List;

/** A Choice condition: a comparison, a boolean combination, or a JSONata Condition expression. */
public sealed interface Condition {

    /**
     * {@code Variable} compared by {@code operator} with a literal operand or, for the …Path
     * operators, with the value at {@code operandPath}.
     */
    record Comparison(JsonPathExpr variable, ComparisonOperator operator, JsonNode operand,
                      JsonPathExpr operandPath) implements Condition {}

    record And(List<Condition> conditions) implements Condition {}

    record Or(List<Condition> conditions) implements Condition {}

    record Not(Condition condition) implements Condition {}

    /** JSONata: {@code Condition} must evaluate to a boolean. */
    record Expression(Template condition) implements Condition {}
}
