package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** Choice rules: their shapes in JSONPath (Variable and one operator, or And/Or/Not) and JSONata (Condition). */
class ChoiceRulesTest {

    private static String choice(String rules) {
        return "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': " + rules + ", 'Default': 'D'}, "
                + "'D': {'Type': 'Succeed'}}}";
    }

    @Test
    void choicesIsRequiredAndNotEmpty() {
        assertDiagnostics("{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Default': 'D'}, 'D': {'Type': 'Succeed'}}}",
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Choices]", "/States/C"));
        assertDiagnostics(choice("[]"), error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", "/States/C/Choices"));
    }

    @Test
    void aTopLevelRuleNeedsNext() {
        assertDiagnostics(choice("[{'Variable': '$.x', 'IsNull': true}]"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Next]", "/States/C/Choices[0]"));
    }

    @Test
    void aNestedRuleHasNoNext() {
        assertDiagnostics(choice("[{'Not': {'Variable': '$.x', 'IsNull': true, 'Next': 'D'}, 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Next' is not supported", "/States/C/Choices[0]/Not"));
    }

    @Test
    void aRuleNeedsExactlyOneOperatorOrCombination() {
        assertDiagnostics(choice("[{'Variable': '$.x', 'Next': 'D'}]"), error(SCHEMA_VALIDATION_FAILED,
                "A Choice rule must have exactly one of the fields And, Or, Not or a comparison operator", "/States/C/Choices[0]"));
        assertDiagnostics(choice("[{'Variable': '$.x', 'IsNull': true, 'IsString': true, 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "A Choice rule may have only one of the fields And, Or, Not or a "
                        + "comparison operator", "/States/C/Choices[0]"));
    }

    @Test
    void aComparisonNeedsVariable() {
        assertDiagnostics(choice("[{'NumericEquals': 1, 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Variable]", "/States/C/Choices[0]"));
    }

    @Test
    void operandsHaveTheOperatorsType() {
        assertDiagnostics(choice("[{'Variable': '$.x', 'NumericEquals': '1', 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Number", "/States/C/Choices[0]/NumericEquals"));
        assertDiagnostics(choice("[{'Variable': '$.x', 'BooleanEquals': 'true', 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Boolean", "/States/C/Choices[0]/BooleanEquals"));
        assertDiagnostics(choice("[{'Variable': '$.x', 'StringEqualsPath': 1, 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", "/States/C/Choices[0]/StringEqualsPath"));
    }

    @Test
    void timestampOperandsAreRfc3339() {
        assertDiagnostics(choice("[{'Variable': '$.x', 'TimestampEquals': '2016-12-05 21:29:29Z', 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp",
                        "/States/C/Choices[0]/TimestampEquals"));
    }

    @Test
    void variableAndPathOperandsAreJsonPaths() {
        assertDiagnostics(choice("[{'Variable': 'x', 'IsNull': true, 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'Variable' must be a valid JSONPath",
                        "/States/C/Choices[0]/Variable"));
    }

    @Test
    void andOrAreNonEmptyArraysOfRules() {
        assertDiagnostics(choice("[{'And': [], 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", "/States/C/Choices[0]/And"));
        assertDiagnostics(choice("[{'Or': [{'Variable': '$.a', 'IsNull': true}, 3], 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", "/States/C/Choices[0]/Or[1]"));
    }

    @Test
    void jsonataRulesNeedACondition() {
        assertDiagnostics("{'QueryLanguage': 'JSONata', 'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': "
                        + "[{'Next': 'D'}, {'Condition': 42, 'Next': 'D'}], 'Default': 'D'}, 'D': {'Type': 'Succeed'}}}",
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Condition]", "/States/C/Choices[0]"),
                error(SCHEMA_VALIDATION_FAILED, "The field 'Condition' must be a boolean or a JSONata expression",
                        "/States/C/Choices[1]/Condition"));
    }

    @Test
    void conditionIsJsonataOnly() {
        assertDiagnostics(choice("[{'Condition': '{% true %}', 'Next': 'D'}]"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only "
                        + "supported for the 'JSONata' QueryLanguage", "/States/C/Choices[0]"),
                error(SCHEMA_VALIDATION_FAILED, "A Choice rule must have exactly one of the fields And, Or, Not or a "
                        + "comparison operator", "/States/C/Choices[0]"));
    }
}
