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
    void errorPathIsAPath() {
        assertDiagnostics(single("{'Type': 'Fail', 'ErrorPath': 'error'}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'ErrorPath' must be a valid JSONPath",
                        "/States/S/ErrorPath"));
    }
}
