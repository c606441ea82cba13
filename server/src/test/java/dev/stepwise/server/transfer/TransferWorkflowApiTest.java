package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.DescribedWorkflow;
import software.amazon.awssdk.services.transfer.model.EncryptionType;
import software.amazon.awssdk.services.transfer.model.ListedWorkflow;
import software.amazon.awssdk.services.transfer.model.OverwriteExisting;
import software.amazon.awssdk.services.transfer.model.S3Tag;
import software.amazon.awssdk.services.transfer.model.Tag;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;
import software.amazon.awssdk.services.transfer.model.WorkflowStep;
import software.amazon.awssdk.services.transfer.model.WorkflowStepType;

/**
 * Workflows through the AWS SDK: CreateWorkflow with every step type, DescribeWorkflow,
 * ListWorkflows across pages, DeleteWorkflow (refused while a server runs the workflow), the
 * model's constraints on steps and the API reference's rules.
 */
class TransferWorkflowApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static TransferClient transfer;

    @BeforeAll
    static void client() {
        transfer = server.fixture().transfer("test", Region.US_EAST_1);
    }

    private static final WorkflowStep COPY = WorkflowStep.builder().type(WorkflowStepType.COPY)
            .copyStepDetails(c -> c.name("archive").overwriteExisting(OverwriteExisting.TRUE)
                    .sourceFileLocation("${original.file}")
                    .destinationFileLocation(d -> d.s3FileLocation(s -> s.bucket("archive-bucket")
                            .key("${Transfer:UserName}/")))).build();
    private static final WorkflowStep CUSTOM = WorkflowStep.builder().type(WorkflowStepType.CUSTOM)
            .customStepDetails(c -> c.name("scan").target("arn:aws:lambda:us-east-1:123456789012:function:scan")
                    .timeoutSeconds(60)).build();
    private static final WorkflowStep TAG = WorkflowStep.builder().type(WorkflowStepType.TAG)
            .tagStepDetails(t -> t.name("mark").tags(S3Tag.builder().key("scanned").value("yes").build())).build();
    private static final WorkflowStep DECRYPT = WorkflowStep.builder().type(WorkflowStepType.DECRYPT)
            .decryptStepDetails(d -> d.name("open").type(EncryptionType.PGP).overwriteExisting(OverwriteExisting.FALSE)
                    .destinationFileLocation(l -> l.efsFileLocation(e -> e.fileSystemId("fs-0123456789abcdef0")
                            .path("/clear")))).build();
    private static final WorkflowStep DELETE = WorkflowStep.builder().type(WorkflowStepType.DELETE)
            .deleteStepDetails(d -> d.name("drop")).build();

    @Test
    void aWorkflowIsDescribedAsItWasCreated() {
        String id = transfer.createWorkflow(r -> r.description("Scan and archive uploads")
                .steps(COPY, CUSTOM, TAG, DECRYPT).onExceptionSteps(DELETE)
                .tags(Tag.builder().key("team").value("data").build())).workflowId();
        assertThat(id).matches("w-[a-z0-9]{17}");
        DescribedWorkflow w = transfer.describeWorkflow(r -> r.workflowId(id)).workflow();
        assertThat(w.arn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:workflow/" + id);
        assertThat(w.workflowId()).isEqualTo(id);
        assertThat(w.description()).isEqualTo("Scan and archive uploads");
        assertThat(w.steps()).containsExactly(COPY, CUSTOM, TAG, DECRYPT);
        assertThat(w.onExceptionSteps()).containsExactly(DELETE);
        assertThat(w.tags()).containsExactly(Tag.builder().key("team").value("data").build());
    }

    @Test
    void theModelsConstraintsOnStepsAreValidationErrors() {
        expectError(() -> transfer.createWorkflow(r -> r.steps(Collections.nCopies(9, DELETE))), "ValidationException",
                null);
        expectError(() -> transfer.createWorkflow(r -> { }), "ValidationException",
                "1 validation error detected: Value null at 'steps' failed to satisfy constraint: Member must not be "
                        + "null");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.CUSTOM)
                        .customStepDetails(c -> c.target("arn:aws:lambda:us-east-1:123456789012:function:f")
                                .timeoutSeconds(0)).build())), "ValidationException",
                "1 validation error detected: Value '0' at 'steps.1.member.customStepDetails.timeoutSeconds' failed to "
                        + "satisfy constraint: Member must have value greater than or equal to 1");
        expectError(() -> transfer.createWorkflow(r -> r.steps(DELETE, WorkflowStep.builder()
                        .type(WorkflowStepType.DELETE).deleteStepDetails(d -> d.name("has space")).build())),
                "ValidationException", "1 validation error detected: Value 'has space' at "
                        + "'steps.2.member.deleteStepDetails.name' failed to satisfy constraint: Member must satisfy "
                        + "regular expression pattern: [\\w-]*");
        expectError(() -> transfer.createWorkflow(r -> r.steps(DELETE).description("semi;colon")), "ValidationException",
                "1 validation error detected: Value 'semi;colon' at 'description' failed to satisfy constraint: Member "
                        + "must satisfy regular expression pattern: [\\w- ]*");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.DECRYPT)
                        .decryptStepDetails(d -> d.destinationFileLocation(l -> l.s3FileLocation(s -> s.bucket("b-1")))
                        ).build())), "ValidationException", "1 validation error detected: Value null at "
                        + "'steps.1.member.decryptStepDetails.type' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void eachStepFollowsTheRulesOfItsType() {
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.COPY)
                        .build())), "InvalidRequestException",
                "Invalid workflow step Steps[1]: a step of type COPY needs CopyStepDetails");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder()
                        .deleteStepDetails(d -> d.name("x")).build())), "InvalidRequestException",
                "Invalid workflow step Steps[1]: a step must have a Type");
        expectError(() -> transfer.createWorkflow(r -> r.steps(DELETE).onExceptionSteps(WorkflowStep.builder()
                        .type(WorkflowStepType.DELETE).deleteStepDetails(d -> d.name("x"))
                        .tagStepDetails(t -> t.tags(S3Tag.builder().key("k").value("v").build())).build())),
                "InvalidRequestException",
                "Invalid workflow step OnExceptionSteps[1]: TagStepDetails cannot be given for a step of type DELETE");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.COPY)
                        .copyStepDetails(c -> c.destinationFileLocation(d -> d.efsFileLocation(e ->
                                e.fileSystemId("fs-0123456789abcdef0").path("/x")))).build())), "InvalidRequestException",
                "Invalid workflow step Steps[1]: a COPY step copies to Amazon S3 only");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.TAG)
                        .tagStepDetails(t -> t.name("t")).build())), "InvalidRequestException",
                "Invalid workflow step Steps[1]: a TAG step needs Tags");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.CUSTOM)
                        .customStepDetails(c -> c.timeoutSeconds(5)).build())), "InvalidRequestException",
                "Invalid workflow step Steps[1]: a CUSTOM step needs a Target");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.DECRYPT)
                        .decryptStepDetails(d -> d.type(EncryptionType.PGP).destinationFileLocation(l -> l
                                .s3FileLocation(s -> s.bucket("b-1")).efsFileLocation(e ->
                                        e.fileSystemId("fs-0123456789abcdef0").path("/x")))).build())),
                "InvalidRequestException",
                "Invalid workflow step Steps[1]: a DECRYPT step needs exactly one of S3FileLocation and EfsFileLocation");
        expectError(() -> transfer.createWorkflow(r -> r.steps(WorkflowStep.builder().type(WorkflowStepType.DELETE)
                        .deleteStepDetails(d -> d.sourceFileLocation("${some.other}")).build())),
                "InvalidRequestException",
                "Invalid workflow step Steps[1]: SourceFileLocation must be ${previous.file} or ${original.file}");
    }

    @Test
    void listWorkflowsPagesThroughEveryWorkflowOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            created.add(transfer.createWorkflow(r -> r.description("number " + n).steps(DELETE)).workflowId());
        }
        List<ListedWorkflow> paged = transfer.listWorkflowsPaginator(r -> r.maxResults(2)).workflows().stream().toList();
        assertThat(paged).extracting(ListedWorkflow::workflowId).containsAll(created).doesNotHaveDuplicates();
        assertThat(paged).extracting(ListedWorkflow::workflowId).isSorted();
        ListedWorkflow first = paged.stream().filter(w -> w.workflowId().equals(created.get(0))).findFirst()
                .orElseThrow();
        assertThat(first.description()).isEqualTo("number 0");
        assertThat(first.arn()).endsWith(":workflow/" + created.get(0));
        assertThat(transfer.listWorkflows(r -> r.maxResults(2)).nextToken()).isNotNull();
    }

    @Test
    void aWorkflowAServerRunsCannotBeDeleted() {
        String id = transfer.createWorkflow(r -> r.steps(DELETE)).workflowId();
        String serverId = transfer.createServer(r -> r.workflowDetails(w -> w.onPartialUpload(
                WorkflowDetail.builder().workflowId(id).executionRole(ROLE).build()))).serverId();
        expectError(() -> transfer.deleteWorkflow(r -> r.workflowId(id)), "InvalidRequestException",
                "Workflow " + id + " cannot be deleted: it is assigned to server " + serverId
                        + " (remove it from the server's WorkflowDetails first)");
        assertThat(transfer.describeWorkflow(r -> r.workflowId(id)).workflow().workflowId()).isEqualTo(id);

        transfer.updateServer(r -> r.serverId(serverId).workflowDetails(w -> w.onPartialUpload(List.of())));
        transfer.deleteWorkflow(r -> r.workflowId(id));
        expectNotFound(() -> transfer.describeWorkflow(r -> r.workflowId(id)), "Unknown workflow", id, "Workflow");
        expectNotFound(() -> transfer.deleteWorkflow(r -> r.workflowId(id)), "Unknown workflow", id, "Workflow");
    }
}
