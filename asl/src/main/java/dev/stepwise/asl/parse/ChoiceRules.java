package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.eval.Timestamps;
import dev.stepwise.asl.model.ChoiceRule;
import dev.stepwise.asl.model.ComparisonOperator;
import dev.stepwise.asl.model.Condition;
import dev.stepwise.asl.model.QueryLanguage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the rules of a Choice state: in JSONPath a Variable with one comparison operator, or
 * And/Or/Not over nested rules (which have no Next); in JSONata a Condition.
 */
final class ChoiceRules {
    private final List<Diagnostic> diagnostics;
    private final Templates templates;

    ChoiceRules(List<Diagnostic> diagnostics, Templates templates) {
        this.diagnostics = diagnostics;
        this.templates = templates;
    }

    private static final Set<String> RULE_FIELDS = ruleFields(true);
    private static final Set<String> NESTED_RULE_FIELDS = ruleFields(false);

    private static Set<String> ruleFields(boolean topLevel) {
        Set<String> fields = new HashSet<>(Set.of("Variable", "And", "Or", "Not", "Comment"));
        for (ComparisonOperator op : ComparisonOperator.values()) {
            fields.add(op.name());
        }
        if (topLevel) {
            fields.addAll(Set.of("Next", "Assign", "Output", "Condition"));
        }
        return Set.copyOf(fields);
    }

    /** A top-level rule of a Choice state; null when it could not be read (reported). */
    ChoiceRule rule(JsonNode node, String location, QueryLanguage language) {
        FieldReader r = FieldReader.element(node, location, diagnostics, RULE_FIELDS);
        if (r == null) {
            return null;
        }
        r.string("Comment");
        String next = r.requiredString("Next");
        Template assign = r.has("Assign") ? templates.assign(r, language == QueryLanguage.JSONATA) : null;
        Condition condition;
        Template output = null;
        if (language == QueryLanguage.JSONATA) {
            condition = jsonataRule(r);
            output = r.has("Output") ? templates.jsonata(r.raw("Output"), "Output", r.at("Output")) : null;
        } else {
            jsonataOnlyInRule(r, "Condition");
            jsonataOnlyInRule(r, "Output");
            condition = condition(r);
        }
        r.finish();
        return condition == null || next == null ? null : new ChoiceRule(condition, next, assign, output);
    }

    private Condition jsonataRule(FieldReader r) {
        r.node().fieldNames().forEachRemaining(field -> {
            if (NESTED_RULE_FIELDS.contains(field) && !field.equals("Comment")) {
                r.error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field '" + field
                        + "' is only supported for the 'JSONPath' QueryLanguage", r.location());
            }
        });
        r.require("Condition");
        JsonNode c = r.raw("Condition");
        if (c == null) {
            return null;
        }
        if (!c.isBoolean() && !Templates.isJsonataString(c)) {
            r.error(SCHEMA_VALIDATION_FAILED, "The field 'Condition' must be a boolean or a JSONata expression",
                    r.at("Condition"));
            return null;
        }
        return new Condition.Expression(templates.jsonata(c, "Condition", r.at("Condition")));
    }

    private static void jsonataOnlyInRule(FieldReader r, String field) {
        if (r.has(field)) {
            r.error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field '" + field
                    + "' is only supported for the 'JSONata' QueryLanguage", r.location());
        }
    }

    /** A JSONPath condition: a comparison or And/Or/Not, read from the fields of {@code r}. */
    private Condition condition(FieldReader r) {
        List<String> kinds = new ArrayList<>();
        for (String combinator : List.of("And", "Or", "Not")) {
            if (r.has(combinator)) {
                kinds.add(combinator);
            }
        }
        List<ComparisonOperator> operators = new ArrayList<>();
        for (ComparisonOperator op : ComparisonOperator.values()) {
            if (r.has(op.name())) {
                operators.add(op);
            }
        }
        if (kinds.size() + operators.size() != 1) {
            r.error(SCHEMA_VALIDATION_FAILED, kinds.size() + operators.size() == 0
                    ? "A Choice rule must have exactly one of the fields And, Or, Not or a comparison operator"
                    : "A Choice rule may have only one of the fields And, Or, Not or a comparison operator",
                    r.location());
            return null;
        }
        if (!kinds.isEmpty()) {
            if (r.has("Variable")) {
                r.error(SCHEMA_VALIDATION_FAILED, "Field 'Variable' is not supported", r.location());
            }
            return combination(r, kinds.get(0));
        }
        return comparison(r, operators.get(0));
    }

    private Condition combination(FieldReader r, String field) {
        if (field.equals("Not")) {
            Condition inner = nestedCondition(r.raw("Not"), r.at("Not"));
            return inner == null ? null : new Condition.Not(inner);
        }
        JsonNode list = r.raw(field);
        if (!r.isArray(field)) {
            return null;
        }
        if (list.isEmpty()) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at(field));
            return null;
        }
        List<Condition> inner = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Condition c = nestedCondition(list.get(i), FieldReader.index(r.at(field), i));
            if (c != null) {
                inner.add(c);
            }
        }
        if (inner.size() < list.size()) {
            return null;
        }
        return field.equals("And") ? new Condition.And(List.copyOf(inner)) : new Condition.Or(List.copyOf(inner));
    }

    private Condition nestedCondition(JsonNode node, String location) {
        FieldReader r = FieldReader.element(node, location, diagnostics, NESTED_RULE_FIELDS);
        if (r == null) {
            return null;
        }
        r.string("Comment");
        Condition c = condition(r);
        r.finish();
        return c;
    }

    private Condition comparison(FieldReader r, ComparisonOperator operator) {
        String variable = r.requiredString("Variable");
        JsonPathExpr variablePath = variable == null ? null : templates.path(variable, "Variable", r.at("Variable"), true);
        String name = operator.name();
        JsonNode operand = r.raw(name);
        if (!operandTypeMatches(r, operator, operand)) {
            return null;
        }
        JsonPathExpr operandPath = null;
        if (operator.takesPath()) {
            operandPath = templates.path(operand.asText(), name, r.at(name), true);
            if (operandPath == null) {
                return null;
            }
        } else if (operator.kind() == ComparisonOperator.Kind.STRING) {
            templates.warnNoPath(name, operand.asText(), r.at(name));
        }
        return variablePath == null ? null : new Condition.Comparison(variablePath, operator, operand, operandPath);
    }

    /** Checks an operand's JSON type (and a literal timestamp's format); reports and answers false otherwise. */
    private static boolean operandTypeMatches(FieldReader r, ComparisonOperator operator, JsonNode operand) {
        String name = operator.name();
        String expected;
        boolean matches;
        if (operator.takesPath() || operator.kind() == ComparisonOperator.Kind.STRING
                || operator.kind() == ComparisonOperator.Kind.TIMESTAMP) {
            expected = "String";
            matches = operand.isTextual();
        } else if (operator.kind() == ComparisonOperator.Kind.NUMERIC) {
            expected = "Number";
            matches = operand.isNumber();
        } else {
            expected = "Boolean";
            matches = operand.isBoolean();
        }
        if (!matches) {
            r.typeError(name, expected);
            return false;
        }
        if (operator.kind() == ComparisonOperator.Kind.TIMESTAMP && !operator.takesPath()
                && !Timestamps.isValid(operand.asText())) {
            r.error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", r.at(name));
            return false;
        }
        return true;
    }
}
