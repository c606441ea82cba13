package dev.stepwise.transfer.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.transfer.sftp.FileLocation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The state machine a workflow runs as, and the data its steps carry. */
class WorkflowMachineTest {

    private static JsonNode json(String text) throws IOException {
        return Json.parse(text.replace('\'', '"'));
    }

    private static ArrayNode steps(String text) throws IOException {
        return (ArrayNode) json(text);
    }

    @Test
    void eachStepIsATaskOfTheFacesIntegrationInOrderEndingInSucceed() throws IOException {
        String definition = WorkflowMachine.definition(steps("[{'Type': 'COPY'}, {'Type': 'TAG'}]"), null);
        ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
        assertThat(parsed.ok()).as(parsed.diagnostics().toString()).isTrue();
        JsonNode states = Json.parse(definition).path("States");
        assertThat(Json.parse(definition).path("StartAt").asText()).isEqualTo("Steps0");
        assertThat(states.path("Steps0").path("Resource").asText()).isEqualTo("arn:aws:states:::transfer-workflow:copy");
        assertThat(states.path("Steps0").path("Next").asText()).isEqualTo("Steps1");
        assertThat(states.path("Steps1").path("Resource").asText()).isEqualTo("arn:aws:states:::transfer-workflow:tag");
        assertThat(states.path("Steps1").path("Next").asText()).isEqualTo("Completed");
        // without exception steps, a failure ends the execution
        assertThat(states.path("Steps0").path("Catch").path(0).path("Next").asText()).isEqualTo("Errored");
        assertThat(states.path("Completed").path("Type").asText()).isEqualTo("Succeed");
        assertThat(states.path("Errored").path("Type").asText()).isEqualTo("Fail");
    }

    @Test
    void aFailingStepGoesToTheFirstExceptionStepAndAFailingExceptionStepEndsThem() throws IOException {
        String definition = WorkflowMachine.definition(steps("[{'Type': 'DELETE'}]"),
                steps("[{'Type': 'TAG'}, {'Type': 'DELETE'}]"));
        JsonNode states = Json.parse(definition).path("States");
        assertThat(states.path("Steps0").path("Catch").path(0).path("Next").asText()).isEqualTo("OnExceptionSteps0");
        assertThat(states.path("OnExceptionSteps0").path("Next").asText()).isEqualTo("OnExceptionSteps1");
        assertThat(states.path("OnExceptionSteps0").path("Catch").path(0).path("Next").asText()).isEqualTo("Errored");
        // the exception steps' end is the execution's EXCEPTION
        assertThat(states.path("OnExceptionSteps1").path("Next").asText()).isEqualTo("Errored");
        assertThat(DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD).ok()).isTrue();
    }

    @Test
    void aCustomStepWaitsForItsCallbackAsLongAsItsTimeoutSays() throws IOException {
        String definition = WorkflowMachine.definition(steps("[{'Type': 'CUSTOM', 'CustomStepDetails': "
                + "{'TimeoutSeconds': 42}}, {'Type': 'CUSTOM', 'CustomStepDetails': {}}]"), null);
        JsonNode states = Json.parse(definition).path("States");
        assertThat(states.path("Steps0").path("Resource").asText())
                .isEqualTo("arn:aws:states:::transfer-workflow:custom.waitForTaskToken");
        assertThat(states.path("Steps0").path("TimeoutSeconds").asInt()).isEqualTo(42);
        assertThat(states.path("Steps1").path("TimeoutSeconds").asInt())
                .isEqualTo(WorkflowMachine.DEFAULT_CUSTOM_TIMEOUT_SECONDS);
        assertThat(states.path("Steps0").path("Arguments").has("Token")).isTrue();
    }

    @Test
    void aWorkflowWithoutStepsCompletesAtOnce() throws IOException {
        String definition = WorkflowMachine.definition(steps("[]"), null);
        assertThat(Json.parse(definition).path("StartAt").asText()).isEqualTo("Completed");
    }

    @Test
    void noTextOfAStepIsInTheDefinition() throws IOException {
        String definition = WorkflowMachine.definition(steps("[{'Type': 'COPY', 'CopyStepDetails': {'Name': "
                + "'{% $hack() %}', 'DestinationFileLocation': {'S3FileLocation': {'Bucket': 'b', 'Key': 'k'}}}}]"),
                null);
        assertThat(definition).doesNotContain("hack").doesNotContain("\"b\"");
    }

    @Test
    void theResultsShowEachStepDoneThenTheFailedOneWithItsErrorType() throws IOException {
        JsonNode state = json("{'workflow': {'Steps': [{'Type': 'TAG'}, {'Type': 'CUSTOM'}], 'OnExceptionSteps': "
                + "[{'Type': 'DELETE'}]}, 'steps': [{'StepType': 'TAG', 'Outputs': '{}', 'Input': {}}], "
                + "'failure': {'Error': 'States.Timeout', 'Cause': ''}, 'exceptionSteps': [], "
                + "'exceptionFailure': {'Error': 'NOT_FOUND', 'Cause': 'gone'}}");
        JsonNode results = WorkflowState.results(state);
        assertThat(results.path("Steps")).hasSize(2);
        assertThat(results.path("Steps").path(0)).isEqualTo(json("{'StepType': 'TAG', 'Outputs': '{}'}"));
        assertThat(results.path("Steps").path(1).path("StepType").asText()).isEqualTo("CUSTOM");
        assertThat(results.path("Steps").path(1).path("Error").path("Type").asText()).isEqualTo("TIMEOUT");
        assertThat(results.path("OnExceptionSteps").path(0))
                .isEqualTo(json("{'StepType': 'DELETE', 'Error': {'Type': 'NOT_FOUND', 'Message': 'gone'}}"));
        assertThat(WorkflowState.failed(state)).isTrue();
    }

    @Test
    void fileLocationsAreWrittenAsTransfersApiWritesThem() {
        FileLocation s3 = new FileLocation.S3("b", "k/x.txt", null, "0cc175b9c0f1b6a831c399e269772661");
        assertThat(WorkflowState.location(s3).toString())
                .isEqualTo("{\"S3FileLocation\":{\"Bucket\":\"b\",\"Key\":\"k/x.txt\","
                        + "\"Etag\":\"0cc175b9c0f1b6a831c399e269772661\"}}");
        assertThat(WorkflowState.file(WorkflowState.location(s3))).isEqualTo(s3);
        FileLocation efs = new FileLocation.Efs("fs-01234567", "/home/x.txt");
        assertThat(WorkflowState.file(WorkflowState.location(efs))).isEqualTo(efs);
    }
}
