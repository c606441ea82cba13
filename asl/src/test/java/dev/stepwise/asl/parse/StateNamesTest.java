package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_STATE_NAME;

import org.junit.jupiter.api.Test;

/** State names: at most 80 characters, no control characters, unique in the whole machine. */
class StateNamesTest {
    private static final String LONG = "This is an exceptionally long state name that I know will fail when I try to deploy to AWS";

    @Test
    void aStateNameLongerThan80CharactersIsInvalid() {
        assertDiagnostics("{'StartAt': 'Hello', 'States': {'Hello': {'Type': 'Pass', 'Next': '" + LONG + "'}, '"
                        + LONG + "': {'Type': 'Pass', 'End': true}}}",
                error(INVALID_STATE_NAME, "Invalid State name: State '" + LONG + "' exceeds the 80-character limit "
                        + "allowed by the service", "/States/" + LONG));
    }

    @Test
    void eightyCharactersAreAllowed() {
        String name = "n".repeat(80);
        assertDiagnostics("{'StartAt': '" + name + "', 'States': {'" + name + "': {'Type': 'Succeed'}}}");
    }

    @Test
    void anEmptyStateNameIsInvalid() {
        assertDiagnostics("{'StartAt': '', 'States': {'': {'Type': 'Succeed'}}}",
                error(INVALID_STATE_NAME, "Invalid State name: State name must not be empty", "/States/"));
    }

    @Test
    void aStateNameWithControlCharactersIsInvalid() {
        assertDiagnostics("{'StartAt': 'A\\u0007', 'States': {'A\\u0007': {'Type': 'Succeed'}}}",
                error(INVALID_STATE_NAME, "Invalid State name: State 'A\u0007' contains control characters",
                        "/States/A\u0007"));
    }

    @Test
    void spacesAndPunctuationAreAllowedInStateNames() {
        assertDiagnostics("{'StartAt': 'Send SNS Message: #1', 'States': {'Send SNS Message: #1': {'Type': 'Succeed'}}}");
    }

    @Test
    void aStateNameWrittenTwiceInOneStatesObjectIsADuplicate() {
        assertDiagnostics("{'StartAt': 'Dup', 'States': {'Dup': {'Type': 'Pass', 'Next': 'Done'}, "
                        + "'Dup': {'Type': 'Pass', 'Next': 'Done'}, 'Done': {'Type': 'Succeed'}}}",
                error(DUPLICATE_STATE_NAME, "Duplicate State name: Dup", "/States/Dup"));
    }

    @Test
    void stateNamesAreUniqueAcrossBranchesAndIterators() {
        assertDiagnostics("{'StartAt': 'Map', 'States': {'Map': {'Type': 'Map', 'Next': 'Final State', 'Iterator': "
                        + "{'StartAt': 'Final State', 'States': {'Final State': {'Type': 'Wait', 'Seconds': 20, 'End': true}}}},"
                        + " 'Final State': {'Type': 'Pass', 'End': true}}}",
                error(DUPLICATE_STATE_NAME, "Duplicate State name: Final State", "/States/Map/Iterator/States/Final State"));
    }

    @Test
    void duplicatesInsideABranchArePointedAtInTheBranch() {
        assertDiagnostics("{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': ["
                        + "{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}, 'A': {'Type': 'Succeed'}}}]}}}",
                error(DUPLICATE_STATE_NAME, "Duplicate State name: A", "/States/P/Branches[0]/States/A"));
    }
}
