package dev.stepwise.imagebuilder.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every rule of workflow documents, each refused with a message that names the step and field it
 * concerns; a document with several problems has all of them reported.
 */
class DocumentRulesTest {

    private static List<DocumentProblem> problems(String yaml) {
        return problems(yaml, WorkflowType.BUILD);
    }

    private static List<DocumentProblem> problems(String yaml, WorkflowType type) {
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(yaml, type);
        assertThat(checked.valid()).isFalse();
        assertThat(checked.document()).isNull();
        return checked.problems();
    }

    private static String only(String yaml) {
        List<DocumentProblem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0).message();
    }

    private static final String LAUNCH = """
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
            """;

    private static String withSteps(String steps) {
        return "schemaVersion: 1.0\nsteps:\n" + steps;
    }

    @Test
    void malformedYamlIsRefusedWithWhereItBroke() {
        String message = only("schemaVersion: 1.0\nsteps:\n  - name: [Launch\n    action: x\n");
        assertThat(message).startsWith("The workflow document is not valid YAML or JSON: ").contains("line ");
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(only("schemaVersion: 1.0\nschemaVersion: 1.0\nsteps: []\n"))
                .startsWith("The workflow document is not valid YAML or JSON: Duplicate field 'schemaVersion'");
    }

    @Test
    void aDocumentMustBeAMapping() {
        assertThat(only("- one\n- two\n")).startsWith("The workflow document must be a mapping of fields");
        assertThat(only("")).isEqualTo("The workflow document is empty.");
    }

    @Test
    void theSchemaVersionIsOnePointZero() {
        assertThat(only("steps:\n" + LAUNCH))
                .isEqualTo("The workflow document must give its schemaVersion, which is 1.0.");
        assertThat(only("schemaVersion: 2.0\nsteps:\n" + LAUNCH))
                .isEqualTo("The schemaVersion '2.0' is not supported; it must be 1.0.");
        assertThat(WorkflowDocuments.read("schemaVersion: '1.0'\nsteps:\n" + LAUNCH, WorkflowType.BUILD).valid())
                .isTrue();
    }

    @Test
    void unknownFieldsAreNamed() {
        assertThat(only(withSteps(LAUNCH) + "stepz: []\n"))
                .startsWith("Unknown field 'stepz' in the workflow document; the fields are description, name, outputs");
        assertThat(only(withSteps(LAUNCH.replace("action:", "onfailure: Abort\n    action:"))))
                .startsWith("Unknown field 'onfailure' in step 'Launch' (steps[0]); the fields are action, "
                        + "description, if, inputs, name, onFailure, rollbackEnabled, timeoutSeconds.");
    }

    @Test
    void aDocumentHasOneToFifteenSteps() {
        assertThat(only("schemaVersion: 1.0\nsteps: []\n"))
                .isEqualTo("The workflow document must have at least one step.");
        assertThat(only("schemaVersion: 1.0\n"))
                .isEqualTo("The workflow document must have 'steps': a list of 1 to 15 steps.");
        String sixteen = IntStream.range(0, 16).mapToObj(i -> """
                  - name: Wait%d
                    action: WaitForAction
                """.formatted(i)).collect(Collectors.joining());
        assertThat(only(withSteps(sixteen)))
                .isEqualTo("The workflow document has 16 steps; a workflow document can have at most 15 steps.");
        String fifteen = IntStream.range(0, 15).mapToObj(i -> """
                  - name: Wait%d
                    action: WaitForAction
                """.formatted(i)).collect(Collectors.joining());
        assertThat(WorkflowDocuments.read(withSteps(fifteen), WorkflowType.BUILD).valid()).isTrue();
    }

    @Test
    void stepNamesFollowTheirPatternAndAreUnique() {
        assertThat(only(withSteps(LAUNCH.replace("Launch\n", "Launch it\n"))))
                .isEqualTo("Invalid step name 'Launch it' at steps[0]. A step name is 3 to 128 characters: numbers "
                        + "[0-9], english letters [a-z,A-Z] and the special character [_].");
        assertThat(only(withSteps(LAUNCH + LAUNCH))).isEqualTo("Duplicate step name 'Launch' at steps[1]: step names "
                + "must be unique within the workflow document (first used at steps[0]).");
        assertThat(only(withSteps("  - action: WaitForAction\n"))).isEqualTo("steps[0]: 'name' is required.");
    }

    @Test
    void anUnknownActionIsRefused() {
        assertThat(only(withSteps("  - name: Launch\n    action: LaunchRocket\n")))
                .startsWith("Step 'Launch' (steps[0]): 'LaunchRocket' is not a step action; the actions are "
                        + "ApplyImageConfigurations, BootstrapInstanceForContainer,");
        assertThat(only(withSteps("  - name: Launch\n"))).isEqualTo("Step 'Launch' (steps[0]): 'action' is required.");
    }

    @Test
    void anActionRunsOnlyInItsStages() {
        List<DocumentProblem> problems = problems(withSteps(LAUNCH + """
                  - name: Components
                    action: ExecuteComponents
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                """), WorkflowType.DISTRIBUTION);
        assertThat(problems).extracting(DocumentProblem::message).containsExactly("Step 'Components' (steps[1]): the "
                + "action ExecuteComponents can't run in a DISTRIBUTION workflow; it runs in BUILD and TEST workflows.");
        assertThat(problems.get(0).location()).isEqualTo("steps[1].action");
    }

    @Test
    void requiredInputsMustBeGiven() {
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: Launch
                    action: LaunchInstance
                  - name: Command
                    action: RunCommand
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Launch' (steps[0]): the action LaunchInstance requires the input 'waitFor'.",
                "Step 'Command' (steps[1]): the action RunCommand requires the input 'documentName'.");
        assertThat(problems).extracting(DocumentProblem::location)
                .containsExactly("steps[0].inputs.waitFor", "steps[1].inputs.documentName");
    }

    @Test
    void inputsHaveTheirKindAndValues() {
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: Launch
                    action: LaunchInstance
                    inputs:
                      waitFor: instanceRunning
                      instanceTypesOverride: m5.large
                  - name: Stop
                    action: TerminateInstance
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                      waitForTermination: "yes"
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Launch' (steps[0]): the input 'instanceTypesOverride' of LaunchInstance must be a list of strings.",
                "Step 'Launch' (steps[0]): the input 'waitFor' of LaunchInstance must be ssmAgent, not 'instanceRunning'.",
                "Step 'Stop' (steps[1]): the input 'waitForTermination' of TerminateInstance must be a boolean.");
    }

    @Test
    void aReferenceOnlyInputMustReferToAStepOutput() {
        assertThat(problems(withSteps("""
                  - name: Modify
                    action: ModifyImageAttributes
                    inputs:
                      distributedImages: []
                """), WorkflowType.DISTRIBUTION)).extracting(DocumentProblem::message).containsExactly(
                "Step 'Modify' (steps[0]): the input 'distributedImages' of ModifyImageAttributes must be a reference to "
                        + "another step's output, given as 'distributedImages.$: $.stepOutputs.<step>.distributedImages'.");
    }

    @Test
    void listItemsHaveTheirRequiredFields() {
        assertThat(problems(withSteps("""
                  - name: Distribute
                    action: DistributeImage
                    inputs:
                      distributions:
                        - name: copy
                """), WorkflowType.DISTRIBUTION)).extracting(DocumentProblem::message).containsExactly(
                "Step 'Distribute' (steps[0]): each item of the input 'distributions' of DistributeImage requires "
                        + "'region' (missing at steps[0].inputs.distributions[0]).");
    }

    @Test
    void aBadReferencePathIsRefused() {
        List<DocumentProblem> problems = problems(withSteps(LAUNCH + """
                  - name: Stop
                    action: TerminateInstance
                    inputs:
                      instanceId.$: stepOutputs.Launch.instanceId
                  - name: Again
                    action: TerminateInstance
                    inputs:
                      instanceId.$: $.outputs.Launch.instanceId
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Stop' (steps[1]): 'instanceId.$' has 'stepOutputs.Launch.instanceId', which is not a JSONPath "
                        + "variable; an input named with the suffix .$ takes $.parameters.<name>, "
                        + "$.stepOutputs.<step>.<output>, $.workflowOutputs.<name> or $.imagebuilder.<variable>.",
                "Step 'Stop' (steps[1]): the action TerminateInstance requires the input 'instanceId'.",
                "Step 'Again' (steps[2]): 'instanceId.$' has '$.outputs.Launch.instanceId', which is not a JSONPath "
                        + "variable; an input named with the suffix .$ takes $.parameters.<name>, "
                        + "$.stepOutputs.<step>.<output>, $.workflowOutputs.<name> or $.imagebuilder.<variable>.",
                "Step 'Again' (steps[2]): the action TerminateInstance requires the input 'instanceId'.");
        assertThat(problems.get(0).location()).isEqualTo("steps[1].inputs.instanceId.$");
    }

    @Test
    void aStepReadsOnlyTheOutputsOfEarlierSteps() {
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: Image
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                  - name: Launch
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                  - name: Stop
                    action: TerminateInstance
                    inputs:
                      instanceId.$: $.stepOutputs.Stop.instanceId
                  - name: Wait
                    action: WaitForSSMAgent
                    inputs:
                      instanceId.$: $.stepOutputs.Launcher.instanceId
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Image' (steps[0]): $.stepOutputs.Launch.instanceId at steps[0].inputs.instanceId refers to the "
                        + "step 'Launch', which runs after it; a step can read the outputs of the steps before it only.",
                "Step 'Stop' (steps[2]): $.stepOutputs.Stop.instanceId at steps[2].inputs.instanceId refers to the step "
                        + "'Stop', which is the step itself; a step can read the outputs of the steps before it only.",
                "Step 'Wait' (steps[3]): $.stepOutputs.Launcher.instanceId at steps[3].inputs.instanceId refers to the "
                        + "step 'Launcher', which is not a step of this workflow document.");
    }

    @Test
    void aStepOutputMustBeOneTheActionHas() {
        assertThat(only(withSteps(LAUNCH + """
                  - name: Image
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.imageId
                """))).isEqualTo("Step 'Image' (steps[1]): $.stepOutputs.Launch.imageId at steps[1].inputs.instanceId "
                + "refers to the output 'imageId' of the step 'Launch', but its action LaunchInstance has the outputs "
                + "instanceId, instanceType.");
        assertThat(only(withSteps(LAUNCH + """
                  - name: Image
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.Launch
                """))).isEqualTo("Step 'Image' (steps[1]): $.stepOutputs.Launch at steps[1].inputs.instanceId must "
                + "name an output of the step 'Launch', as in $.stepOutputs.Launch.<output>.");
    }

    @Test
    void variablesNameDeclaredParametersAndKnownSystemVariables() {
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: Launch
                    action: LaunchInstance
                    if:
                      stringEquals: Linux
                      value: $.imagebuilder.operatingSystem
                    inputs:
                      waitFor: ssmAgent
                      imageIdOverride.$: $.parameters.baseImage
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Launch' (steps[0]): $.parameters.baseImage at steps[0].inputs.imageIdOverride refers to the "
                        + "parameter 'baseImage', which the workflow document does not declare.",
                "Step 'Launch' (steps[0]): $.imagebuilder.operatingSystem at steps[0].if refers to 'operatingSystem', "
                        + "which is not an Image Builder system variable; they are cloudWatchLogGroup, "
                        + "cloudWatchLogStream, collectImageMetadata, collectImageScanFindings, dateTime, "
                        + "imageBuildNumber, imageId, imageName, imageType, imageVersionNumber, instanceProfileName, "
                        + "platform, s3Logs, securityGroups, sourceImageARN, subnetId, terminateInstanceOnFailure, "
                        + "workflowPhase, workingDirectory.");
    }

    @Test
    void interpolatedVariablesAreCheckedToo() {
        assertThat(only(withSteps("""
                  - name: Check
                    action: ExecuteStateMachine
                    inputs:
                      stateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:Check
                      input: '{"image": "{{ $.stepOutputs.Image.imageId }}", "literal": "{{imagebuilder:buildDate}}"}'
                """))).isEqualTo("Step 'Check' (steps[0]): $.stepOutputs.Image.imageId at steps[0].inputs.input "
                + "refers to the step 'Image', which is not a step of this workflow document.");
    }

    @Test
    void parameterDefaultsHaveTheParametersType() {
        List<DocumentProblem> problems = problems("""
                schemaVersion: 1.0
                parameters:
                  - name: enabled
                    type: boolean
                    default: "yes"
                  - name: count
                    type: integer
                    default: 2.5
                  - name: names
                    type: stringList
                    default: [a, 1]
                  - name: label
                    type: string
                    default: 7
                  - name: ratio
                    type: float
                  - name: enabled
                    type: boolean
                steps:
                """ + LAUNCH);
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Parameter 'enabled' (parameters[0]): the default value 'yes' is not a boolean, the parameter's type.",
                "Parameter 'count' (parameters[1]): the default value 2.5 is not an integer, the parameter's type.",
                "Parameter 'names' (parameters[2]): the default value [\"a\",1] is not a stringList (a list of "
                        + "strings), the parameter's type.",
                "Parameter 'label' (parameters[3]): the default value 7 is not a string, the parameter's type.",
                "Parameter 'ratio' (parameters[4]): the type 'float' is not supported; use string, integer, boolean or "
                        + "stringList.",
                "Duplicate parameter name 'enabled' at parameters[5]: parameter names must be unique (first used at "
                        + "parameters[0]).");
    }

    @Test
    void failureTimeoutAndRollbackSettingsAreChecked() {
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: Launch
                    action: LaunchInstance
                    onFailure: Retry
                    rollbackEnabled: maybe
                    timeoutSeconds: 0
                    inputs:
                      waitFor: ssmAgent
                  - name: Agent
                    action: WaitForSSMAgent
                    timeoutSeconds: 10801
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                """));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'Launch' (steps[0]): onFailure must be Abort or Continue, not 'Retry'.",
                "Step 'Launch' (steps[0]): rollbackEnabled must be true, false or a JSONPath variable that resolves to "
                        + "true or false, not 'maybe'.",
                "Step 'Launch' (steps[0]): timeoutSeconds must be a whole number of seconds of at least 1, not 0.",
                "Step 'Agent' (steps[1]): timeoutSeconds 10801 is more than the 10800 seconds the action "
                        + "WaitForSSMAgent allows.");
    }

    @Test
    void conditionsFollowTheirStructure() {
        String elevenConditions = IntStream.range(0, 11).mapToObj(i -> """
                        - stringEquals: a%d
                          value: b
                """.formatted(i)).collect(Collectors.joining());
        List<DocumentProblem> problems = problems(withSteps("""
                  - name: TooMany
                    action: WaitForAction
                    if:
                      or:
                %s  - name: TooDeep
                    action: WaitForAction
                    if:
                      not:
                        not:
                          not:
                            not:
                              booleanEquals: true
                              value: true
                  - name: Unknown
                    action: WaitForAction
                    if:
                      stringContains: a
                      value: abc
                  - name: WrongKind
                    action: WaitForAction
                    if:
                      and:
                        - booleanEquals: "true"
                          value: true
                        - numberLessThan: 3
                          value: three
                        - stringEquals: a
                  - name: NotAlone
                    action: WaitForAction
                    if:
                      and:
                        - stringEquals: a
                          value: a
                      or:
                        - stringEquals: a
                          value: a
                """.formatted(elevenConditions)));
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Step 'TooMany' (steps[0]): 'or' at steps[0].if.or must list 1 to 10 conditional statements.",
                "Step 'TooDeep' (steps[1]): the conditional statement at steps[1].if.not.not.not.not is nested 5 levels "
                        + "deep; conditional statements can have at most 4 levels.",
                "Step 'Unknown' (steps[2]): 'stringContains' at steps[2].if is not a conditional statement; use and, "
                        + "or, not, booleanEquals, numberEquals, numberGreaterThan, numberGreaterThanEquals, "
                        + "numberLessThan, numberLessThanEquals or stringEquals.",
                "Step 'WrongKind' (steps[3]): booleanEquals at steps[3].if.and[0] must compare with a boolean (true or "
                        + "false), not 'true'.",
                "Step 'WrongKind' (steps[3]): the value 'three' at steps[3].if.and[1].value is not a number, which "
                        + "numberLessThan compares.",
                "Step 'WrongKind' (steps[3]): the comparison stringEquals at steps[3].if.and[2] needs a 'value' to "
                        + "compare.",
                "Step 'NotAlone' (steps[4]): 'and' at steps[4].if must be on a line by itself, with its conditions "
                        + "indented under it.");
    }

    @Test
    void outputsAreNamedOnceAndReadKnownSteps() {
        List<DocumentProblem> problems = problems(withSteps(LAUNCH) + """
                outputs:
                  - name: id
                    value: $.stepOutputs.Launch.instanceId
                  - name: id
                    value: $.stepOutputs.Missing.imageId
                  - value: x
                """);
        assertThat(problems).extracting(DocumentProblem::message).containsExactly(
                "Duplicate output name 'id' at outputs[1]: output names must be unique (first used at outputs[0]).",
                "Output 'id' (outputs[1]): $.stepOutputs.Missing.imageId at outputs[1].value refers to the step "
                        + "'Missing', which is not a step of this workflow document.",
                "outputs[2] must have a name.");
    }

    @Test
    void everyProblemOfADocumentIsReported() {
        List<DocumentProblem> problems = problems("""
                schemaVersion: 1.0
                parameters:
                  - name: flag
                    type: boolean
                    default: 1
                steps:
                  - name: Image
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                  - name: Launch
                    action: LaunchInstance
                  - name: Launch
                    action: Teleport
                  - name: x
                    action: WaitForAction
                """);
        // in document order: parameters, then each step's problems of form, then its others
        assertThat(problems).extracting(DocumentProblem::location).containsExactly(
                "parameters[0].default", "steps[0].inputs.instanceId", "steps[1].inputs.waitFor", "steps[2].name",
                "steps[2].action", "steps[3].name");
    }
}
