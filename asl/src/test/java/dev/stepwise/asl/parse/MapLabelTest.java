package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_LABEL_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_LABEL_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** A Map's Label: 1 to 40 characters, no special characters, unique in the machine. */
class MapLabelTest {

    private static String mapsWithLabels(String first, String second) {
        return "{'StartAt': 'M1', 'States': {"
                + "'M1': {'Type': 'Map', 'Label': '" + first + "', 'Next': 'M2', 'ItemProcessor': "
                + "{'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}},"
                + "'M2': {'Type': 'Map', 'Label': '" + second + "', 'End': true, 'ItemProcessor': "
                + "{'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}}}";
    }

    @Test
    void distinctValidLabelsAreAccepted() {
        assertDiagnostics(mapsWithLabels("first-map_1", "second.map"));
    }

    @Test
    void aLabelLongerThan40CharactersIsInvalid() {
        String label = "l".repeat(41);
        assertDiagnostics(mapsWithLabels(label, "ok"),
                error(INVALID_LABEL_NAME, "Invalid Label name: Label '" + label + "' must be between 1 and 40 characters long",
                        "/States/M1/Label"));
    }

    @Test
    void aLabelWithSpecialCharactersIsInvalid() {
        for (String label : new String[] {"has space", "a/b", "x*", "{y}", "q?", "a:b", "d$"}) {
            assertDiagnostics(mapsWithLabels(label, "ok"),
                    error(INVALID_LABEL_NAME, "Invalid Label name: Label '" + label
                            + "' contains whitespace, brackets, wildcards, special or control characters", "/States/M1/Label"));
        }
    }

    @Test
    void aLabelUsedTwiceIsADuplicate() {
        assertDiagnostics(mapsWithLabels("same", "same"),
                error(DUPLICATE_LABEL_NAME, "Duplicate Label name: same", "/States/M2/Label"));
    }

    @Test
    void aLabelIsAString() {
        assertDiagnostics("{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'Label': 7, 'End': true, 'ItemProcessor': "
                        + "{'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}}}}",
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", "/States/M/Label"));
    }
}
