package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.Definitions.singleJsonata;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wait: exactly one of its four fields, valid values; Fail: Error and ErrorPath, Cause and CausePath exclusive. */
class WaitAndFailTest {

    @Test
    void waitNeedsExactlyOneOfItsFields() {
        String oneOf = "Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set";
        assertDiagnostics(single("{'Type': 'Wait', 'End': true}"), error(SCHEMA_VALIDATION_FAILED, oneOf, "/States/S"));
        assertDiagnostics(single("{'Type': 'Wait', 'Seconds': 1, 'SecondsPath': '$.s', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, oneOf, "/States/S"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-13-05T21:29:29Z", "2016-12-05T25:29:29Z",
        "05/12/2016", "{% 1 %}"})
    void timestampMustBeRfc3339(String timestamp) {
        assertDiagnostics("{'Comment': 'WAIT_TIMESTAMP', 'StartAt': 'WaitUntil', 'States': {'WaitUntil': {'Type': 'Wait', "
                        + "'Timestamp': '" + timestamp + "', 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", "/States/WaitUntil/Timestamp"));
    }

    @Test
    void secondsIsANonNegativeInteger() {
        assertDiagnostics(single("{'Type': 'Wait', 'Seconds': -1, 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", "/States/S/Seconds"));
        assertDiagnostics(single("{'Type': 'Wait', 'Seconds': '5', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Integer", "/States/S/Seconds"));
    }

    @Test
    void jsonataWaitsMayComputeSecondsAndTimestamps() {
        assertDiagnostics(singleJsonata("{'Type': 'Wait', 'Seconds': '{% 1 + 1 %}', 'End': true}"));
        assertDiagnostics(singleJsonata("{'Type': 'Wait', 'Timestamp': '{% $now() %}', 'End': true}"));
    }

    @Test
    void secondsPathIsJsonPathOnly() {
        assertDiagnostics(singleJsonata("{'Type': 'Wait', 'SecondsPath': '$.s', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field 'SecondsPath' is only "
                        + "supported for the 'JSONPath' QueryLanguage", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED,
                        "Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set", "/States/S"));
    }

    @Test
    void errorAndErrorPathAreExclusive() {
        assertDiagnostics(single("{'Type': 'Fail', 'Error': 'E', 'ErrorPath': '$.e', 'Cause': 'C', 'CausePath': '$.c'}"),
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Error' and 'ErrorPath' may be set", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Cause' and 'CausePath' may be set", "/States/S"));
    }

    @Test
    void errorPathIsAPathOrAnIntrinsicCall() {
        assertDiagnostics(single("{'Type': 'Fail', 'ErrorPath': 'error'}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'ErrorPath' must be a valid JSONPath or a valid "
                        + "intrinsic function call", "/States/S/ErrorPath"));
        assertDiagnostics(single("{'Type': 'Fail', 'ErrorPath': '$.e', 'CausePath': '$$.State.Name'}"));
    }

    /**
     * The developer guide's Fail state page: ErrorPath and CausePath may use "an intrinsic function
     * that returns a string. These intrinsics are: States.Format, States.JsonToString,
     * States.ArrayGetItem, States.Base64Encode, States.Base64Decode, States.Hash, and States.UUID".
     */
    @ParameterizedTest
    @ValueSource(strings = {"States.Format($.template, $.a)", "States.JsonToString($.a)", "States.ArrayGetItem($.a, 0)",
        "States.Base64Encode($.a)", "States.Base64Decode($.a)", "States.Hash($.a, $.algorithm)", "States.UUID()"})
    void errorPathAndCausePathMayCallTheIntrinsicsThatReturnAString(String call) {
        assertDiagnostics(single("{'Type': 'Fail', 'ErrorPath': '" + call + "', 'CausePath': '" + call + "'}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"States.MathAdd(1, 2)", "States.Array($.a)", "States.StringToJson($.a)", "States.UUID(1)",
        "States.Nope()"})
    void otherIntrinsicsAndInvalidCallsAreRefusedInErrorPathAndCausePath(String call) {
        assertDiagnostics(single("{'Type': 'Fail', 'CausePath': '" + call + "'}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'CausePath' must be a valid JSONPath or a valid "
                        + "intrinsic function call", "/States/S/CausePath"));
    }
}
