package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.Definitions.singleJsonata;
import static dev.stepwise.asl.parse.Definitions.warning;
import static dev.stepwise.asl.parse.DiagnosticCodes.NO_DOLLAR;
import static dev.stepwise.asl.parse.DiagnosticCodes.NO_PATH;
import static dev.stepwise.asl.parse.DiagnosticCodes.PASS_RESULT_IS_STATIC;

import org.junit.jupiter.api.Test;

/** The three warnings: they are reported, and the definition stays valid. */
class WarningsTest {

    @Test
    void aPathWithoutDollarSuffixWarnsNoDollar() {
        assertDiagnostics(single("{'Type': 'Pass', 'Parameters': {'name': '$.name', 'nested': {'when': '$$.Execution.StartTime'},"
                        + " 'ok.$': '$.x', 'plain': 'text'}, 'End': true}"),
                warning(NO_DOLLAR, "The value for the field 'name' looks like a JSONPath or an intrinsic function, but the "
                        + "field name does not end with '.$'", "/States/S/Parameters"),
                warning(NO_DOLLAR, "The value for the field 'when' looks like a JSONPath or an intrinsic function, but the "
                        + "field name does not end with '.$'", "/States/S/Parameters/nested"));
    }

    @Test
    void anIntrinsicWithoutDollarSuffixWarnsNoDollar() {
        assertDiagnostics(single("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, "
                        + "'ResultSelector': {'id': 'States.UUID()'}}"),
                warning(NO_DOLLAR, "The value for the field 'id' looks like a JSONPath or an intrinsic function, but the "
                        + "field name does not end with '.$'", "/States/S/ResultSelector"));
    }

    @Test
    void aPathInAFieldNotNamedPathWarnsNoPath() {
        assertDiagnostics(single("{'Type': 'Fail', 'Error': '$.error', 'Cause': 'plain'}"),
                warning(NO_PATH, "The value for the field 'Error' looks like a path, but the field name does not end with "
                        + "'Path'", "/States/S/Error"));
        assertDiagnostics("{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', "
                        + "'StringEquals': '$.b', 'Next': 'D'}], 'Default': 'D'}, 'D': {'Type': 'Succeed'}}}",
                warning(NO_PATH, "The value for the field 'StringEquals' looks like a path, but the field name does not "
                        + "end with 'Path'", "/States/C/Choices[0]/StringEquals"));
    }

    @Test
    void aDollarSuffixInAPassResultWarnsThatTheResultIsStatic() {
        assertDiagnostics(single("{'Type': 'Pass', 'Result': {'list': [{'value.$': '$.v'}]}, 'End': true}"),
                warning(PASS_RESULT_IS_STATIC, "The field 'Result' is static: field names ending in '.$' in it are not "
                        + "evaluated", "/States/S/Result"));
    }

    @Test
    void jsonataStatesGetNoPathWarnings() {
        assertDiagnostics(singleJsonata("{'Type': 'Pass', 'Output': {'name': '$.name'}, 'End': true}"));
    }
}
