package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_END_STATE;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_TRANSITION_TARGET;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a state may go: existing targets, one of Next and End, a terminal state, no unreachable state. */
class TransitionsTest {

    @Test
    void startAtMustNameAState() {
        assertDiagnostics("{'StartAt': 'Nowhere', 'States': {'A': {'Type': 'Pass', 'End': true}}}",
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: Nowhere", "/StartAt"));
    }

    @Test
    void nextMustNameAStateOfTheSameBlock() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'NOPE'}}}",
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: NOPE", "/States/A/Next"),
                error(MISSING_END_STATE, "Workflow has no terminal state", null));
    }

    @Test
    void everyTransitionFieldSaysNextAndPointsAtItself() {
        assertDiagnostics("{'StartAt': 'C', 'States': {"
                        + "'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, 'Next': 'X1'}], 'Default': 'X2'},"
                        + "'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
                        + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'X3'}]}}}",
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: X1", "/States/C/Choices[0]/Next"),
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: X2", "/States/C/Default"),
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: X3", "/States/T/Catch[0]/Next"),
                error(MISSING_TRANSITION_TARGET, "State \"T\" is not reachable.", "/States/T"));
    }

    @Test
    void targetsAreLookedUpInTheirOwnBlock() {
        assertDiagnostics("{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': "
                        + "[{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'Next': 'P'}}}]}}}",
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: P", "/States/P/Branches[0]/States/B/Next"),
                error(MISSING_END_STATE, "Workflow has no terminal state", null));
    }

    @Test
    void aStateNothingLeadsToIsNotReachable() {
        assertDiagnostics("{'StartAt': 'pass1', 'States': {'pass1': {'Type': 'Pass', 'Next': 'pass3'}, "
                        + "'pass2': {'Type': 'Pass', 'End': true}}}",
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: pass3", "/States/pass1/Next"),
                error(MISSING_TRANSITION_TARGET, "State \"pass2\" is not reachable.", "/States/pass2"));
        ParsedDefinition parsed = Definitions.parse("{'StartAt': 'pass1', 'States': {'pass1': {'Type': 'Pass', "
                + "'Next': 'pass3'}, 'pass2': {'Type': 'Pass', 'End': true}}}");
        assertThat(RecordedValidationsTest.invalidDefinitionMessage(parsed)).isEqualTo("Invalid State Machine "
                + "Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, "
                + "MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'");
    }

    @Test
    void aLoopWithoutTerminalStateHasNoEndState() {
        String loop = "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'}";
        assertDiagnostics(loop + "}}", error(MISSING_END_STATE, "Workflow has no terminal state", null));
        ParsedDefinition parsed = Definitions.parse(loop + "}}");
        assertThat(parsed.errors().get(0).render()).isEqualTo("MISSING_END_STATE: Workflow has no terminal state at null");
    }

    @Test
    void aMissingEndStateHidesUnreachableStates() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'},"
                        + " 'C': {'Type': 'Pass', 'Next': 'A'}}}",
                error(MISSING_END_STATE, "Workflow has no terminal state", null));
    }

    @Test
    void anUnreachableTerminalStateIsReportedAsUnreachable() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'},"
                        + " 'C': {'Type': 'Pass', 'End': true}}}",
                error(MISSING_TRANSITION_TARGET, "State \"C\" is not reachable.", "/States/C"));
    }

    @Test
    void catchersAndChoicesMakeStatesReachable() {
        assertDiagnostics("{'StartAt': 'C', 'States': {"
                + "'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, 'Next': 'T'}], 'Default': 'F'},"
                + "'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
                + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'H'}]},"
                + "'H': {'Type': 'Succeed'}, 'F': {'Type': 'Fail'}}}");
    }

    @Test
    void nextAndEndAreExclusive() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B', 'End': true}, 'B': {'Type': 'Succeed'}}}",
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Next' and 'End' may be set", "/States/A"));
    }

    @Test
    void oneOfNextAndEndIsRequired() {
        assertDiagnostics("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass'}}}",
                error(SCHEMA_VALIDATION_FAILED, "Either the field 'Next' or the field 'End' must be set", "/States/A"),
                error(MISSING_END_STATE, "Workflow has no terminal state", null));
    }
}
