package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import org.junit.jupiter.api.Test;

/** Parallel branches and Map item processors: required, well formed, their own blocks. */
class ParallelAndMapTest {
    private static final String PROCESSOR = "{'StartAt': 'I', 'States': {'I': {'Type': 'Succeed'}}}";

    @Test
    void branchesCannotBeEmpty() {
        assertDiagnostics("{'StartAt': 'StateName', 'States': {'StateName': {'Type': 'Parallel', 'Branches': [], 'End': true}}}",
                error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", "/States/StateName/Branches"));
    }

    @Test
    void branchesAreRequired() {
        assertDiagnostics(single("{'Type': 'Parallel', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Branches]", "/States/S"));
    }

    @Test
    void aBranchIsABlock() {
        assertDiagnostics(single("{'Type': 'Parallel', 'End': true, 'Branches': [{'States': {'B': {'Type': 'Succeed'}}, "
                        + "'QueryLanguage': 'JSONata'}, 'x']}"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [StartAt]", "/States/S/Branches[0]"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'QueryLanguage' is not supported", "/States/S/Branches[0]"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", "/States/S/Branches[1]"));
    }

    @Test
    void aMapNeedsAnItemProcessor() {
        assertDiagnostics(single("{'Type': 'Map', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [ItemProcessor]", "/States/S"));
    }

    @Test
    void itemProcessorAndIteratorAreExclusive() {
        assertDiagnostics(single("{'Type': 'Map', 'End': true, 'ItemProcessor': " + PROCESSOR + ", 'Iterator': "
                        + PROCESSOR.replace("'I'", "'J'") + "}"),
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'ItemProcessor' and 'Iterator' may be set",
                        "/States/S"));
    }

    @Test
    void processorConfigHasAModeAndAnExecutionType() {
        assertDiagnostics(single("{'Type': 'Map', 'End': true, 'ItemProcessor': {'ProcessorConfig': {'Mode': 'FAST', "
                        + "'ExecutionType': 'SLOW', 'Extra': 1}, 'StartAt': 'I', 'States': {'I': {'Type': 'Succeed'}}}}"),
                error(SCHEMA_VALIDATION_FAILED, "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]",
                        "/States/S/ItemProcessor/ProcessorConfig/Mode"),
                error(SCHEMA_VALIDATION_FAILED, "The field 'ExecutionType' should have one of these values: "
                        + "[STANDARD, EXPRESS]", "/States/S/ItemProcessor/ProcessorConfig/ExecutionType"),
                error(SCHEMA_VALIDATION_FAILED, "Field 'Extra' is not supported", "/States/S/ItemProcessor/ProcessorConfig"));
    }

    @Test
    void mapLimitsStayInTheirRanges() {
        assertDiagnostics(single("{'Type': 'Map', 'End': true, 'ItemProcessor': " + PROCESSOR
                        + ", 'MaxConcurrency': -1, 'ToleratedFailurePercentage': 101, 'ToleratedFailureCount': -2}"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", "/States/S/MaxConcurrency"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", "/States/S/ToleratedFailureCount"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 100", "/States/S/ToleratedFailurePercentage"));
    }

    @Test
    void itemSelectorAndParametersAreExclusive() {
        assertDiagnostics(single("{'Type': 'Map', 'End': true, 'ItemProcessor': " + PROCESSOR
                        + ", 'ItemSelector': {}, 'Parameters': {}}"),
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'ItemSelector' and 'Parameters' may be set",
                        "/States/S"));
    }

    @Test
    void aMapHasNoArguments() {
        assertDiagnostics("{'QueryLanguage': 'JSONata', 'StartAt': 'S', 'States': {'S': {'Type': 'Map', 'End': true, "
                        + "'ItemProcessor': " + PROCESSOR + ", 'Arguments': {}}}}",
                error(SCHEMA_VALIDATION_FAILED, "Field 'Arguments' is not supported", "/States/S"));
    }
}
