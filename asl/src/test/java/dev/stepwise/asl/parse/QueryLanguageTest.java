package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.Definitions.singleJsonata;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** QueryLanguage: its values, its inheritance, and the fields of each language. */
class QueryLanguageTest {

    @Test
    void aStateCannotDowngradeAJsonataMachineToJsonPath() {
        assertDiagnostics("{'StartAt': 'Pass', 'States': {'Pass': {'Type': 'Pass', 'End': true, 'QueryLanguage': 'JSONPath'}},"
                        + " 'QueryLanguage': 'JSONata'}",
                error(SCHEMA_VALIDATION_FAILED, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole "
                        + "state machine", "/States/Pass"));
    }

    @Test
    void aJsonataStateInAJsonPathMachineIsValid() {
        assertDiagnostics("{'StartAt': 'Map', 'QueryLanguage': 'JSONPath', 'States': {'Map': {'Type': 'Map', "
                + "'QueryLanguage': 'JSONata', 'ItemProcessor': {'ProcessorConfig': {'Mode': 'INLINE'}, 'StartAt': 'Pass', "
                + "'States': {'Pass': {'QueryLanguage': 'JSONPath', 'Type': 'Pass', 'End': true}}}, 'End': true}}}");
    }

    @Test
    void queryLanguageHasTwoValues() {
        assertDiagnostics("{'QueryLanguage': 'JSONPathX', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "The field 'QueryLanguage' should have one of these values: "
                        + "[JSONPath, JSONata]", "/QueryLanguage"));
    }

    @Test
    void anInvalidQueryLanguageCountsAsJsonata() {
        assertDiagnostics(single("{'Type': 'Pass', 'QueryLanguage': 'jsonpath', 'InputPath': '$', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The field 'QueryLanguage' should have one of these values: "
                        + "[JSONPath, JSONata]", "/States/S/QueryLanguage"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S"));
    }

    @Test
    void jsonataFieldsAreRefusedInJsonPathStates() {
        assertDiagnostics(single("{'Type': 'Pass', 'Output': {'a': 1}, 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field 'Output' is only "
                        + "supported for the 'JSONata' QueryLanguage", "/States/S"));
        assertDiagnostics(single("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Arguments': {}, 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only "
                        + "supported for the 'JSONata' QueryLanguage", "/States/S"));
    }

    @Test
    void jsonPathFieldsAreRefusedInJsonataStates() {
        assertDiagnostics(singleJsonata("{'Type': 'Pass', 'InputPath': '$.a', 'Result': 1, 'ResultPath': '$.b', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'Result' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S"));
    }

    @Test
    void statesInsideAJsonataMapInheritTheMachinesLanguage() {
        assertDiagnostics("{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'QueryLanguage': 'JSONata', 'End': true, "
                        + "'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Output': 1, 'End': true}}}}}}",
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field 'Output' is only "
                        + "supported for the 'JSONata' QueryLanguage", "/States/M/ItemProcessor/States/P"));
    }

    @Test
    void anItemProcessorHasNoQueryLanguage() {
        assertDiagnostics("{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'ItemProcessor': "
                        + "{'QueryLanguage': 'JSONata', 'StartAt': 'P', 'States': {'P': {'Type': 'Succeed'}}}}}}",
                error(SCHEMA_VALIDATION_FAILED, "Field 'QueryLanguage' is not supported", "/States/M/ItemProcessor"));
    }

    @Test
    void choiceRulesFollowTheirStatesLanguage() {
        assertDiagnostics(singleJsonata("{'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, 'Next': 'S'}], "
                        + "'Default': 'S'}"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'Variable' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S/Choices[0]"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'IsNull' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S/Choices[0]"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Condition]", "/States/S/Choices[0]"),
                error(DiagnosticCodes.MISSING_END_STATE, "Workflow has no terminal state", null));
    }
}
