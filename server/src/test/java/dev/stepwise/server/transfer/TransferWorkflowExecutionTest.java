package dev.stepwise.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.transfer.pgp.BcPgp;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.storage.ObjectInfo;
import dev.stepwise.transfer.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.CopyStepDetails;
import software.amazon.awssdk.services.transfer.model.CustomStepDetails;
import software.amazon.awssdk.services.transfer.model.CustomStepStatus;
import software.amazon.awssdk.services.transfer.model.DecryptStepDetails;
import software.amazon.awssdk.services.transfer.model.DeleteStepDetails;
import software.amazon.awssdk.services.transfer.model.DescribedExecution;
import software.amazon.awssdk.services.transfer.model.EncryptionType;
import software.amazon.awssdk.services.transfer.model.ExecutionErrorType;
import software.amazon.awssdk.services.transfer.model.ExecutionStatus;
import software.amazon.awssdk.services.transfer.model.InputFileLocation;
import software.amazon.awssdk.services.transfer.model.ListedExecution;
import software.amazon.awssdk.services.transfer.model.OverwriteExisting;
import software.amazon.awssdk.services.transfer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.transfer.model.S3InputFileLocation;
import software.amazon.awssdk.services.transfer.model.S3Tag;
import software.amazon.awssdk.services.transfer.model.TagStepDetails;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;
import software.amazon.awssdk.services.transfer.model.WorkflowStep;
import software.amazon.awssdk.services.transfer.model.WorkflowStepType;

/**
 * Managed workflows run on uploads: a file a user uploads over SFTP starts the server's OnUpload
 * workflow (a file cut off by the session's end its OnPartialUpload workflow), whose steps act on
 * the object store; a custom step invokes its Lambda function with AWS's event and holds the
 * execution IN_PROGRESS until SendWorkflowStepState; a failing step runs the exception steps
 * (HANDLING_EXCEPTION) and the execution ends in EXCEPTION; finished executions leave
 * ListExecutions and DescribeExecution and are written to the server's log lines; an execution
 * waiting when Stepwise stops carries on after a restart.
 */
class TransferWorkflowExecutionTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer-workflow";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);

    @TempDir
    Path data;
    private LambdaStandIn lambda;
    private StepwiseServer stepwise;
    private TransferClient transfer;
    private SshClient ssh;
    /** The events the custom steps' functions received. */
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        lambda = new LambdaStandIn();
        lambda.function("hold", payload -> {
            events.add(parse(payload));
            return LambdaStandIn.Reply.ok("null");
        });
        lambda.function("approve", payload -> {
            JsonNode event = parse(payload);
            events.add(event);
            report(event, CustomStepStatus.SUCCESS);
            return LambdaStandIn.Reply.ok("null");
        });
        startStepwise();
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
    }

    @AfterEach
    void stop() {
        ssh.stop();
        stopStepwise();
        lambda.close();
    }

    private void startStepwise() {
        stepwise = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false).withIntegrations(IntegrationConfig.none().withLambdaEndpoint(lambda.endpoint())));
        transfer = TransferClients.transfer(stepwise.port());
    }

    private void stopStepwise() {
        transfer.close();
        stepwise.close();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** What a custom step's function does to end its step. */
    private void report(JsonNode event, CustomStepStatus status) {
        JsonNode details = event.path("serviceMetadata").path("executionDetails");
        transfer.sendWorkflowStepState(r -> r.workflowId(details.path("workflowId").asText())
                .executionId(details.path("executionId").asText()).token(event.path("token").asText())
                .status(status));
    }

    // ---- set-up

    private String workflow(List<WorkflowStep> steps, List<WorkflowStep> onException) {
        return transfer.createWorkflow(r -> r.steps(steps).onExceptionSteps(onException)).workflowId();
    }

    private static WorkflowStep copy(String name, String bucket, String key, boolean overwrite) {
        return WorkflowStep.builder().type(WorkflowStepType.COPY).copyStepDetails(CopyStepDetails.builder().name(name)
                .destinationFileLocation(InputFileLocation.builder().s3FileLocation(S3InputFileLocation.builder()
                        .bucket(bucket).key(key).build()).build())
                .overwriteExisting(overwrite ? OverwriteExisting.TRUE : OverwriteExisting.FALSE).build()).build();
    }

    private static WorkflowStep tag(String source, String key, String value) {
        return WorkflowStep.builder().type(WorkflowStepType.TAG).tagStepDetails(TagStepDetails.builder()
                .sourceFileLocation(source).tags(S3Tag.builder().key(key).value(value).build()).build()).build();
    }

    private static WorkflowStep delete(String source) {
        return WorkflowStep.builder().type(WorkflowStepType.DELETE)
                .deleteStepDetails(DeleteStepDetails.builder().sourceFileLocation(source).build()).build();
    }

    private static WorkflowStep decrypt(String bucket, String key) {
        return WorkflowStep.builder().type(WorkflowStepType.DECRYPT).decryptStepDetails(DecryptStepDetails.builder()
                .name("open").type(EncryptionType.PGP).destinationFileLocation(InputFileLocation.builder()
                        .s3FileLocation(S3InputFileLocation.builder().bucket(bucket).key(key).build()).build())
                .overwriteExisting(OverwriteExisting.FALSE).build()).build();
    }

    private static WorkflowStep custom(String function, Integer timeoutSeconds) {
        return WorkflowStep.builder().type(WorkflowStepType.CUSTOM).customStepDetails(CustomStepDetails.builder()
                .name("check").target(FUNCTION + function).timeoutSeconds(timeoutSeconds).build()).build();
    }

    /** A server running {@code onUpload} (and {@code onPartialUpload}, when not null), with alice in /bucket-a/home/alice. */
    private String server(String onUpload, String onPartialUpload) {
        String id = transfer.createServer(r -> r.workflowDetails(w -> {
            w.onUpload(WorkflowDetail.builder().workflowId(onUpload).executionRole(ROLE).build());
            if (onPartialUpload != null) {
                w.onPartialUpload(WorkflowDetail.builder().workflowId(onPartialUpload).executionRole(ROLE).build());
            }
        })).serverId();
        transfer.createUser(r -> r.serverId(id).userName("alice").role(ROLE).homeDirectory("/bucket-a/home/alice")
                .sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic())));
        return id;
    }

    private int port(String serverId) {
        return TransferWire.sftpPorts(URI.create("http://127.0.0.1:" + stepwise.port()), serverId).get(0);
    }

    private ClientSession login(String serverId) throws IOException {
        ClientSession session = ssh.connect("alice", "127.0.0.1", port(serverId)).verify(Duration.ofSeconds(10))
                .getSession();
        session.addPublicKeyIdentity(ALICE);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    private void upload(String serverId, String path, String content) throws IOException {
        upload(serverId, path, content.getBytes(StandardCharsets.UTF_8));
    }

    private void upload(String serverId, String path, byte[] content) throws IOException {
        try (ClientSession session = login(serverId);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
             OutputStream out = sftp.write(path)) {
            out.write(content);
        }
    }

    /** Stores a PGP key secret as a user does, through Secrets Manager's API. */
    private void pgpSecret(String name, BcPgp.TestKey key) {
        try (SecretsManagerClient secrets = TransferClients.secrets(stepwise.port())) {
            secrets.createSecret(r -> r.name(name).secretString(BcPgp.secretJson(
                    "PGPPrivateKey", key.armoredPrivateKey(), "PGPPassphrase", key.passphrase())));
        }
    }

    private List<ListedExecution> inProgress(String workflowId) {
        return transfer.listExecutions(r -> r.workflowId(workflowId)).executions();
    }

    private ListedExecution awaitOneInProgress(String workflowId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> inProgress(workflowId).size() == 1);
        return inProgress(workflowId).get(0);
    }

    private DescribedExecution describe(String workflowId, String executionId) {
        return transfer.describeExecution(r -> r.workflowId(workflowId).executionId(executionId)).execution();
    }

    /** The server's log lines, once they end with an execution's last line. */
    private List<JsonNode> awaitLogLines(String serverId, int executions) {
        Path file = data.resolve("transfer-logs").resolve(serverId + ".log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file) && Files.readAllLines(file).stream()
                .filter(l -> l.contains("\"type\":\"Execution") && !l.contains("ExecutionStarted")).count() == executions);
        try {
            return Files.readAllLines(file).stream().map(TransferWorkflowExecutionTest::parse).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> types(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("type").asText()).toList();
    }

    private ObjectStore objects() throws IOException {
        return new ObjectStore(data.resolve("objects"));
    }

    private JsonNode nextEvent() throws InterruptedException {
        JsonNode event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("a custom step's function was invoked").isNotNull();
        return event;
    }

    // ---- the tests

    @Test
    void anUploadRunsTheStepsInOrderOnTheObjectStore() throws IOException {
        String workflowId = workflow(List.of(
                copy("archive", "bucket-b", "archive/${transfer:UserName}/", false),
                tag("${previous.file}", "stage", "archived"),
                delete("${original.file}")), List.of());
        String serverId = server(workflowId, null);
        upload(serverId, "/report.csv", "a,b\n");

        List<JsonNode> lines = awaitLogLines(serverId, 1);
        assertThat(types(lines)).containsExactly("ExecutionStarted", "StepStarted", "StepCompleted", "StepStarted",
                "StepCompleted", "StepStarted", "StepCompleted", "ExecutionCompleted");
        assertThat(lines.get(1).path("details").path("stepName").asText()).isEqualTo("archive");
        assertThat(lines.get(0).path("transferDetails").path("username").asText()).isEqualTo("alice");
        assertThat(lines.get(0).path("details").path("input").path("initialFileLocation").path("key").asText())
                .isEqualTo("home/alice/report.csv");
        // COPY placed the file in the folder its key names, the user's name resolved; TAG tagged the copy
        assertThat(Files.readString(data.resolve("objects/bucket-b/archive/alice/report.csv"))).isEqualTo("a,b\n");
        ObjectInfo copy = objects().head("bucket-b", "archive/alice/report.csv", null).orElseThrow();
        assertThat(copy.tags()).isEqualTo(Map.of("stage", "archived"));
        // DELETE removed the uploaded file
        assertThat(objects().head("bucket-a", "home/alice/report.csv", null)).isEmpty();
        // a finished execution is neither listed nor described
        assertThat(inProgress(workflowId)).isEmpty();
        String executionId = lines.get(0).path("executionId").asText();
        assertThatThrownBy(() -> describe(workflowId, executionId)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aDecryptStepDecryptsWithTheUsersPgpKeyFromSecretsManager() throws IOException {
        BcPgp.TestKey key = BcPgp.generate(BcPgp.KeyType.X25519, "open sesame");
        String workflowId = workflow(List.of(decrypt("bucket-b", "plain/${transfer:UserName}/")), List.of());
        String serverId = server(workflowId, null);
        pgpSecret("aws/transfer/" + serverId + "/alice", key);
        upload(serverId, "/report.csv.gpg", BcPgp.encrypt("a,b\n".getBytes(StandardCharsets.UTF_8),
                BcPgp.Options.plain(), key.encryptionKey()));

        List<JsonNode> lines = awaitLogLines(serverId, 1);
        assertThat(types(lines)).containsExactly("ExecutionStarted", "StepStarted", "StepCompleted",
                "ExecutionCompleted");
        assertThat(Files.readString(data.resolve("objects/bucket-b/plain/alice/report.csv.gpg"))).isEqualTo("a,b\n");
    }

    @Test
    void aFileNoKeyOfTheUserDecryptsFailsItsDecryptStepAndLeavesNoFile() throws IOException {
        BcPgp.TestKey users = BcPgp.generate(BcPgp.KeyType.X25519, null);
        BcPgp.TestKey other = BcPgp.generate(BcPgp.KeyType.X25519, null);
        String workflowId = workflow(List.of(decrypt("bucket-b", "plain/")),
                List.of(tag("${original.file}", "decrypted", "no")));
        String serverId = server(workflowId, null);
        // the user's own secret is used alone: the default key, which would decrypt the file, stands in
        // only for users without one
        pgpSecret("aws/transfer/" + serverId + "/alice", users);
        pgpSecret("aws/transfer/" + serverId + "/@pgp-default", other);
        upload(serverId, "/report.csv.gpg", BcPgp.encrypt("a,b\n".getBytes(StandardCharsets.UTF_8),
                BcPgp.Options.plain(), other.encryptionKey()));

        List<JsonNode> lines = awaitLogLines(serverId, 1);
        assertThat(types(lines)).containsExactly("ExecutionStarted", "StepStarted", "StepErrored", "StepStarted",
                "StepCompleted", "ExecutionErrored");
        assertThat(lines.get(2).path("details").path("errorType").asText()).isEqualTo("BAD_REQUEST");
        assertThat(lines.get(2).path("details").path("errorMessage").asText()).isNotBlank();
        assertThat(data.resolve("objects/bucket-b/plain/report.csv.gpg")).doesNotExist();
        assertThat(objects().head("bucket-a", "home/alice/report.csv.gpg", null).orElseThrow().tags())
                .isEqualTo(Map.of("decrypted", "no"));
    }

    @Test
    void aCustomStepHoldsTheExecutionUntilItsFunctionReportsItsState() throws Exception {
        String workflowId = workflow(List.of(custom("hold", null), copy("copy", "bucket-b", "done/", false)),
                List.of());
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "payload");

        JsonNode event = nextEvent();
        assertThat(event.path("token").asText()).matches("\\w{1,64}");
        assertThat(event.path("serviceMetadata").path("transferDetails").path("userName").asText()).isEqualTo("alice");
        assertThat(event.path("serviceMetadata").path("transferDetails").path("serverId").asText()).isEqualTo(serverId);
        assertThat(event.path("fileLocation").path("domain").asText()).isEqualTo("S3");
        assertThat(event.path("fileLocation").path("bucket").asText()).isEqualTo("bucket-a");
        assertThat(event.path("fileLocation").path("key").asText()).isEqualTo("home/alice/in.txt");
        assertThat(event.path("fileLocation").path("eTag").asText()).matches("[0-9a-f]{32}");
        assertThat(event.path("fileLocation").has("versionId")).isTrue();
        assertThat(lambda.invocations()).anyMatch(i -> i.function().equals("hold") && "Event".equals(i.invocationType()));

        ListedExecution listed = awaitOneInProgress(workflowId);
        String executionId = event.path("serviceMetadata").path("executionDetails").path("executionId").asText();
        assertThat(listed.executionId()).isEqualTo(executionId);
        assertThat(listed.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(listed.initialFileLocation().s3FileLocation().key()).isEqualTo("home/alice/in.txt");
        assertThat(listed.serviceMetadata().userDetails().userName()).isEqualTo("alice");
        assertThat(listed.serviceMetadata().userDetails().sessionId()).matches("[0-9a-f]{16}");
        DescribedExecution described = describe(workflowId, executionId);
        assertThat(described.executionRole()).isEqualTo(ROLE);
        assertThat(described.initialFileLocation().s3FileLocation().etag())
                .isEqualTo(event.path("fileLocation").path("eTag").asText());
        assertThat(Files.exists(data.resolve("objects/bucket-b/done/in.txt"))).isFalse();

        report(event, CustomStepStatus.SUCCESS);
        awaitLogLines(serverId, 1);
        assertThat(Files.readString(data.resolve("objects/bucket-b/done/in.txt"))).isEqualTo("payload");
        assertThat(inProgress(workflowId)).isEmpty();
        // the step is answered: its token is no longer good
        assertThatThrownBy(() -> report(event, CustomStepStatus.SUCCESS)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aFailingStepRunsTheExceptionStepsAndTheExecutionEndsInException() throws Exception {
        objects().put("bucket-b", "taken/in.txt", new ByteArrayInputStream("older".getBytes(StandardCharsets.UTF_8)),
                Map.of());
        String workflowId = workflow(List.of(copy("no-overwrite", "bucket-b", "taken/", false),
                        tag("${previous.file}", "never", "reached")),
                List.of(custom("hold", 60), tag("${original.file}", "quarantine", "true")));
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "newer");

        JsonNode event = nextEvent();
        ListedExecution listed = awaitOneInProgress(workflowId);
        assertThat(listed.status()).isEqualTo(ExecutionStatus.HANDLING_EXCEPTION);
        DescribedExecution described = describe(workflowId, listed.executionId());
        assertThat(described.status()).isEqualTo(ExecutionStatus.HANDLING_EXCEPTION);
        assertThat(described.results().steps()).hasSize(1);
        assertThat(described.results().steps().get(0).stepTypeAsString()).isEqualTo("COPY");
        assertThat(described.results().steps().get(0).error().type()).isEqualTo(ExecutionErrorType.ALREADY_EXISTS);
        assertThat(described.results().steps().get(0).error().message()).isNotBlank();
        // the exception steps run on the uploaded file (the failed copy made none)
        assertThat(event.path("fileLocation").path("key").asText()).isEqualTo("home/alice/in.txt");

        report(event, CustomStepStatus.SUCCESS);
        List<JsonNode> lines = awaitLogLines(serverId, 1);
        assertThat(types(lines)).containsExactly("ExecutionStarted", "StepStarted", "StepErrored", "StepStarted",
                "StepCompleted", "StepStarted", "StepCompleted", "ExecutionErrored");
        assertThat(lines.get(2).path("details").path("errorType").asText()).isEqualTo("ALREADY_EXISTS");
        assertThat(Files.readString(data.resolve("objects/bucket-b/taken/in.txt"))).isEqualTo("older");
        assertThat(objects().head("bucket-a", "home/alice/in.txt", null).orElseThrow().tags())
                .isEqualTo(Map.of("quarantine", "true"));
        assertThat(inProgress(workflowId)).isEmpty();
    }

    @Test
    void aFunctionReportingFailureFailsItsStepAsCustomStepFailed() throws Exception {
        String workflowId = workflow(List.of(custom("hold", null)), List.of(custom("hold", null)));
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "x");
        report(nextEvent(), CustomStepStatus.FAILURE);
        JsonNode handler = nextEvent();
        ListedExecution listed = awaitOneInProgress(workflowId);
        DescribedExecution described = describe(workflowId, listed.executionId());
        assertThat(described.results().steps().get(0).error().type()).isEqualTo(ExecutionErrorType.CUSTOM_STEP_FAILED);
        report(handler, CustomStepStatus.SUCCESS);
        assertThat(types(awaitLogLines(serverId, 1))).endsWith("ExecutionErrored");
    }

    @Test
    void aCustomStepWithoutAnswerTimesOut() throws Exception {
        String workflowId = workflow(List.of(custom("hold", 1)), List.of());
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "x");
        nextEvent();
        List<JsonNode> lines = awaitLogLines(serverId, 1);
        assertThat(types(lines)).containsExactly("ExecutionStarted", "StepStarted", "StepErrored", "ExecutionErrored");
        assertThat(lines.get(2).path("details").path("errorType").asText()).isEqualTo("TIMEOUT");
    }

    @Test
    void aFunctionThatReportsAtOnceLetsTheWorkflowGoOn() throws Exception {
        String workflowId = workflow(List.of(custom("approve", null), delete("${original.file}")), List.of());
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "x");
        assertThat(types(awaitLogLines(serverId, 1))).endsWith("ExecutionCompleted");
        assertThat(objects().head("bucket-a", "home/alice/in.txt", null)).isEmpty();
    }

    @Test
    void aSessionThatEndsMidUploadStartsTheOnPartialUploadWorkflow() throws Exception {
        String whole = workflow(List.of(custom("hold", null)), List.of());
        String partial = workflow(List.of(custom("hold", null)), List.of());
        String serverId = server(whole, partial);
        ClientSession session = login(serverId);
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
        OutputStream out = sftp.write("/cut.bin");
        out.write(new byte[40_000]);
        out.flush();
        // the connection drops while the file is open
        session.close(true);

        JsonNode event = nextEvent();
        assertThat(event.path("serviceMetadata").path("executionDetails").path("workflowId").asText())
                .isEqualTo(partial);
        assertThat(awaitOneInProgress(partial).initialFileLocation().s3FileLocation().key())
                .isEqualTo("home/alice/cut.bin");
        assertThat(inProgress(whole)).isEmpty();
        report(event, CustomStepStatus.SUCCESS);
        awaitLogLines(serverId, 1);
    }

    @Test
    void anExecutionWaitingWhenStepwiseStopsCarriesOnAfterARestart() throws Exception {
        String workflowId = workflow(List.of(custom("hold", null), copy("copy", "bucket-b", "later/", false)),
                List.of());
        String serverId = server(workflowId, null);
        upload(serverId, "/in.txt", "kept");
        JsonNode event = nextEvent();
        String executionId = awaitOneInProgress(workflowId).executionId();

        stopStepwise();
        startStepwise();
        assertThat(awaitOneInProgress(workflowId).executionId()).isEqualTo(executionId);
        assertThat(describe(workflowId, executionId).status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        report(event, CustomStepStatus.SUCCESS);
        awaitLogLines(serverId, 1);
        assertThat(Files.readString(data.resolve("objects/bucket-b/later/in.txt"))).isEqualTo("kept");
    }

    @Test
    void executionsOfAnUnknownWorkflowOrExecutionAreNotFound() {
        assertThatThrownBy(() -> transfer.listExecutions(r -> r.workflowId("w-0123456789abcdef0")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Unknown workflow");
        String workflowId = workflow(List.of(delete("${original.file}")), List.of());
        assertThat(inProgress(workflowId)).isEmpty();
        assertThatThrownBy(() -> describe(workflowId, "0c7a2f3e-1b2c-4d5e-8f90-123456789abc"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> transfer.sendWorkflowStepState(r -> r.workflowId(workflowId)
                .executionId("0c7a2f3e-1b2c-4d5e-8f90-123456789abc").token("abc").status(CustomStepStatus.SUCCESS)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
