package dev.stepwise.imagebuilder.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.imagebuilder.document.WorkflowDocument;
import dev.stepwise.imagebuilder.document.WorkflowDocuments;
import dev.stepwise.imagebuilder.document.WorkflowType;
import org.junit.jupiter.api.Test;

class WorkflowMachineTest {
    private static final String DOC = """
            name: w
            schemaVersion: 1.0
            parameters:
              - name: enabled
                type: boolean
                default: true
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
              - name: Approve
                action: WaitForAction
                timeoutSeconds: 60
                onFailure: Continue
              - name: Metadata
                action: CollectImageMetadata
                rollbackEnabled: false
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
              - name: Image
                action: CreateImage
                if:
                  booleanEquals: true
                  value: $.parameters.enabled
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
            """;

    private static WorkflowDocument document() {
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(DOC, WorkflowType.BUILD);
        assertThat(checked.problems()).isEmpty();
        return checked.document();
    }

    @Test
    void stepsRunInOrderAndAnAbortRollsBackInReverseTheStepsThatCan() throws Exception {
        String definition = WorkflowMachine.definition(document());
        assertThat(DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD).ok()).isTrue();
        JsonNode states = Json.parse(definition).path("States");
        assertThat(states.path("Step0").path("Next").asText()).isEqualTo("Step1");
        assertThat(states.path("Step3").path("Next").asText()).isEqualTo("Completed");
        // Continue goes on; Abort rolls back the launch (the metadata step turned its rollback off)
        assertThat(states.path("Step1").path("Catch").get(0).path("Next").asText()).isEqualTo("Step2");
        assertThat(states.path("Step3").path("Catch").get(0).path("Next").asText()).isEqualTo("Rollback0");
        assertThat(states.has("Rollback2")).isFalse();
        assertThat(states.path("Rollback0").path("Next").asText()).isEqualTo("Failed");
        // the waiting step waits as long as it says; the others as long as their action's default
        assertThat(states.path("Step1").path("TimeoutSeconds").asInt()).isEqualTo(60);
        assertThat(states.path("Step1").path("Resource").asText()).endsWith(":step.sync");
        assertThat(states.path("Step0").path("TimeoutSeconds").asInt()).isEqualTo(75 * 60);
    }

    @Test
    void referencesAndConditionsReadTheRunsData() {
        WorkflowDocument doc = document();
        ObjectNode params = Json.object().put("enabled", false);
        ObjectNode data = RunData.initial(new RunData.Run("wf-1", "image", "workflow", "w", WorkflowType.BUILD, null,
                DOC), 0, params, Json.object().put("imageName", "img"));
        ((ObjectNode) data.path(RunData.STEP_OUTPUTS)).putObject("Launch").put("instanceId", "i-0123");
        assertThat(RunValues.inputs(doc.steps().get(2), data).path("instanceId").asText()).isEqualTo("i-0123");
        assertThat(RunValues.runs(doc.steps().get(3), data)).isFalse();
        params.put("enabled", true);
        assertThat(RunValues.runs(doc.steps().get(3), data)).isTrue();
        assertThat(RunValues.rollbackEnabled(doc.steps().get(2), data)).isFalse();
        assertThat(RunValues.rollbackEnabled(doc.steps().get(0), data)).isTrue();
    }
}
