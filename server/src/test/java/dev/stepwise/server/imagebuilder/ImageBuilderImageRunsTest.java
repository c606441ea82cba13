package dev.stepwise.server.imagebuilder;

import static dev.stepwise.server.imagebuilder.ImageBuilderAsserts.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.imagebuilder.actions.SimulationConfig;
import dev.stepwise.server.api.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CancelImageCreationResponse;
import software.amazon.awssdk.services.imagebuilder.model.CreateImageResponse;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.ImageVersion;
import software.amazon.awssdk.services.imagebuilder.model.ListImagesResponse;
import software.amazon.awssdk.services.imagebuilder.model.Ownership;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImageSummary;
import software.amazon.awssdk.services.imagebuilder.model.InfrastructureConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowStepExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowExecutionMetadata;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepActionType;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepExecution;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepMetadata;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * Image builds and their workflow runs on the engine, through the AWS SDK for Java v2: a build
 * that waits for an action and is resumed, one that is stopped, one whose third step fails and
 * rolls back the first two, one with a skipped step, a restart while a step waits, and the
 * pagination of the runs and their steps. The simulated actions fail as the test's actions file says.
 */
class ImageBuilderImageRunsTest {
    private static final String ACCOUNT = "123456789012";
    private static final String PREFIX = "arn:aws:imagebuilder:us-east-1:" + ACCOUNT + ":";

    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(() -> new ServerFixture(
            c -> c.withImageBuilderActions(SimulationConfig.parse("""
                    rules:
                      - step: Snapshot
                        fail: The snapshot could not be made.
                    """))));
    private static ServerFixture fixture;
    private static ImagebuilderClient ib;

    @BeforeAll
    static void connect() {
        fixture = server.fixture();
        ib = server.client();
    }

    private static final RecordsThroughTheSdk records = new RecordsThroughTheSdk(() -> ib);

    private static String recipe(String name) {
        return records.recipe(name);
    }

    private static String infrastructure(String name) {
        return records.infrastructure(name);
    }

    private static String distribution(String name) {
        return records.distribution(name);
    }

    /** A recipe and an infrastructure configuration of this name, made through the SDK. */
    private static String[] recipeAndInfrastructure(String name) {
        return new String[] {recipe(name), infrastructure(name)};
    }

    private static String workflow(String name, WorkflowType type, String document) {
        return ib.createWorkflow(b -> b.name(name).semanticVersion("1.0.0").type(type).data(document)
                .clientToken(UUID.randomUUID().toString())).workflowBuildVersionArn();
    }

    private static String image(String name, WorkflowConfiguration... workflows) {
        String[] records = recipeAndInfrastructure(name);
        return ib.createImage(b -> b.imageRecipeArn(records[0]).infrastructureConfigurationArn(records[1])
                .workflows(workflows).clientToken(UUID.randomUUID().toString())).imageBuildVersionArn();
    }

    private static WorkflowConfiguration run(String arn) {
        return WorkflowConfiguration.builder().workflowArn(arn).build();
    }

    private static ImageStatus awaitStatus(String image, ImageStatus... ends) {
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(ends).contains(
                ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status()));
        return ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status();
    }

    private static List<WorkflowExecutionMetadata> runs(String image) {
        return ib.listWorkflowExecutions(b -> b.imageBuildVersionArn(image)).workflowExecutions();
    }

    private static List<WorkflowStepMetadata> steps(String workflowExecutionId) {
        return ib.listWorkflowStepExecutions(b -> b.workflowExecutionId(workflowExecutionId)).steps();
    }

    private static WorkflowStepExecution awaitWaiting(String image) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps()
                .stream().anyMatch(s -> s.imageBuildVersionArn().equals(image)));
        return ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps().stream()
                .filter(s -> s.imageBuildVersionArn().equals(image)).findFirst().orElseThrow();
    }

    private static final String APPROVAL = RecordsThroughTheSdk.APPROVAL_DOC;

    private static String runArn(WorkflowStepExecution step) {
        return PREFIX + "workflow-execution/" + step.workflowExecutionId();
    }

    /** Stops the image's build execution alone, as the image's stop does before it stops the run. */
    private static void stopBuildAlone(String image) throws Exception {
        fixture.server().runtime().deliver(image.replace(":image/", ":image-build/"),
                new dev.stepwise.engine.Signal.Stop("Image.Cancelled", "CancelImageCreation")).get();
    }

    private static void awaitAborted(String runArn) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.server().store().execution(runArn).orElseThrow()
                .state().status().equals("ABORTED"));
    }

    /** The image's only run, and the step that waited in it after a completed first one, read CANCELLED. */
    private static void assertRunCancelledAtItsWait(String image, WorkflowStepExecution waiting) {
        assertThat(steps(waiting.workflowExecutionId())).extracting(WorkflowStepMetadata::statusAsString)
                .containsExactly("COMPLETED", "CANCELLED");
        assertThat(runs(image).get(0).statusAsString()).isEqualTo("CANCELLED");
    }

    @Test
    void aBuildWaitingForAnActionCompletesWhenResumed() {
        String image = image("resumed", run(workflow("approval-resumed", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        assertThat(waiting.name()).isEqualTo("Approve");
        assertThat(waiting.action()).isEqualTo("WaitForAction");
        assertThat(waiting.stepExecutionId()).matches("step-[0-9a-f-]{36}");
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.BUILDING);

        ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image).stepExecutionId(waiting.stepExecutionId())
                .action(WorkflowStepActionType.RESUME).reason("approved").clientToken("t1"));

        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.workflowExecutionId()).matches("wf-[0-9a-f-]{36}");
        assertThat(run.statusAsString()).isEqualTo("COMPLETED");
        assertThat(run.totalStepCount()).isEqualTo(3);
        assertThat(run.totalStepsSucceeded()).isEqualTo(3);
        assertThat(run.startTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        List<WorkflowStepMetadata> steps = steps(run.workflowExecutionId());
        assertThat(steps).extracting(WorkflowStepMetadata::name).containsExactly("Launch", "Approve", "MakeImage");
        assertThat(steps).extracting(WorkflowStepMetadata::statusAsString).containsOnly("COMPLETED");
        String instanceId = steps.get(0).outputs().replaceAll(".*\"instanceId\":\"(i-[0-9a-f]{17})\".*", "$1");
        assertThat(instanceId).matches("i-[0-9a-f]{17}");
        assertThat(steps.get(2).inputs()).contains(instanceId);
        assertThat(steps.get(2).outputs()).matches(".*\"imageId\":\"ami-[0-9a-f]{17}\".*");
        assertThat(steps.get(1).outputs()).contains("RESUME").contains("approved");
        // the step no longer waits: another action is refused
        expectError(() -> ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image)
                .stepExecutionId(waiting.stepExecutionId()).action(WorkflowStepActionType.STOP).clientToken("t2")),
                "InvalidRequestException", null);
    }

    @Test
    void aStoppedWaitFailsTheStepAndTheImage() {
        String image = image("stopped", run(workflow("approval-stopped", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image).stepExecutionId(waiting.stepExecutionId())
                .action(WorkflowStepActionType.STOP).reason("rejected").clientToken("s1"));
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.FAILED);
        var step = ib.getWorkflowStepExecution(b -> b.stepExecutionId(waiting.stepExecutionId()));
        assertThat(step.statusAsString()).isEqualTo("FAILED");
        assertThat(step.message()).contains("rejected");
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.totalStepsSucceeded()).isEqualTo(1);
        assertThat(run.totalStepsFailed()).isEqualTo(1);
        // the launched instance was rolled back
        assertThat(run.statusAsString()).isEqualTo("ROLLBACK_COMPLETED");
        assertThat(steps(run.workflowExecutionId()).get(0).rollbackStatusAsString()).isEqualTo("COMPLETED");
    }

    @Test
    void aThirdStepThatFailsRollsBackTheFirstTwo() {
        String doc = """
                name: rollback
                schemaVersion: 1.0
                steps:
                  - name: LaunchOne
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                  - name: LaunchTwo
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                  - name: Snapshot
                    action: CreateImage
                    inputs:
                      instanceId.$: $.stepOutputs.LaunchTwo.instanceId
                  - name: NeverRuns
                    action: TerminateInstance
                    inputs:
                      instanceId.$: $.stepOutputs.LaunchTwo.instanceId
                """;
        String image = image("rolledback", run(workflow("rollback", WorkflowType.BUILD, doc)));
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.FAILED);
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.statusAsString()).isEqualTo("ROLLBACK_COMPLETED");
        assertThat(run.message()).contains("Snapshot").contains("The snapshot could not be made.");
        List<WorkflowStepMetadata> steps = steps(run.workflowExecutionId());
        assertThat(steps).extracting(WorkflowStepMetadata::name).containsExactly("LaunchOne", "LaunchTwo", "Snapshot");
        assertThat(steps).extracting(WorkflowStepMetadata::statusAsString)
                .containsExactly("COMPLETED", "COMPLETED", "FAILED");
        assertThat(steps).extracting(WorkflowStepMetadata::rollbackStatusAsString)
                .containsExactly("COMPLETED", "COMPLETED", null);
        assertThat(steps.get(2).message()).isEqualTo("The snapshot could not be made.");
        assertThat(run.totalStepsSucceeded() + run.totalStepsFailed() + run.totalStepsSkipped()).isEqualTo(3);
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().reason()).contains("Snapshot");
    }

    @Test
    void aStepWhoseConditionIsFalseIsSkipped() {
        String doc = """
                name: skipping
                schemaVersion: 1.0
                parameters:
                  - name: scan
                    type: boolean
                    default: false
                steps:
                  - name: Launch
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                  - name: Scan
                    action: RunCommand
                    if:
                      booleanEquals: true
                      value: $.parameters.scan
                    inputs:
                      instanceId.$: $.stepOutputs.Launch.instanceId
                      documentName: AWS-RunShellScript
                """;
        String image = image("skipped", run(workflow("skipping", WorkflowType.BUILD, doc)));
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.totalStepsSkipped()).isEqualTo(1);
        assertThat(run.totalStepsSucceeded()).isEqualTo(1);
        assertThat(steps(run.workflowExecutionId())).extracting(WorkflowStepMetadata::statusAsString)
                .containsExactly("COMPLETED", "SKIPPED");
    }

    @Test
    void runsAndStepsArePagedOneAtATime() {
        String build = workflow("paged-build", WorkflowType.BUILD, APPROVAL.replace("name: approval", "name: paged")
                .replace("  - name: Approve\n    action: WaitForAction\n", ""));
        String test = workflow("paged-test", WorkflowType.TEST, """
                name: paged-test
                schemaVersion: 1.0
                steps:
                  - name: Launch
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                """);
        String image = image("paged", run(build), WorkflowConfiguration.builder().workflowArn(test).parallelGroup("g")
                .build());
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED))
                .as(() -> ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().reason())
                .isEqualTo(ImageStatus.AVAILABLE);
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListWorkflowExecutionsResponse page = ib.listWorkflowExecutions(b -> b.imageBuildVersionArn(image)
                    .maxResults(1).nextToken(t));
            assertThat(page.workflowExecutions()).hasSize(1);
            assertThat(page.requestId()).isNotBlank();
            page.workflowExecutions().forEach(w -> ids.add(w.typeAsString()));
            token = page.nextToken();
        } while (token != null);
        assertThat(ids).containsExactly("BUILD", "TEST");
        String runId = runs(image).get(0).workflowExecutionId();
        List<String> names = new ArrayList<>();
        token = null;
        do {
            String t = token;
            ListWorkflowStepExecutionsResponse page = ib.listWorkflowStepExecutions(b -> b.workflowExecutionId(runId)
                    .maxResults(1).nextToken(t));
            page.steps().forEach(s -> names.add(s.name()));
            token = page.nextToken();
        } while (token != null);
        assertThat(names).containsExactly("Launch", "MakeImage");
    }

    @Test
    void aStepRunsAStateMachineAndWaitsForIt() {
        String machine = fixture.sfn().createStateMachine(b -> b.name("ib-child").roleArn(ServerFixture.ROLE)
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":1},"
                        + "\"End\":true}}}")).stateMachineArn();
        String doc = """
                name: machine
                schemaVersion: 1.0
                parameters:
                  - name: machine
                    type: string
                steps:
                  - name: RunMachine
                    action: ExecuteStateMachine
                    inputs:
                      stateMachineArn.$: $.parameters.machine
                """;
        String wf = workflow("machine", WorkflowType.BUILD, doc);
        String image = image("machine", WorkflowConfiguration.builder().workflowArn(wf).parameters(p -> p.name("machine")
                .value(machine)).build());
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);
        WorkflowStepMetadata step = steps(runs(image).get(0).workflowExecutionId()).get(0);
        assertThat(step.outputs()).contains("arn:aws:states:us-east-1:" + ACCOUNT + ":execution:ib-child:")
                .contains("{\\\"ok\\\":1}");
    }

    @Test
    void testWorkflowsOfOneParallelGroupRunTogether() {
        String waiting = """
                name: NAME
                schemaVersion: 1.0
                steps:
                  - name: Hold
                    action: WaitForAction
                """;
        String one = workflow("group-one", WorkflowType.TEST, waiting.replace("NAME", "group-one"));
        String two = workflow("group-two", WorkflowType.TEST, waiting.replace("NAME", "group-two"));
        String build = workflow("group-build", WorkflowType.BUILD, """
                name: group-build
                schemaVersion: 1.0
                steps:
                  - name: Launch
                    action: LaunchInstance
                    inputs:
                      waitFor: ssmAgent
                """);
        String image = image("grouped", run(build),
                WorkflowConfiguration.builder().workflowArn(one).parallelGroup("tests").build(),
                WorkflowConfiguration.builder().workflowArn(two).parallelGroup("tests").build());
        // both test workflows wait at the same time
        await().atMost(Duration.ofSeconds(20)).until(() -> ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps()
                .stream().filter(s -> s.imageBuildVersionArn().equals(image)).count() == 2);
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.TESTING);
        assertThat(runs(image)).filteredOn(r -> r.typeAsString().equals("TEST"))
                .extracting(WorkflowExecutionMetadata::parallelGroup).containsExactly("tests", "tests");
        for (WorkflowStepExecution w : ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps()) {
            if (w.imageBuildVersionArn().equals(image)) {
                ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image).stepExecutionId(w.stepExecutionId())
                        .action(WorkflowStepActionType.RESUME).clientToken(UUID.randomUUID().toString()));
            }
        }
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);
    }

    @Test
    void aStepWaitingWhenTheServerStopsStillWaitsAfterARestart() throws Exception {
        String image = image("restarted", run(workflow("approval-restarted", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        ib = server.restart();
        assertThat(awaitWaiting(image).stepExecutionId()).isEqualTo(waiting.stepExecutionId());
        ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image).stepExecutionId(waiting.stepExecutionId())
                .action(WorkflowStepActionType.RESUME).clientToken("after-restart"));
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);
        assertThat(runs(image).get(0).totalStepsSucceeded()).isEqualTo(3);
    }

    /**
     * A build recovered after a restart, waiting at its second step, is cancelled: the image, its run
     * and the waiting step read CANCELLED, and the engine executions of the build and of the run are
     * over (no step of the run acts again: no later step starts, not even when told to resume).
     */
    @Test
    void aCancelAfterARestartStopsTheRecoveredRun() throws Exception {
        String image = image("cancelled-restarted", run(workflow("approval-cancelled-restarted", WorkflowType.BUILD,
                APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        String runArn = runArn(waiting);
        String buildArn = image.replace(":image/", ":image-build/");
        ib = server.restart();
        assertThat(awaitWaiting(image).stepExecutionId()).isEqualTo(waiting.stepExecutionId());
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.server().runtime().isOpen(runArn)
                && fixture.server().runtime().isOpen(buildArn));

        ib.cancelImageCreation(b -> b.imageBuildVersionArn(image).clientToken("cancel-after-restart"));
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.CANCELLED);
        assertThat(fixture.server().runtime().isOpen(runArn)).isFalse();
        assertThat(fixture.server().runtime().isOpen(buildArn)).isFalse();
        assertThat(fixture.server().store().execution(runArn).orElseThrow().state().status()).isEqualTo("ABORTED");
        expectError(() -> ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image)
                .stepExecutionId(waiting.stepExecutionId()).action(WorkflowStepActionType.RESUME)
                .clientToken("late-after-restart")), "InvalidRequestException", null);
        assertRunCancelledAtItsWait(image, waiting);
    }

    /**
     * A node that died right after the image's stop (the image's state row says CANCELLED, the run's
     * execution may not have been stopped yet) leaves a run that is recovered when the server starts
     * again: its step re-dispatched finds the image cancelled, stops the run instead of acting, and
     * the run's execution ends ABORTED; its later steps never start. (The node that runs the build
     * also stops the run as the build's stop cancels the task awaiting it, so the run may end before
     * the restart: either way it ends as one cancelled.)
     */
    @Test
    void aRunRecoveredAfterACrashBetweenTheImagesStopAndItsOwnStopsInsteadOfActing() throws Exception {
        String image = image("crash-cancelled", run(workflow("approval-crash", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        String runArn = runArn(waiting);
        // what the image's stop wrote before the node died; the build execution itself is stopped too
        stopBuildAlone(image);
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.CANCELLED);
        ib = server.restart();
        awaitAborted(runArn);
        assertThat(fixture.server().runtime().isOpen(runArn)).isFalse();
        assertRunCancelledAtItsWait(image, waiting);
    }

    /**
     * The image's build stopped alone (the node that took CancelImageCreation died before it stopped
     * the run, which lives on): the node that runs the build stops the run itself, without a restart,
     * as the build's stop cancels the task that awaits the run; the waiting step ends CANCELLED.
     */
    @Test
    void aRunWhoseImagesBuildWasStoppedAloneIsStoppedByTheNodeThatRunsTheBuild() throws Exception {
        String image = image("build-stopped", run(workflow("approval-build-stopped", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        String runArn = runArn(waiting);
        stopBuildAlone(image);
        awaitAborted(runArn);
        assertRunCancelledAtItsWait(image, waiting);
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.CANCELLED);
    }

    /**
     * An image is stored only in the transaction that starts its build: when that start cannot be
     * stored (here the build's execution ARN is already taken, so every attempt conflicts),
     * CreateImage fails and leaves no image, no image version, no PENDING state and no client token
     * behind (a retry with the token builds anew rather than answering for an image never built).
     */
    @Test
    void anImageIsNeverStoredWithoutTheStartOfItsBuild() throws Exception {
        String[] records = recipeAndInfrastructure("unstartable");
        String workflow = quickWorkflow("unstartable");
        String version = PREFIX + "image/unstartable/1.0.0";
        String taken = version.replace(":image/", ":image-build/") + "/1";
        // it waits (an ended one would write the image's state through the image build projection)
        String pass = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":86400,"
                + "\"End\":true}}}";
        fixture.server().runtime().start(new dev.stepwise.engine.runtime.ExecutionRuntime.StartRequest(taken,
                "squatter", version + "/1", "unstartable", "STANDARD", dev.stepwise.asl.parse.DefinitionParser
                .parse(pass).machine(), pass, "", dev.stepwise.asl.json.Json.object(), "{}", null, null, null, null));
        String token = UUID.randomUUID().toString();
        expectError(() -> ib.createImage(b -> b.imageRecipeArn(records[0]).infrastructureConfigurationArn(records[1])
                .workflows(run(workflow)).clientToken(token)), "ServiceException", 500, null);
        expectError(() -> ib.getImage(b -> b.imageBuildVersionArn(version + "/1")), "ClientException", null);
        assertThat(ib.listImageBuildVersions(b -> b.imageVersionArn(version)).imageSummaryList()).isEmpty();
        assertThat(fixture.server().store().resource(version)).isEmpty();
        assertThat(fixture.server().store().resource(version + "/1/state")).isEmpty();
        assertThat(fixture.server().store().resource("arn:aws:imagebuilder:us-east-1:" + ACCOUNT
                + ":client-token/CreateImage/" + sha256(token))).isEmpty();
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static final String QUICK = """
            name: NAME
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
            """;

    private static String quickWorkflow(String name) {
        return workflow(name, WorkflowType.BUILD, QUICK.replace("NAME", name));
    }

    private static void expectInUse(ThrowableAssert.ThrowingCallable delete, String arn) {
        expectError(delete, "ResourceDependencyException", "Resource dependency error: The resource ARN '" + arn
                + "' has other resources depended on it.");
    }

    @Test
    void theRecordsAnImageUsesAreCopiedIntoItAndCannotBeDeletedWhileItExists() {
        String recipe = recipe("used");
        String infra = infrastructure("used");
        String dist = distribution("used");
        String wf = quickWorkflow("used-build");
        String image = ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infra)
                .distributionConfigurationArn(dist).workflows(run(wf)).clientToken(UUID.randomUUID().toString()))
                .imageBuildVersionArn();
        assertThat(image).isEqualTo(PREFIX + "image/used/1.0.0/1");
        InfrastructureConfiguration infraAtCreate = ib.getInfrastructureConfiguration(b -> b
                .infrastructureConfigurationArn(infra)).infrastructureConfiguration();
        ib.updateInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(infra).instanceProfileName("later")
                .clientToken(UUID.randomUUID().toString()));
        assertThat(awaitStatus(image, ImageStatus.AVAILABLE, ImageStatus.FAILED)).isEqualTo(ImageStatus.AVAILABLE);

        Image got = ib.getImage(b -> b.imageBuildVersionArn(image)).image();
        assertThat(got.imageRecipe()).isEqualTo(ib.getImageRecipe(b -> b.imageRecipeArn(recipe)).imageRecipe());
        assertThat(got.distributionConfiguration()).isEqualTo(ib.getDistributionConfiguration(b -> b
                .distributionConfigurationArn(dist)).distributionConfiguration());
        // the configuration as it was when the image was created, not as it is now
        assertThat(got.infrastructureConfiguration()).isEqualTo(infraAtCreate);
        assertThat(got.infrastructureConfiguration().instanceProfileName()).isEqualTo("builder");

        expectInUse(() -> ib.deleteImageRecipe(b -> b.imageRecipeArn(recipe)), recipe);
        expectInUse(() -> ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(infra)), infra);
        expectInUse(() -> ib.deleteDistributionConfiguration(b -> b.distributionConfigurationArn(dist)), dist);
        assertThat(ib.getImageRecipe(b -> b.imageRecipeArn(recipe)).imageRecipe().arn()).isEqualTo(recipe);

        ib.deleteImage(b -> b.imageBuildVersionArn(image));
        expectError(() -> ib.getImage(b -> b.imageBuildVersionArn(image)), "ClientException", null);
        ib.deleteImageRecipe(b -> b.imageRecipeArn(recipe));
        ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(infra));
        ib.deleteDistributionConfiguration(b -> b.distributionConfigurationArn(dist));
    }

    @Test
    void createImageNamingRecordsThatDoNotExistIsRefusedAndRecordsNothing() {
        String recipe = recipe("lonely");
        String infra = infrastructure("lonely");
        String noRecipe = PREFIX + "image-recipe/none/1.0.0";
        String noInfra = PREFIX + "infrastructure-configuration/none";
        String noDist = PREFIX + "distribution-configuration/none";
        expectError(() -> ib.createImage(b -> b.imageRecipeArn(noRecipe).infrastructureConfigurationArn(infra)
                .clientToken("missing-1")), "ClientException", "The image recipe '" + noRecipe + "' does not exist.");
        expectError(() -> ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(noInfra)
                .clientToken("missing-2")), "ClientException", "The infrastructure configuration '" + noInfra
                + "' does not exist.");
        expectError(() -> ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infra)
                .distributionConfigurationArn(noDist).clientToken("missing-3")), "ClientException",
                "The distribution configuration '" + noDist + "' does not exist.");
        assertThat(ib.listImageBuildVersions(b -> b.imageVersionArn(PREFIX + "image/lonely/1.0.0"))
                .imageSummaryList()).isEmpty();
        // no use was recorded by the refused requests
        ib.deleteImageRecipe(b -> b.imageRecipeArn(recipe));
        ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(infra));
    }

    @Test
    void theSameClientTokenAndRequestGetTheSameImageAndAnotherRequestIsRefused() {
        String[] records = recipeAndInfrastructure("tokened");
        String wf = quickWorkflow("tokened-build");
        CreateImageResponse first = ib.createImage(b -> b.imageRecipeArn(records[0])
                .infrastructureConfigurationArn(records[1]).workflows(run(wf)).clientToken("same-token"));
        CreateImageResponse again = ib.createImage(b -> b.imageRecipeArn(records[0])
                .infrastructureConfigurationArn(records[1]).workflows(run(wf)).clientToken("same-token"));
        assertThat(again.imageBuildVersionArn()).isEqualTo(first.imageBuildVersionArn());
        assertThat(again.latestVersionReferences()).isEqualTo(first.latestVersionReferences());
        assertThat(again.requestId()).isNotBlank().isNotEqualTo(first.requestId());
        expectError(() -> ib.createImage(b -> b.imageRecipeArn(records[0]).infrastructureConfigurationArn(records[1])
                .workflows(run(wf)).tags(Map.of("k", "v")).clientToken("same-token")),
                "IdempotentParameterMismatchException", "The client token 'same-token' was already used for a "
                + "request with different parameters.");
        assertThat(ib.listImageBuildVersions(b -> b.imageVersionArn(PREFIX + "image/tokened/1.0.0"))
                .imageSummaryList()).extracting(ImageSummary::arn).containsExactly(first.imageBuildVersionArn());
        awaitStatus(first.imageBuildVersionArn(), ImageStatus.AVAILABLE, ImageStatus.FAILED);
    }

    @Test
    void aCancelledImageAndItsRunsAndWaitingStepAreRecordedCancelled() {
        String image = image("cancelled", run(workflow("approval-cancelled", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        CancelImageCreationResponse cancelled = ib.cancelImageCreation(b -> b.imageBuildVersionArn(image)
                .clientToken("cancel-1"));
        assertThat(cancelled.imageBuildVersionArn()).isEqualTo(image);
        assertThat(cancelled.clientToken()).isEqualTo("cancel-1");
        // recorded when the call returns, not later
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.CANCELLED);
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.statusAsString()).isEqualTo("CANCELLED");
        assertThat(run.endTime()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(ib.getWorkflowExecution(b -> b.workflowExecutionId(run.workflowExecutionId())).statusAsString())
                .isEqualTo("CANCELLED");
        assertThat(ib.getWorkflowStepExecution(b -> b.stepExecutionId(waiting.stepExecutionId())).statusAsString())
                .isEqualTo("CANCELLED");
        assertThat(steps(run.workflowExecutionId())).extracting(WorkflowStepMetadata::statusAsString)
                .containsExactly("COMPLETED", "CANCELLED");
        assertThat(ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps())
                .noneMatch(s -> s.imageBuildVersionArn().equals(image));
        expectError(() -> ib.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image)
                .stepExecutionId(waiting.stepExecutionId()).action(WorkflowStepActionType.RESUME).clientToken("late")),
                "InvalidRequestException", null);
        expectError(() -> ib.cancelImageCreation(b -> b.imageBuildVersionArn(image).clientToken("cancel-2")),
                "ResourceInUseException", null);
    }

    @Test
    void listImagesAnswersTheCallersImageVersionsAPageAtATimeFilteredAndByName() {
        String wf = quickWorkflow("listed-build");
        String infra = infrastructure("listed");
        List<String> images = new ArrayList<>();
        for (String version : List.of("1.0.0", "2.0.0")) {
            String recipe = ib.createImageRecipe(b -> b.name("listed").semanticVersion(version)
                    .parentImage("ami-0123456789abcdef0").components(c -> c.componentArn(records.component()))
                    .clientToken(UUID.randomUUID().toString())).imageRecipeArn();
            images.add(ib.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infra)
                    .workflows(run(wf)).clientToken(UUID.randomUUID().toString())).imageBuildVersionArn());
        }
        images.forEach(i -> awaitStatus(i, ImageStatus.AVAILABLE, ImageStatus.FAILED));
        Filter listed = Filter.builder().name("name").values("listed").build();
        List<ImageVersion> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListImagesResponse page = ib.listImages(b -> b.filters(listed).maxResults(1).nextToken(t));
            assertThat(page.imageVersionList()).hasSize(1);
            all.addAll(page.imageVersionList());
            token = page.nextToken();
        } while (token != null);
        assertThat(all).extracting(ImageVersion::arn).containsExactly(PREFIX + "image/listed/1.0.0",
                PREFIX + "image/listed/2.0.0");
        ImageVersion first = all.get(0);
        assertThat(first.name()).isEqualTo("listed");
        assertThat(first.version()).isEqualTo("1.0.0");
        assertThat(first.typeAsString()).isEqualTo("AMI");
        assertThat(first.platformAsString()).isEqualTo("Linux");
        assertThat(first.owner()).isEqualTo(ACCOUNT);
        assertThat(first.buildTypeAsString()).isEqualTo("USER_INITIATED");
        assertThat(ib.listImages(b -> b.filters(listed, Filter.builder().name("version").values("2.0.0").build()))
                .imageVersionList()).extracting(ImageVersion::arn).containsExactly(PREFIX + "image/listed/2.0.0");
        assertThat(ib.listImages(b -> b.filters(listed).byName(true)).imageVersionList())
                .extracting(ImageVersion::arn).containsExactly(PREFIX + "image/listed/x.x.x");
        assertThat(ib.listImages(b -> b.owner(Ownership.AMAZON).filters(listed)).imageVersionList()).isEmpty();
        assertThat(ib.listImages(b -> b.maxResults(25)).imageVersionList()).extracting(ImageVersion::arn)
                .contains(PREFIX + "image/listed/1.0.0", PREFIX + "image/listed/2.0.0")
                .isSortedAccordingTo(String::compareTo);
        expectError(() -> ib.listImages(b -> b.filters(Filter.builder().name("colour").values("x").build())),
                "InvalidParameterValueException", null);
        expectError(() -> ib.listImages(b -> b.nextToken("forged")), "InvalidPaginationTokenException", null);
    }

    /**
     * What a node that died between the image's stop and its runs' stops leaves: the image's state
     * row CANCELLED (written with the build's stop), its run's execution never stopped. The run and
     * its waiting step read as cancelled all the same.
     */
    @Test
    void aRunWhoseStopNeverLandedReadsCancelledOnceItsImageIs() {
        String image = image("half-cancelled", run(workflow("approval-half", WorkflowType.BUILD, APPROVAL)));
        WorkflowStepExecution waiting = awaitWaiting(image);
        fixture.server().store().apply(List.of(new ResourceChange.Upsert(new Resource(image + "/state", ACCOUNT,
                "us-east-1", "imagebuilderImageState", image, "state", 0,
                "{\"status\":\"CANCELLED\",\"cancelledAt\":\"2024-01-02T03:04:05.678Z\"}"))));
        WorkflowExecutionMetadata run = runs(image).get(0);
        assertThat(run.statusAsString()).isEqualTo("CANCELLED");
        assertThat(run.endTime()).isEqualTo("2024-01-02T03:04:05.678Z");
        assertThat(ib.getWorkflowStepExecution(b -> b.stepExecutionId(waiting.stepExecutionId())).statusAsString())
                .isEqualTo("CANCELLED");
        assertThat(ib.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps())
                .noneMatch(s -> s.imageBuildVersionArn().equals(image));
    }
}
