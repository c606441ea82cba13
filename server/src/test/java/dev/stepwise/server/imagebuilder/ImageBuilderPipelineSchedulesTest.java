package dev.stepwise.server.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.runtime.SimulatedTime;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.imagebuilder.actions.SimulationConfig;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.AutoDisablePolicy;
import software.amazon.awssdk.services.imagebuilder.model.BuildType;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImageSummary;
import software.amazon.awssdk.services.imagebuilder.model.PipelineExecutionStartCondition;
import software.amazon.awssdk.services.imagebuilder.model.PipelineStatus;
import software.amazon.awssdk.services.imagebuilder.model.Platform;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * Image pipelines that run on their schedules, on a server whose clock the test moves (no test
 * waits for a schedule): an image at each due time (only when a dependency changed, for the
 * default start condition), dateNextRun as GetImagePipeline shows it, a disabled pipeline that does
 * not run, a run that came while the server was down made once when it starts again, and a run
 * that one scan took not made again by another scan that read it too.
 */
class ImageBuilderPipelineSchedulesTest {
    private static final Instant START = Instant.parse("2026-03-02T10:15:30.250Z");
    private static final String BUILD_DOC = """
            name: quick
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
            """;
    private static final String COMPONENT_DOC = RecordsThroughTheSdk.COMPONENT_DOC;

    private Path data;
    private final ManualClock clock = new ManualClock(START);
    private final SimulatedTime time = new SimulatedTime(clock);
    private StepwiseServer server;
    private ImagebuilderClient ib;

    @BeforeEach
    void start() throws IOException {
        data = Files.createTempDirectory("stepwise-schedules-test");
        startServer();
    }

    private void startServer() {
        // builds of the workflow named "failing" fail at their step
        server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false).withImageBuilderActions(SimulationConfig.parse("""
                        rules:
                          - workflow: failing
                            fail: The build failed.
                        """)), Duration.ofSeconds(60), clock, time);
        ib = ImageBuilderServer.client(URI.create("http://127.0.0.1:" + server.port()), "test", Region.US_EAST_1);
    }

    private void restart() {
        ib.close();
        server.close();
        startServer();
    }

    @AfterEach
    void stop() throws IOException {
        ib.close();
        server.close();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String component(String version) {
        return ib.createComponent(b -> b.name("dep").semanticVersion(version).platform(Platform.LINUX)
                .data(COMPONENT_DOC).clientToken(RecordsThroughTheSdk.token())).componentBuildVersionArn();
    }

    /** A pipeline building with a one-step workflow and no tests, from a recipe naming dep/1.x.x. */
    private String pipeline(String name, String expression, String zone, PipelineExecutionStartCondition condition) {
        return pipeline(name, "ami-0123456789abcdef0", expression, zone, condition, null);
    }

    /**
     * A pipeline building with a one-step workflow (named {@code name}: "failing" fails) and no tests,
     * from a recipe with this parent image naming dep/1.x.x, disabled after {@code failureCount}
     * scheduled failures in a row (null: no autoDisablePolicy).
     */
    private String pipeline(String name, String parentImage, String expression, String zone,
                            PipelineExecutionStartCondition condition, Integer failureCount) {
        String workflow = ib.createWorkflow(b -> b.name(name).semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(BUILD_DOC).clientToken(RecordsThroughTheSdk.token())).workflowBuildVersionArn();
        String recipe = recipe(name, parentImage);
        String infrastructure = ib.createInfrastructureConfiguration(b -> b.name(name).instanceProfileName("builder")
                .clientToken(RecordsThroughTheSdk.token())).infrastructureConfigurationArn();
        return ib.createImagePipeline(b -> b.name(name).imageRecipeArn(recipe)
                .infrastructureConfigurationArn(infrastructure).imageTestsConfiguration(t -> t.imageTestsEnabled(false))
                .workflows(w -> w.workflowArn(workflow))
                .schedule(s -> s.scheduleExpression(expression).timezone(zone).pipelineExecutionStartCondition(condition)
                        .autoDisablePolicy(failureCount == null ? null
                                : AutoDisablePolicy.builder().failureCount(failureCount).build()))
                .clientToken(RecordsThroughTheSdk.token())).imagePipelineArn();
    }

    private String recipe(String name, String parentImage) {
        return ib.createImageRecipe(b -> b.name(name).semanticVersion("1.0.0").parentImage(parentImage)
                .components(c -> c.componentArn("arn:aws:imagebuilder:us-east-1:123456789012:component/dep/1.x.x"))
                .clientToken(RecordsThroughTheSdk.token())).imageRecipeArn();
    }

    /** Builds an image of the recipe {@code name} 1.0.0 by hand (CreateImage) and waits for its end. */
    private String buildByHand(String name) {
        String infrastructure = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/" + name;
        String workflow = "arn:aws:imagebuilder:us-east-1:123456789012:workflow/build/" + name + "/1.0.0/1";
        String image = ib.createImage(b -> b.imageRecipeArn("arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/"
                + name + "/1.0.0").infrastructureConfigurationArn(infrastructure)
                .imageTestsConfiguration(t -> t.imageTestsEnabled(false)).workflows(w -> w.workflowArn(workflow))
                .clientToken(RecordsThroughTheSdk.token())).imageBuildVersionArn();
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(ImageStatus.AVAILABLE, ImageStatus.FAILED)
                .contains(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status()));
        return image;
    }

    private ImageStatus awaitEnd(String image) {
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(ImageStatus.AVAILABLE, ImageStatus.FAILED)
                .contains(ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status()));
        return ib.getImage(b -> b.imageBuildVersionArn(image)).image().state().status();
    }

    private ImagePipeline get(String pipeline) {
        return ib.getImagePipeline(b -> b.imagePipelineArn(pipeline)).imagePipeline();
    }

    private List<ImageSummary> images(String pipeline) {
        return ib.listImagePipelineImages(b -> b.imagePipelineArn(pipeline)).imageSummaryList();
    }

    /** Moves the clock to {@code at}; the scan due then runs (on this thread) before this returns. */
    private void advanceTo(String at) {
        time.advanceTo(Instant.parse(at));
    }

    private void awaitBuilt(List<ImageSummary> images) {
        for (ImageSummary i : images) {
            await().atMost(Duration.ofSeconds(20)).until(() -> List.of(ImageStatus.AVAILABLE, ImageStatus.FAILED)
                    .contains(ib.getImage(b -> b.imageBuildVersionArn(i.arn())).image().state().status()));
            assertThat(ib.getImage(b -> b.imageBuildVersionArn(i.arn())).image().state().status())
                    .isEqualTo(ImageStatus.AVAILABLE);
        }
    }

    @Test
    void aScheduleBuildsAtItsDueTimesOnlyWhenADependencyChangedAndNotOnceDisabled() {
        component("1.0.0");
        String pipeline = pipeline("nightly", "cron(0 2 * * ? *)", "Etc/UTC",
                PipelineExecutionStartCondition.EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE);
        ImagePipeline created = get(pipeline);
        assertThat(created.dateNextRun()).isEqualTo("2026-03-03T02:00:00.000Z");
        assertThat(created.dateLastRun()).isNull();
        assertThat(images(pipeline)).isEmpty();

        advanceTo("2026-03-03T01:59:59Z");
        assertThat(images(pipeline)).isEmpty();
        advanceTo("2026-03-03T02:00:00Z");
        List<ImageSummary> first = images(pipeline);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).buildType()).isEqualTo(BuildType.SCHEDULED);
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(first.get(0).arn())).image().sourcePipelineArn())
                .isEqualTo(pipeline);
        awaitBuilt(first);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-04T02:00:00.000Z");
        assertThat(get(pipeline).lastRunStatus()).isEqualTo(ImageStatus.AVAILABLE);

        // nothing the recipe resolves to changed: the due time passes without a build
        advanceTo("2026-03-04T02:00:00Z");
        assertThat(images(pipeline)).hasSize(1);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-05T02:00:00.000Z");

        // a new version that dep/1.x.x selects is a dependency update
        component("1.1.0");
        advanceTo("2026-03-05T02:00:00Z");
        assertThat(images(pipeline)).hasSize(2);
        awaitBuilt(images(pipeline));

        ImagePipeline p = get(pipeline);
        ib.updateImagePipeline(b -> b.imagePipelineArn(pipeline).imageRecipeArn(p.imageRecipeArn())
                .infrastructureConfigurationArn(p.infrastructureConfigurationArn()).workflows(p.workflows())
                .imageTestsConfiguration(p.imageTestsConfiguration()).schedule(p.schedule())
                .status(PipelineStatus.DISABLED).clientToken(RecordsThroughTheSdk.token()));
        assertThat(get(pipeline).dateNextRun()).isNull();
        component("1.2.0");
        advanceTo("2026-03-07T02:00:00Z");
        assertThat(images(pipeline)).hasSize(2);
    }

    @Test
    void aRunDueWhileTheServerWasDownIsMadeOnceWhenItStartsAndARunTakenIsNotMadeAgain() {
        component("1.0.0");
        // 06:00 in New York is 11:00 UTC in March before daylight saving time starts
        String pipeline = pipeline("hourly", "cron(0 6 * * ? *)", "America/New_York",
                PipelineExecutionStartCondition.EXPRESSION_MATCH_ONLY);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-02T11:00:00.000Z");

        ib.close();
        server.close();
        advanceTo("2026-03-02T13:30:00Z"); // no server: nothing runs
        startServer();
        List<ImageSummary> late = images(pipeline);
        assertThat(late).hasSize(1);
        awaitBuilt(late);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-03T11:00:00.000Z");
        restart();
        assertThat(images(pipeline)).hasSize(1);

        advanceTo("2026-03-03T11:00:00Z");
        List<ImageSummary> both = images(pipeline);
        assertThat(both).hasSize(2);
        awaitBuilt(both);

        // another node that read this run's due row before it was taken finds the pipeline moved on
        Resource again = new Resource(pipeline + "|due|2026-03-03T11:00:00.000Z", "", "", "imagebuilderPipelineDue",
                "", String.format("%019d", Instant.parse("2026-03-03T11:00:00Z").toEpochMilli()) + "/" + pipeline, 0,
                "{\"pipeline\":\"" + pipeline + "\",\"account\":\"123456789012\",\"region\":\"us-east-1\","
                        + "\"due\":\"2026-03-03T11:00:00.000Z\"}");
        server.store().apply(List.of(new ResourceChange.Create(again)));
        advanceTo("2026-03-03T11:01:00Z");
        assertThat(images(pipeline)).hasSize(2);
        assertThat(server.store().list(ResourceRange.of("", "", "imagebuilderPipelineDue"), null, 10).items())
                .extracting(Resource::arn).containsExactly(pipeline + "|due|2026-03-04T11:00:00.000Z");

        ib.deleteImagePipeline(b -> b.imagePipelineArn(pipeline));
        assertThat(server.store().list(ResourceRange.of("", "", "imagebuilderPipelineDue"), null, 10).items())
                .isEmpty();
    }

    /**
     * autoDisablePolicy: each scheduled build that fails counts one more consecutiveFailure, a build
     * started by hand that fails leaves the count alone, and the failure that reaches failureCount
     * disables the pipeline (DISABLED, no dateNextRun) at once; its next due time builds nothing. An
     * update that enables it again resets the count to zero.
     */
    @Test
    void aScheduledPipelineWhoseBuildsFailFailureCountTimesInARowIsDisabled() {
        component("1.0.0");
        String pipeline = pipeline("failing", "ami-0123456789abcdef0", "cron(0 2 * * ? *)", "Etc/UTC",
                PipelineExecutionStartCondition.EXPRESSION_MATCH_ONLY, 2);
        assertThat(get(pipeline).consecutiveFailures()).isZero();
        assertThat(get(pipeline).schedule().autoDisablePolicy().failureCount()).isEqualTo(2);

        advanceTo("2026-03-03T02:00:00Z");
        assertThat(awaitEnd(images(pipeline).get(0).arn())).isEqualTo(ImageStatus.FAILED);
        assertThat(get(pipeline).consecutiveFailures()).isEqualTo(1);
        assertThat(get(pipeline).status()).isEqualTo(PipelineStatus.ENABLED);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-04T02:00:00.000Z");

        // a run started by hand that fails does not count
        String byHand = ib.startImagePipelineExecution(b -> b.imagePipelineArn(pipeline)
                .clientToken(RecordsThroughTheSdk.token())).imageBuildVersionArn();
        assertThat(awaitEnd(byHand)).isEqualTo(ImageStatus.FAILED);
        assertThat(get(pipeline).consecutiveFailures()).isEqualTo(1);

        advanceTo("2026-03-04T02:00:00Z");
        awaitBuilt(pipeline, 3);
        ImagePipeline disabled = get(pipeline);
        assertThat(disabled.consecutiveFailures()).isEqualTo(2);
        assertThat(disabled.status()).isEqualTo(PipelineStatus.DISABLED);
        assertThat(disabled.dateNextRun()).isNull();
        assertThat(ib.listImagePipelines(b -> b.filters(f -> f.name("status").values("DISABLED")))
                .imagePipelineList()).extracting(ImagePipeline::arn).containsExactly(pipeline);

        advanceTo("2026-03-05T02:00:00Z");
        assertThat(images(pipeline)).hasSize(3);
        assertThat(get(pipeline).status()).isEqualTo(PipelineStatus.DISABLED);
        assertThat(server.store().list(ResourceRange.of("", "", "imagebuilderPipelineDue"), null, 10).items())
                .isEmpty();

        ImagePipeline p = get(pipeline);
        ib.updateImagePipeline(b -> b.imagePipelineArn(pipeline).imageRecipeArn(p.imageRecipeArn())
                .infrastructureConfigurationArn(p.infrastructureConfigurationArn()).workflows(p.workflows())
                .imageTestsConfiguration(p.imageTestsConfiguration()).schedule(p.schedule())
                .status(PipelineStatus.ENABLED).clientToken(RecordsThroughTheSdk.token()));
        assertThat(get(pipeline).consecutiveFailures()).isZero();
        assertThat(get(pipeline).status()).isEqualTo(PipelineStatus.ENABLED);
        assertThat(get(pipeline).dateNextRun()).isEqualTo("2026-03-06T02:00:00.000Z");
    }

    /** A build that succeeds, scheduled or by hand, resets consecutiveFailures; a pipeline without a policy stays enabled. */
    @Test
    void aSuccessfulBuildResetsConsecutiveFailures() {
        component("1.0.0");
        String pipeline = pipeline("nightly-ok", "ami-0123456789abcdef0", "cron(0 2 * * ? *)", "Etc/UTC",
                PipelineExecutionStartCondition.EXPRESSION_MATCH_ONLY, null);
        advanceTo("2026-03-03T02:00:00Z");
        awaitBuilt(images(pipeline));
        assertThat(get(pipeline).consecutiveFailures()).isZero();
        assertThat(get(pipeline).status()).isEqualTo(PipelineStatus.ENABLED);
    }

    /**
     * A parent image given as an Image Builder image ARN with a wildcard version ({@code …/x.x.x})
     * is the newest AVAILABLE build it selects: a new build of that image is a dependency update, and
     * with none the due time passes without a build.
     */
    @Test
    void aWildcardParentImageIsComparedAsTheNewestBuildItSelects() {
        component("1.0.0");
        ib.createWorkflow(b -> b.name("base").semanticVersion("1.0.0").type(WorkflowType.BUILD).data(BUILD_DOC)
                .clientToken(RecordsThroughTheSdk.token()));
        recipe("base", "ami-0123456789abcdef0");
        ib.createInfrastructureConfiguration(b -> b.name("base").instanceProfileName("builder")
                .clientToken(RecordsThroughTheSdk.token()));
        String first = buildByHand("base");
        assertThat(ib.getImage(b -> b.imageBuildVersionArn(first)).image().state().status())
                .isEqualTo(ImageStatus.AVAILABLE);
        String pipeline = pipeline("derived", "arn:aws:imagebuilder:us-east-1:123456789012:image/base/x.x.x",
                "cron(0 2 * * ? *)", "Etc/UTC",
                PipelineExecutionStartCondition.EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE, null);
        advanceTo("2026-03-03T02:00:00Z");
        awaitBuilt(pipeline, 1);

        advanceTo("2026-03-04T02:00:00Z");
        assertThat(images(pipeline)).hasSize(1);

        // a new build of the parent image: base/x.x.x now selects it
        String second = buildByHand("base");
        assertThat(second).isEqualTo(first.substring(0, first.lastIndexOf('/')) + "/2");
        advanceTo("2026-03-05T02:00:00Z");
        awaitBuilt(pipeline, 2);
    }

    /** Waits until the pipeline has {@code count} images, all of them ended. */
    private void awaitBuilt(String pipeline, int count) {
        List<ImageSummary> built = images(pipeline);
        assertThat(built).hasSize(count);
        built.forEach(i -> awaitEnd(i.arn()));
    }
}
