package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.server.imagebuilder.RecordsThroughTheSdk;
import dev.stepwise.store.PostgresDatabase;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepActionType;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepExecution;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * Image Builder's callbacks across a cluster: an image build run by one node waits at a
 * WaitForAction step, SendWorkflowStepAction through another node resumes it promptly, the image
 * becomes AVAILABLE as a third node sees it, and a second action is refused as on AWS.
 */
class ClusterImageBuilderTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    /** Shorter than the waiting step's own re-read of its row: only the announcement can resume it in time. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration BUILD_REACHES_THE_WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    private static ImagebuilderClient imageBuilder(Node node) {
        return node.client(ImagebuilderClient.builder());
    }

    private static String token() {
        return RecordsThroughTheSdk.token();
    }

    @Test
    void aBuildWaitingOnOneNodeIsResumedThroughAnotherAndCompletes() throws IOException {
        ImagebuilderClient onA = imageBuilder(cluster.start("node-a"));
        ImagebuilderClient onB = imageBuilder(cluster.start("node-b"));
        ImagebuilderClient onC = imageBuilder(cluster.start("node-c"));

        RecordsThroughTheSdk records = new RecordsThroughTheSdk(() -> onA);
        String recipe = records.recipe("approved");
        String infrastructure = records.infrastructure("approved");
        String workflow = onA.createWorkflow(b -> b.name("approval").semanticVersion("1.0.0")
                .type(WorkflowType.BUILD).data(RecordsThroughTheSdk.APPROVAL_DOC).clientToken(token()))
                .workflowBuildVersionArn();
        // the build runs on node A, which took the call
        String image = onA.createImage(b -> b.imageRecipeArn(recipe).infrastructureConfigurationArn(infrastructure)
                .workflows(WorkflowConfiguration.builder().workflowArn(workflow).build()).clientToken(token()))
                .imageBuildVersionArn();

        await().atMost(BUILD_REACHES_THE_WAIT).until(() -> onC.listWaitingWorkflowSteps(b -> b.maxResults(25))
                .steps().stream().anyMatch(s -> s.imageBuildVersionArn().equals(image)));
        WorkflowStepExecution waiting = onC.listWaitingWorkflowSteps(b -> b.maxResults(25)).steps().stream()
                .filter(s -> s.imageBuildVersionArn().equals(image)).findFirst().orElseThrow();
        assertThat(waiting.name()).isEqualTo("Approve");
        assertThat(onC.getImage(b -> b.imageBuildVersionArn(image)).image().state().status())
                .isEqualTo(ImageStatus.BUILDING);

        onB.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image).stepExecutionId(waiting.stepExecutionId())
                .action(WorkflowStepActionType.RESUME).reason("approved on b").clientToken("resume-1"));

        await().atMost(PROMPTLY).until(() -> onC.getImage(b -> b.imageBuildVersionArn(image)).image().state()
                .status() == ImageStatus.AVAILABLE);
        var approved = onC.getWorkflowStepExecution(b -> b.stepExecutionId(waiting.stepExecutionId()));
        assertThat(approved.statusAsString()).isEqualTo("COMPLETED");
        assertThat(approved.outputs()).contains("RESUME").contains("approved on b");
        // the step no longer waits: another action, through any node, is refused
        assertThatThrownBy(() -> onC.sendWorkflowStepAction(b -> b.imageBuildVersionArn(image)
                .stepExecutionId(waiting.stepExecutionId()).action(WorkflowStepActionType.STOP).clientToken("stop-1")))
                .isInstanceOf(InvalidRequestException.class);
    }
}
