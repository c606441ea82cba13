package dev.stepwise.imagebuilder.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.imagebuilder.document.DocumentProblem;
import org.junit.jupiter.api.Test;

/** The checks Image Builder makes of a component document when the component is created. */
class ComponentDocumentsTest {

    private static final String HELLO = """
            name: HelloWorld
            description: Says hello
            schemaVersion: 1.0
            parameters:
              - Greeting:
                  type: string
                  default: hello
                  description: What to say
              - Target:
                  type: string
            phases:
              - name: build
                steps:
                  - name: Say
                    action: ExecuteBash
                    onFailure: Continue
                    timeoutSeconds: 60
                    maxAttempts: 3
                    inputs:
                      commands:
                        - echo "{{ Greeting }} {{ Target }}"
              - name: validate
                steps:
                  - name: Check
                    action: Assert
                    inputs: {}
            """;

    @Test
    void aValidDocumentIsReadWithItsParametersPhasesAndType() {
        ComponentDocuments.Checked checked = ComponentDocuments.read(HELLO);
        assertThat(checked.problems()).isEmpty();
        ComponentDocument d = checked.document();
        assertThat(d.name()).isEqualTo("HelloWorld");
        assertThat(d.schemaVersion()).isEqualTo("1.0");
        assertThat(d.parameters()).containsExactly(
                new ComponentDocument.Parameter("Greeting", "string", "hello", "What to say"),
                new ComponentDocument.Parameter("Target", "string", null, null));
        assertThat(d.phases()).extracting(ComponentDocument.Phase::name).containsExactly("build", "validate");
        assertThat(d.phases().get(0).steps()).containsExactly(new ComponentDocument.Step("Say", "ExecuteBash"));
        assertThat(d.type()).isEqualTo("BUILD");
    }

    @Test
    void aDocumentWithATestPhaseOnlyIsATestComponent() {
        ComponentDocuments.Checked checked = ComponentDocuments.read("""
                schemaVersion: 1.0
                phases:
                  - name: test
                    steps:
                      - name: Probe
                        action: ExecuteBash
                        inputs:
                          commands: [true]
                """);
        assertThat(checked.valid()).isTrue();
        assertThat(checked.document().type()).isEqualTo("TEST");
    }

    @Test
    void everyProblemIsCollectedWithItsPhaseStepAndField() {
        ComponentDocuments.Checked checked = ComponentDocuments.read("""
                schemaVersion: 2.0
                colour: blue
                parameters:
                  - Level:
                      type: integer
                phases:
                  - name: deploy
                    steps:
                      - name: A
                        action: ExecuteBashh
                  - name: build
                    steps:
                      - name: Same
                        action: Reboot
                        onFailure: Retry
                      - name: Same
                        timeoutSeconds: soon
                  - name: build
                    steps: []
                """);
        assertThat(checked.valid()).isFalse();
        assertThat(checked.document()).isNull();
        assertThat(checked.problems()).extracting(DocumentProblem::location).containsExactly(
                "colour", "schemaVersion", "parameters[0].Level.type", "phases[0].name", "phases[0].steps[0].action",
                "phases[1].steps[0].onFailure", "phases[1].steps[1].name", "phases[1].steps[1].action",
                "phases[1].steps[1].timeoutSeconds", "phases[2].name", "phases[2].steps");
        assertThat(checked.problems()).extracting(DocumentProblem::message).contains(
                "The schemaVersion '2.0' is not supported; it must be 1.0.",
                "Phase phases[0]: 'deploy' is not a phase; the phases are build, validate and test.",
                "Duplicate step name 'Same' at phases[1].steps[1]: step names must be unique within a phase (first "
                        + "used at phases[1].steps[0]).",
                "Step 'Same' (phases[1].steps[0]): onFailure 'Retry' is not valid; it must be Abort, Continue or "
                        + "Ignore.",
                "Duplicate phase 'build' at phases[2] (first used at phases[1]).");
        assertThat(checked.problems().get(4).message()).startsWith("Step 'A' (phases[0].steps[0]): 'ExecuteBashh' is "
                + "not an action module; the action modules are AppendFile, Assert,");
    }

    @Test
    void textThatIsNotADocumentIsOneProblem() {
        assertThat(ComponentDocuments.read("phases: [\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("The component document is not valid YAML or JSON"));
        assertThat(ComponentDocuments.read("- a\n- b\n").problems()).extracting(DocumentProblem::message)
                .containsExactly("The component document must be a mapping of fields (name, description, "
                        + "schemaVersion, parameters, constants, phases), not a list.");
        assertThat(ComponentDocuments.read("schemaVersion: 1.0\n").problems()).extracting(DocumentProblem::message)
                .containsExactly("The component document must have phases: a list of build, validate and test "
                        + "phases.");
    }
}
