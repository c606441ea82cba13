package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** Retriers and catchers: ErrorEquals, value ranges, States.ALL last and alone. */
class RetryCatchTest {

    private static String withRetry(String retriers) {
        return single("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, 'Retry': " + retriers + "}");
    }

    @Test
    void retryValuesStayInTheirRanges() {
        assertDiagnostics(withRetry("[{'ErrorEquals': ['E'], 'IntervalSeconds': 0, 'MaxAttempts': -1, 'BackoffRate': 0.5,"
                        + " 'MaxDelaySeconds': 31622401}]"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 1 and 99999999", "/States/S/Retry[0]/IntervalSeconds"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", "/States/S/Retry[0]/MaxAttempts"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 1 and 31622400", "/States/S/Retry[0]/MaxDelaySeconds"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be greater than or equal to 1.0", "/States/S/Retry[0]/BackoffRate"));
    }

    @Test
    void maxAttemptsZeroIsAllowed() {
        assertDiagnostics(withRetry("[{'ErrorEquals': ['E'], 'MaxAttempts': 0, 'JitterStrategy': 'FULL'}]"));
    }

    @Test
    void jitterStrategyIsFullOrNone() {
        assertDiagnostics(withRetry("[{'ErrorEquals': ['E'], 'JitterStrategy': 'SOME'}]"),
                error(SCHEMA_VALIDATION_FAILED, "The field 'JitterStrategy' should have one of these values: [FULL, NONE]",
                        "/States/S/Retry[0]/JitterStrategy"));
    }

    @Test
    void errorEqualsIsARequiredNonEmptyListOfStrings() {
        assertDiagnostics(withRetry("[{'MaxAttempts': 1}, {'ErrorEquals': []}, {'ErrorEquals': [1]}]"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [ErrorEquals]", "/States/S/Retry[0]"),
                error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", "/States/S/Retry[1]/ErrorEquals"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", "/States/S/Retry[2]/ErrorEquals[0]"));
    }

    @Test
    void unknownRetrierFieldsAreNotSupported() {
        assertDiagnostics(withRetry("[{'ErrorEquals': ['E'], 'Next': 'S'}]"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Next' is not supported", "/States/S/Retry[0]"));
    }

    @Test
    void statesAllStandsAloneInTheLastEntry() {
        assertDiagnostics(withRetry("[{'ErrorEquals': ['States.ALL', 'E']}, {'ErrorEquals': ['F']}]"),
                error(SCHEMA_VALIDATION_FAILED, "States.ALL must be the only error name in its ErrorEquals",
                        "/States/S/Retry[0]/ErrorEquals"),
                error(SCHEMA_VALIDATION_FAILED, "States.ALL must appear in the last element of the array",
                        "/States/S/Retry[0]/ErrorEquals"));
    }

    @Test
    void catchersFollowTheSameRule() {
        assertDiagnostics("{'StartAt': 'S', 'States': {'S': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'End': true, 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'H'}, {'ErrorEquals': ['E'], "
                        + "'Next': 'H'}]}, 'H': {'Type': 'Succeed'}}}",
                error(SCHEMA_VALIDATION_FAILED, "States.ALL must appear in the last element of the array",
                        "/States/S/Catch[0]/ErrorEquals"));
    }

    @Test
    void aCatcherNeedsNext() {
        assertDiagnostics(single("{'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'B', 'States': "
                        + "{'B': {'Type': 'Succeed'}}}], 'Catch': [{'ErrorEquals': ['E']}]}"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Next]", "/States/S/Catch[0]"));
    }

    @Test
    void retryAndCatchAreArrays() {
        assertDiagnostics(single("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, "
                        + "'Retry': {}, 'Catch': 'all'}"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Array", "/States/S/Retry"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Array", "/States/S/Catch"));
    }
}
