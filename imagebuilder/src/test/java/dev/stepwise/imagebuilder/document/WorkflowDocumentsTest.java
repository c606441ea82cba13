package dev.stepwise.imagebuilder.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stepwise.imagebuilder.document.InputValue.ListValue;
import dev.stepwise.imagebuilder.document.InputValue.Literal;
import dev.stepwise.imagebuilder.document.InputValue.MapValue;
import dev.stepwise.imagebuilder.document.InputValue.Reference;
import dev.stepwise.imagebuilder.document.InputValue.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A document with every field the schema has is read into records with nothing lost. */
class WorkflowDocumentsTest {

    private static final String RICH = """
            name: rich-build
            description: Builds, checks and waits
            schemaVersion: 1.0
            parameters:
              - name: instanceTypes
                type: stringList
                default: [m5.large, c5.large]
                description: Instance types to try
              - name: waitAtEnd
                type: boolean
                default: true
              - name: retries
                type: integer
                default: 3
              - name: document
                type: string
                description: The command document
              - name: untyped
            steps:
              - name: LaunchBuildInstance
                action: LaunchInstance
                description: Launch the build instance
                onFailure: Abort
                timeoutSeconds: 3600
                inputs:
                  waitFor: ssmAgent
                  healthCheck: RUNNING
                  instanceTypesOverride.$: $.parameters.instanceTypes
              - name: RunSetup
                action: RunCommand
                onFailure: Continue
                rollbackEnabled: false
                if:
                  and:
                    - stringEquals: Linux
                      value: $.imagebuilder.platform
                    - or:
                        - numberGreaterThan: 2
                          value: $.parameters.retries
                        - not:
                            booleanEquals: false
                            value: $.imagebuilder.collectImageMetadata
                inputs:
                  instanceId.$: $.stepOutputs.LaunchBuildInstance.instanceId
                  documentName.$: $.parameters.document
                  parameters:
                    commands:
                      - echo hello
                      - echo world
              - name: Validate
                action: ExecuteStateMachine
                rollbackEnabled: $.parameters.waitAtEnd
                inputs:
                  stateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:Check
                  input: |
                    {"instance": "{{ $.stepOutputs.LaunchBuildInstance.instanceId }}", "status": "{{ $.stepOutputs.RunSetup.status }}"}
              - name: WaitAtEnd
                action: WaitForAction
                if:
                  - booleanEquals: true
                    value: $.parameters.waitAtEnd
            outputs:
              - name: instanceId
                value: $.stepOutputs.LaunchBuildInstance.instanceId
              - name: note
                value: built by rich-build
            """;

    @Test
    void aRichDocumentIsReadWithEveryField() {
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(RICH, WorkflowType.BUILD);
        assertThat(checked.problems()).isEmpty();
        WorkflowDocument d = checked.document();
        assertThat(d.name()).isEqualTo("rich-build");
        assertThat(d.description()).isEqualTo("Builds, checks and waits");
        assertThat(d.schemaVersion()).isEqualTo("1.0");

        assertThat(d.parameters()).containsExactly(
                new WorkflowParameter("instanceTypes", ParameterType.STRING_LIST, List.of("m5.large", "c5.large"),
                        "Instance types to try"),
                new WorkflowParameter("waitAtEnd", ParameterType.BOOLEAN, List.of("true"), null),
                new WorkflowParameter("retries", ParameterType.INTEGER, List.of("3"), null),
                new WorkflowParameter("document", ParameterType.STRING, null, "The command document"),
                new WorkflowParameter("untyped", ParameterType.STRING, null, null));
        assertThat(d.parameter("document").orElseThrow().required()).isTrue();

        assertThat(d.steps()).extracting(WorkflowStep::name)
                .containsExactly("LaunchBuildInstance", "RunSetup", "Validate", "WaitAtEnd");
        WorkflowStep launch = d.steps().get(0);
        assertThat(launch.action()).isEqualTo("LaunchInstance");
        assertThat(launch.description()).isEqualTo("Launch the build instance");
        assertThat(launch.onFailure()).isEqualTo(OnFailure.ABORT);
        assertThat(launch.timeoutSeconds()).isEqualTo(3600);
        assertThat(launch.condition()).isNull();
        assertThat(launch.rollbackEnabled()).isEqualTo(new Literal(BooleanNode.TRUE));
        assertThat(launch.inputs()).containsExactly(
                Map.entry("waitFor", new Literal(TextNode.valueOf("ssmAgent"))),
                Map.entry("healthCheck", new Literal(TextNode.valueOf("RUNNING"))),
                Map.entry("instanceTypesOverride", new Reference(path("$.parameters.instanceTypes"))));

        WorkflowStep setup = d.steps().get(1);
        assertThat(setup.onFailure()).isEqualTo(OnFailure.CONTINUE);
        assertThat(setup.rollbackEnabled()).isEqualTo(new Literal(BooleanNode.FALSE));
        assertThat(setup.timeoutSeconds()).isNull();
        assertThat(setup.inputs().get("instanceId"))
                .isEqualTo(new Reference(path("$.stepOutputs.LaunchBuildInstance.instanceId")));
        assertThat(setup.inputs().get("parameters")).isEqualTo(new MapValue(Map.of("commands", new ListValue(List.of(
                new Literal(TextNode.valueOf("echo hello")), new Literal(TextNode.valueOf("echo world")))))));
        assertThat(setup.condition()).isEqualTo(new Condition.And(List.of(
                new Condition.Comparison(ComparisonOperator.STRING_EQUALS, TextNode.valueOf("Linux"),
                        new Reference(path("$.imagebuilder.platform"))),
                new Condition.Or(List.of(
                        new Condition.Comparison(ComparisonOperator.NUMBER_GREATER_THAN, IntNode.valueOf(2),
                                new Reference(path("$.parameters.retries"))),
                        new Condition.Not(new Condition.Comparison(ComparisonOperator.BOOLEAN_EQUALS,
                                BooleanNode.FALSE, new Reference(path("$.imagebuilder.collectImageMetadata")))))))));

        WorkflowStep validate = d.steps().get(2);
        assertThat(validate.rollbackEnabled()).isEqualTo(new Reference(path("$.parameters.waitAtEnd")));
        assertThat(validate.inputs().get("input")).isInstanceOfSatisfying(Template.class, t -> {
            assertThat(t.text()).contains("{{ $.stepOutputs.LaunchBuildInstance.instanceId }}");
            assertThat(t.paths()).containsExactly(path("$.stepOutputs.LaunchBuildInstance.instanceId"),
                    path("$.stepOutputs.RunSetup.status"));
        });

        // a comparison may be written as a one-item list at the parent level, as AWS's examples do
        assertThat(d.steps().get(3).condition()).isEqualTo(new Condition.Comparison(
                ComparisonOperator.BOOLEAN_EQUALS, BooleanNode.TRUE, new Reference(path("$.parameters.waitAtEnd"))));
        assertThat(d.steps().get(3).inputs()).isEmpty();

        assertThat(d.outputs()).containsExactly(
                new WorkflowOutput("instanceId", new Reference(path("$.stepOutputs.LaunchBuildInstance.instanceId"))),
                new WorkflowOutput("note", new Literal(TextNode.valueOf("built by rich-build"))));
    }

    @Test
    void aJsonDocumentIsReadAsWell() {
        String json = """
                {"schemaVersion": "1.0", "steps": [
                  {"name": "Launch", "action": "LaunchInstance", "inputs": {"waitFor": "ssmAgent"}},
                  {"name": "Stop", "action": "TerminateInstance", "onFailure": "Continue",
                   "inputs": {"instanceId.$": "$.stepOutputs.Launch.instanceId", "waitForTermination": true}}]}
                """;
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(json, WorkflowType.TEST);
        assertThat(checked.problems()).isEmpty();
        assertThat(checked.document().steps().get(1).inputs().get("waitForTermination"))
                .isEqualTo(new Literal(BooleanNode.TRUE));
    }

    @Test
    void theParsedDocumentCannotBeChanged() {
        WorkflowDocument d = WorkflowDocuments.read(RICH, WorkflowType.BUILD).document();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.steps().get(0).inputs().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.parameters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static VariablePath path(String text) {
        return VariablePath.parse(text).orElseThrow();
    }
}
