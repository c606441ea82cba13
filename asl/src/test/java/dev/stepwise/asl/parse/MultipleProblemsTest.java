package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.warning;
import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_TRANSITION_TARGET;
import static dev.stepwise.asl.parse.DiagnosticCodes.NO_PATH;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** Validation never stops at the first problem: every one is reported. */
class MultipleProblemsTest {

    @Test
    void everyProblemOfAMachineIsReported() {
        assertDiagnostics("{'StartAt': 'Start', 'Extra': true, 'States': {"
                        + "'Start': {'Type': 'Task', 'Resource': 'arn:aws:sqs:us-east-1:1:q', 'Next': 'Wait', 'Retry': 3},"
                        + "'Wait': {'Type': 'Wait', 'Timestamp': 'tomorrow', 'Next': 'Branch'},"
                        + "'Branch': {'Type': 'Parallel', 'Next': 'Ghost', 'Branches': [{'StartAt': 'Start', 'States': "
                        + "{'Start': {'Type': 'Fail', 'Error': '$.e'}}}]},"
                        + "'Lonely': {'Type': 'Succeed', 'TimeoutSeconds': 1}}}",
                error(SCHEMA_VALIDATION_FAILED, "The resource provided arn:aws:sqs:us-east-1:1:q is not recognized. The "
                        + "value is not a valid resource ARN, or the resource is not available in this region.",
                        "/States/Start/Resource"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Array", "/States/Start/Retry"),
                error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", "/States/Wait/Timestamp"),
                warning(NO_PATH, "The value for the field 'Error' looks like a path, but the field name does not end with "
                        + "'Path'", "/States/Branch/Branches[0]/States/Start/Error"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'TimeoutSeconds' is not supported", "/States/Lonely"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Extra' is not supported", "/"),
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: Ghost", "/States/Branch/Next"),
                error(MISSING_TRANSITION_TARGET, "State \"Lonely\" is not reachable.", "/States/Lonely"),
                error(DUPLICATE_STATE_NAME, "Duplicate State name: Start", "/States/Branch/Branches[0]/States/Start"));
    }

    @Test
    void problemsInsideEveryBranchAreReported() {
        assertDiagnostics("{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': ["
                        + "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'Z'}, 'A2': {'Type': 'Succeed'}}},"
                        + "{'StartAt': 'B', 'States': {'B': {'Type': 'Bogus'}}}]}}}",
                error(SCHEMA_VALIDATION_FAILED, "The field 'Type' should have one of these values: [Task, Wait, Pass, "
                        + "Succeed, Fail, Choice, Parallel, Map]", "/States/P/Branches[1]/States/B/Type"),
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: Z", "/States/P/Branches[0]/States/A/Next"),
                error(MISSING_TRANSITION_TARGET, "State \"A2\" is not reachable.", "/States/P/Branches[0]/States/A2"));
    }
}
