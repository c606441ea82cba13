package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The machine's own fields: States and StartAt required, the others typed, nothing else allowed. */
class MachineFieldsTest {

    @Test
    void statesAndStartAtAreRequired() {
        assertDiagnostics("{}", error(SCHEMA_VALIDATION_FAILED, "These fields are required: [States, StartAt]", "/"));
    }

    @Test
    void startAtAloneIsRequiredWhenStatesIsThere() {
        assertDiagnostics("{'States': {'StartState': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [StartAt]", "/"));
    }

    @Test
    void createStateMachineRendersTheDiagnosticWithItsLocation() {
        ParsedDefinition parsed = Definitions.parse("{'Comment': 'BASE_INVALID_DER', 'StartAt': 'State_1'}");
        assertThat(RecordedValidationsTest.invalidDefinitionMessage(parsed)).isEqualTo(
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'");
    }

    @Test
    void unknownMachineFieldsAreNotSupported() {
        assertDiagnostics("{'StartAt': 'A', 'Coment': 'typo', 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "Field 'Coment' is not supported", "/"));
    }

    @Test
    void statesMustBeAnObject() {
        assertDiagnostics("{'StartAt': 'A', 'States': []}",
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", "/States"));
    }

    @Test
    void startAtMustBeAString() {
        assertDiagnostics("{'StartAt': 1, 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", "/StartAt"));
    }

    @Test
    void machineTimeoutSecondsIsANonNegativeInteger() {
        assertDiagnostics("{'TimeoutSeconds': -1, 'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", "/TimeoutSeconds"));
        assertDiagnostics("{'TimeoutSeconds': 'ten', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Integer", "/TimeoutSeconds"));
    }

    @Test
    void aStateMustBeAnObject() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': 'Pass'}}",
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", "/States/A"));
    }

    @Test
    void typeIsRequired() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Type]", "/States/A"));
    }

    @Test
    void typeMustBeAStateType() {
        ParsedDefinition parsed = Definitions.parse(
                "{'StartAt': 'ExistingButInvalidState', 'States': {'ExistingButInvalidState': "
                        + "{'Type': 'TypeThatDoesNotExist', 'End': true}}}");
        assertThat(parsed.diagnostics()).containsExactly(error(SCHEMA_VALIDATION_FAILED,
                "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, "
                        + "Map]", "/States/ExistingButInvalidState/Type"));
    }
}
