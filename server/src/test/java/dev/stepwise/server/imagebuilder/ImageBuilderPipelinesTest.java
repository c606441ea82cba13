package dev.stepwise.server.imagebuilder;

import static dev.stepwise.server.imagebuilder.ImageBuilderAsserts.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.api.ServerFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CreateImagePipelineRequest;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.ImageSummary;
import software.amazon.awssdk.services.imagebuilder.model.PipelineExecutionStartCondition;
import software.amazon.awssdk.services.imagebuilder.model.PipelineStatus;
import software.amazon.awssdk.services.imagebuilder.model.Platform;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * Image pipelines through the AWS SDK for Java v2: their records, their uses of recipes and
 * configurations, their schedules' checks, and StartImagePipelineExecution building an image as
 * CreateImage does, listed by ListImagePipelineImages.
 */
class ImageBuilderPipelinesTest {
    @RegisterExtension
    static final ImageBuilderServer server = new ImageBuilderServer(ServerFixture::new);
    private static ImagebuilderClient ib;

    @BeforeAll
    static void connect() {
        ib = server.client();
    }

    private static final String BUILD_DOC = """
            name: quick
            schemaVersion: 1.0
            steps:
              - name: Launch
                action: LaunchInstance
                inputs:
                  waitFor: ssmAgent
              - name: MakeImage
                action: CreateImage
                inputs:
                  instanceId.$: $.stepOutputs.Launch.instanceId
            """;

    private static final RecordsThroughTheSdk records = new RecordsThroughTheSdk(() -> ib);

    private static String token() {
        return RecordsThroughTheSdk.token();
    }

    private static String recipe(String name) {
        return records.recipe(name);
    }

    private static String infrastructure(String name) {
        return records.infrastructure(name);
    }

    private static CreateImagePipelineRequest.Builder pipeline(String name, String recipe, String infrastructure) {
        return CreateImagePipelineRequest.builder().name(name).imageRecipeArn(recipe)
                .infrastructureConfigurationArn(infrastructure).clientToken(token());
    }

    @Test
    void aPipelineIsStoredListedUpdatedAndDeletedAndHoldsTheRecordsItUses() {
        String recipe = recipe("kept");
        String first = infrastructure("kept-first");
        String second = infrastructure("kept-second");
        String arn = ib.createImagePipeline(pipeline("Nightly Build", recipe, first).description("every night")
                .schedule(s -> s.scheduleExpression("cron(0 2 * * ? *)").timezone("America/Los_Angeles"))
                .tags(Map.of("env", "test")).build()).imagePipelineArn();
        assertThat(arn).isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/nightly-build");

        ImagePipeline p = ib.getImagePipeline(b -> b.imagePipelineArn(arn)).imagePipeline();
        assertThat(p.name()).isEqualTo("Nightly Build");
        assertThat(p.description()).isEqualTo("every night");
        assertThat(p.platform()).isEqualTo(Platform.LINUX);
        assertThat(p.status()).isEqualTo(PipelineStatus.ENABLED);
        assertThat(p.enhancedImageMetadataEnabled()).isTrue();
        assertThat(p.imageRecipeArn()).isEqualTo(recipe);
        assertThat(p.infrastructureConfigurationArn()).isEqualTo(first);
        assertThat(p.imageTestsConfiguration().imageTestsEnabled()).isTrue();
        assertThat(p.imageTestsConfiguration().timeoutMinutes()).isEqualTo(720);
        assertThat(p.schedule().scheduleExpression()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(p.schedule().timezone()).isEqualTo("America/Los_Angeles");
        assertThat(p.schedule().pipelineExecutionStartCondition())
                .isEqualTo(PipelineExecutionStartCondition.EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE);
        assertThat(p.tags()).containsEntry("env", "test");
        assertThat(p.dateCreated()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(p.lastRunStatus()).isNull();

        expectError(() -> ib.createImagePipeline(pipeline("nightly-build", recipe, first).build()),
                "ResourceAlreadyExistsException", "The following resource 'ImagePipeline' already exists: '"
                        + arn + "'.");
        expectError(() -> ib.deleteImageRecipe(b -> b.imageRecipeArn(recipe)), "ResourceDependencyException", null);
        expectError(() -> ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(first)),
                "ResourceDependencyException", null);

        assertThat(ib.listImagePipelines(b -> b.filters(f -> f.name("name").values("Nightly Build")))
                .imagePipelineList()).extracting(ImagePipeline::arn).containsExactly(arn);
        assertThat(ib.listImagePipelines(b -> b.filters(f -> f.name("status").values("DISABLED")))
                .imagePipelineList()).extracting(ImagePipeline::arn).doesNotContain(arn);

        ib.updateImagePipeline(b -> b.imagePipelineArn(arn).imageRecipeArn(recipe).infrastructureConfigurationArn(second)
                .status(PipelineStatus.DISABLED).clientToken(token()));
        ImagePipeline updated = ib.getImagePipeline(b -> b.imagePipelineArn(arn)).imagePipeline();
        assertThat(updated.status()).isEqualTo(PipelineStatus.DISABLED);
        assertThat(updated.infrastructureConfigurationArn()).isEqualTo(second);
        assertThat(updated.description()).isNull();
        assertThat(updated.schedule()).isNull();
        assertThat(updated.tags()).containsEntry("env", "test");
        assertThat(updated.dateCreated()).isEqualTo(p.dateCreated());
        assertThat(updated.dateUpdated()).isNotNull();
        // the update moved the pipeline's use from the first configuration to the second
        ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(first));
        expectError(() -> ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(second)),
                "ResourceDependencyException", null);

        ib.deleteImagePipeline(b -> b.imagePipelineArn(arn));
        expectError(() -> ib.getImagePipeline(b -> b.imagePipelineArn(arn)), "ResourceNotFoundException", 404,
                "The resource '" + arn + "' does not exist.");
        ib.deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(second));
        ib.deleteImageRecipe(b -> b.imageRecipeArn(recipe));
    }

    @Test
    void schedulesAreCheckedAsTheUserGuideWritesThem() {
        String recipe = recipe("scheduled");
        String infrastructure = infrastructure("scheduled");
        for (String expression : List.of("0 2 * * ? *", "cron(0 2 * *)", "cron(60 2 * * ? *)",
                "cron(0 2 7 * MON *)", "cron(0 2 ? * ? *)", "cron(0 2 * * fri#6 *)", "cron(0 2 * * ? 1969)")) {
            expectError(() -> ib.createImagePipeline(pipeline("bad", recipe, infrastructure)
                    .schedule(s -> s.scheduleExpression(expression)).build()), "InvalidParameterValueException",
                    null);
        }
        expectError(() -> ib.createImagePipeline(pipeline("bad", recipe, infrastructure)
                .schedule(s -> s.scheduleExpression("cron(0 2 * * ? *)").timezone("Mars/Olympus")).build()),
                "InvalidParameterValueException", "The value supplied for parameter 'schedule.timezone' is not "
                        + "valid. 'Mars/Olympus' is not an IANA time zone.");
        expectError(() -> ib.getImagePipeline(b -> b.imagePipelineArn(
                "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/bad")), "ResourceNotFoundException", 404,
                null);
        for (String expression : List.of("cron(0 2 * * ? *)", "cron(0/30 1-5 L * ? *)", "cron(15 10 ? JAN-MAR "
                + "fri#2 2030)", "cron(0 0 * * SUN)", "cron(0 0 3W * ? *)")) {
            String arn = ib.createImagePipeline(pipeline("good", recipe, infrastructure)
                    .schedule(s -> s.scheduleExpression(expression)).build()).imagePipelineArn();
            ib.deleteImagePipeline(b -> b.imagePipelineArn(arn));
        }
    }

    @Test
    void aStartedPipelineBuildsAnImageAsCreateImageDoes() {
        String workflow = ib.createWorkflow(b -> b.name("quick").semanticVersion("1.0.0").type(WorkflowType.BUILD)
                .data(BUILD_DOC).clientToken(token())).workflowBuildVersionArn();
        String arn = ib.createImagePipeline(pipeline("runs", recipe("runs"), infrastructure("runs"))
                .imageTestsConfiguration(t -> t.imageTestsEnabled(false))
                .workflows(w -> w.workflowArn(workflow)).build()).imagePipelineArn();
        String startToken = token();
        String image = ib.startImagePipelineExecution(b -> b.imagePipelineArn(arn).clientToken(startToken)
                .tags(Map.of("run", "first"))).imageBuildVersionArn();
        assertThat(image).isEqualTo("arn:aws:imagebuilder:us-east-1:123456789012:image/runs/1.0.0/1");
        assertThat(ib.startImagePipelineExecution(b -> b.imagePipelineArn(arn).clientToken(startToken)
                .tags(Map.of("run", "first"))).imageBuildVersionArn()).isEqualTo(image);
        expectError(() -> ib.startImagePipelineExecution(b -> b.imagePipelineArn(arn).clientToken(startToken)
                .tags(Map.of("run", "second"))), "IdempotentParameterMismatchException", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> ib.getImage(b -> b.imageBuildVersionArn(image)).image()
                .state().status() == ImageStatus.AVAILABLE);
        Image built = ib.getImage(b -> b.imageBuildVersionArn(image)).image();
        assertThat(built.sourcePipelineArn()).isEqualTo(arn);
        assertThat(built.sourcePipelineName()).isEqualTo("runs");
        assertThat(built.tags()).containsEntry("run", "first");
        assertThat(built.workflows()).extracting(w -> w.workflowArn()).containsExactly(workflow);
        assertThat(ib.listWorkflowExecutions(b -> b.imageBuildVersionArn(image)).workflowExecutions())
                .extracting(r -> r.workflowBuildVersionArn()).containsExactly(workflow);
        assertThat(ib.getImagePipeline(b -> b.imagePipelineArn(arn)).imagePipeline().lastRunStatus())
                .isEqualTo(ImageStatus.AVAILABLE);

        String second = ib.startImagePipelineExecution(b -> b.imagePipelineArn(arn).clientToken(token()))
                .imageBuildVersionArn();
        assertThat(ib.listImagePipelineImages(b -> b.imagePipelineArn(arn)).imageSummaryList())
                .extracting(ImageSummary::arn).containsExactly(image, second);
        assertThat(ib.listImagePipelineImages(b -> b.imagePipelineArn(arn).maxResults(1)).nextToken()).isNotNull();
        assertThat(ib.listImagePipelineImages(b -> b.imagePipelineArn(arn)
                .filters(f -> f.name("version").values("1.0.0/2"))).imageSummaryList())
                .extracting(ImageSummary::arn).containsExactly(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> ib.getImage(b -> b.imageBuildVersionArn(second)).image()
                .state().status() == ImageStatus.AVAILABLE);
        ib.deleteImage(b -> b.imageBuildVersionArn(second));
        assertThat(ib.listImagePipelineImages(b -> b.imagePipelineArn(arn)).imageSummaryList())
                .extracting(ImageSummary::arn).containsExactly(image);

        String missing = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/missing";
        expectError(() -> ib.startImagePipelineExecution(b -> b.imagePipelineArn(missing).clientToken(token())),
                "ResourceNotFoundException", 404, "The resource '" + missing + "' does not exist.");
    }
}
