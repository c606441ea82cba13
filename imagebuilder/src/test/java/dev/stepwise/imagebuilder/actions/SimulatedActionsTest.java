package dev.stepwise.imagebuilder.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.actions.ActionProvider.ActionFailure;
import dev.stepwise.imagebuilder.actions.ActionProvider.ActionRequest;
import org.junit.jupiter.api.Test;

class SimulatedActionsTest {

    private static ActionRequest request(String action, String step, String stepId) {
        return new ActionRequest(action, "wf", step, "wf-1", stepId, Json.object(), Json.object());
    }

    @Test
    void outputsHaveAwsFormsAndAreTheSameForTheSameStep() throws Exception {
        SimulatedActions actions = new SimulatedActions(SimulationConfig.NONE);
        ObjectNode launched = actions.perform(request("LaunchInstance", "Launch", "step-a"));
        assertThat(launched.path("instanceId").asText()).matches("i-[0-9a-f]{17}");
        assertThat(actions.perform(request("LaunchInstance", "Launch", "step-a"))).isEqualTo(launched);
        assertThat(actions.perform(request("LaunchInstance", "Launch", "step-b")).path("instanceId"))
                .isNotEqualTo(launched.path("instanceId"));
        assertThat(actions.perform(request("CreateImage", "Image", "step-a")).path("imageId").asText())
                .matches("ami-[0-9a-f]{17}");
        assertThat(actions.perform(request("RunCommand", "Run", "step-a")).path("runCommandId").asText())
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void aRuleFailsTheAttemptsItNamesOnly() throws Exception {
        SimulatedActions actions = new SimulatedActions(SimulationConfig.parse("""
                rules:
                  - step: Launch
                    attempts: [2]
                    fail: No capacity.
                  - action: CreateImage
                    outputs: {imageId: ami-00000000000000001}
                    rollbackFail: Cannot deregister.
                """));
        actions.perform(request("LaunchInstance", "Launch", "s1"));
        assertThatThrownBy(() -> actions.perform(request("LaunchInstance", "Launch", "s1")))
                .isInstanceOf(ActionFailure.class).hasMessage("No capacity.");
        actions.perform(request("LaunchInstance", "Launch", "s1"));
        assertThat(actions.perform(request("CreateImage", "Image", "s2")).path("imageId").asText())
                .isEqualTo("ami-00000000000000001");
        assertThatThrownBy(() -> actions.rollback(request("CreateImage", "Image", "s2"), Json.object()))
                .hasMessage("Cannot deregister.");
    }

    @Test
    void aBadFileIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> SimulationConfig.parse("rules:\n  - stepp: x\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rules[0]")
                .hasMessageContaining("stepp");
        assertThatThrownBy(() -> SimulationConfig.parse("rules:\n  - attempts: [0]\n"))
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> SimulationConfig.parse("rules: {")).hasMessageContaining("not valid YAML");
    }
}
