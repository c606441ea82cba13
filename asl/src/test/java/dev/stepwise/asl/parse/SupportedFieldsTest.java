package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A field a state type does not support: "Field 'X' is not supported" at the state. */
class SupportedFieldsTest {

    /** Minimal valid states of each type, to which one field is added. */
    static String state(String type) {
        return switch (type) {
            case "Pass" -> "{'Type': 'Pass', 'End': true";
            case "Task" -> "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true";
            case "Wait" -> "{'Type': 'Wait', 'Seconds': 1, 'End': true";
            case "Succeed" -> "{'Type': 'Succeed'";
            case "Fail" -> "{'Type': 'Fail'";
            case "Choice" -> "{'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, 'Next': 'E'}], 'Default': 'E'";
            case "Parallel" -> "{'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}], 'End': true";
            case "Map" -> "{'Type': 'Map', 'ItemProcessor': {'StartAt': 'I', 'States': {'I': {'Type': 'Succeed'}}}, 'End': true";
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static String machineWith(String type, String extraField) {
        String end = type.equals("Choice") ? ", 'E': {'Type': 'Succeed'}" : "";
        return "{'StartAt': 'S', 'States': {'S': " + state(type) + ", " + extraField + "}" + end + "}}";
    }

    @ParameterizedTest(name = "{0} does not support {1}")
    @CsvSource({
        "Pass, TimeoutSeconds", "Wait, TimeoutSeconds", "Choice, TimeoutSeconds", "Succeed, TimeoutSeconds",
        "Fail, TimeoutSeconds", "Map, TimeoutSeconds", "Parallel, TimeoutSeconds",
        "Pass, Catch", "Wait, Catch", "Choice, Catch", "Succeed, Catch", "Fail, Catch",
        "Pass, Retry", "Wait, Retry", "Choice, Retry", "Succeed, Retry", "Fail, Retry",
    })
    void fieldNotSupportedByTheStateType(String type, String field) {
        String value = field.equals("TimeoutSeconds") ? "5" : "[]";
        assertDiagnostics(machineWith(type, "'" + field + "': " + value),
                error(SCHEMA_VALIDATION_FAILED, "Field '" + field + "' is not supported", "/States/S"));
    }

    @ParameterizedTest(name = "{0} does not support {1}")
    @CsvSource({
        "Pass, Resource", "Pass, ResultSelector", "Succeed, Assign", "Fail, Assign", "Fail, InputPath",
        "Fail, OutputPath", "Fail, Next", "Succeed, End", "Choice, Next", "Choice, End", "Wait, Parameters",
        "Map, Branches", "Parallel, ItemsPath", "Task, Choices", "Pass, Seconds",
    })
    void otherFieldsNotSupportedByTheStateType(String type, String field) {
        assertDiagnostics(machineWith(type, "'" + field + "': 'x'"),
                error(SCHEMA_VALIDATION_FAILED, "Field '" + field + "' is not supported", "/States/S"));
    }

    @Test
    void unknownFieldsAreNotSupported() {
        assertDiagnostics(single("{'Type': 'Pass', 'End': true, 'Nxt': 'S'}"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Nxt' is not supported", "/States/S"));
    }

    @Test
    void everyUnsupportedFieldIsReported() {
        assertDiagnostics(single("{'Type': 'Succeed', 'Retry': [], 'Catch': [], 'Foo': 1}"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Retry' is not supported", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Catch' is not supported", "/States/S"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Foo' is not supported", "/States/S"));
    }
}
