package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.Integrations;
import dev.stepwise.integrations.TaskCall;
import dev.stepwise.store.Store;
import dev.stepwise.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's transfer as a state machine: a Task per file in order, each caught so the next file
 * still goes; run on the engine with a stand-in for the SFTP work, its projection writing the files'
 * results into a real catalog (SQLite).
 */
class ConnectorMachineTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/connector";
    private static final String CONNECTOR = "arn:aws:transfer:us-east-1:123456789012:connector/c-0123456789abcdef0";

    @TempDir
    Path data;
    private Store store;
    private FileTransferRecords records;
    /** The files' statuses in the order the projection wrote them: "index:STATUS". */
    private final List<String> written = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = Stores.openSqlite(data, false);
        records = new FileTransferRecords(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ConnectorJob.FileTransfer send(String... paths) {
        return new ConnectorJob.FileTransfer(CONNECTOR, "c-0123456789abcdef0", "6b1a3b8e-2c4d-4e5f-8a6b-7c8d9e0f1a2b",
                ConnectorJob.Direction.SEND, List.of(paths), "/inbox", null);
    }

    @Test
    void eachFileIsATaskOfTheConnectorsIntegrationInOrderEachCaughtAndGoingOn() throws IOException {
        String definition = ConnectorMachine.definition(send("/b-1/a", "/b-1/b", "/b-1/c"), 1);
        ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
        assertThat(parsed.ok()).as(parsed.diagnostics().toString()).isTrue();
        JsonNode machine = Json.parse(definition);
        assertThat(machine.path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(machine.path("StartAt").asText()).isEqualTo("File0");
        JsonNode states = machine.path("States");
        assertThat(states.size()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            JsonNode task = states.path("File" + i);
            String next = i < 2 ? "File" + (i + 1) : "Done";
            assertThat(task.path("Resource").asText()).isEqualTo("arn:aws:states:::transfer-connector:send");
            assertThat(task.path("Arguments").path("Index").asInt()).isEqualTo(i);
            assertThat(task.path("Arguments").path("Job").asText()).isEqualTo("{% $states.input.job %}");
            assertThat(task.path("Next").asText()).isEqualTo(next);
            assertThat(task.path("Catch")).hasSize(1);
            assertThat(task.path("Catch").path(0).path("ErrorEquals").path(0).asText()).isEqualTo("States.ALL");
            assertThat(task.path("Catch").path(0).path("Next").asText()).isEqualTo(next);
        }
        assertThat(states.path("Done").path("Type").asText()).isEqualTo("Succeed");
        JsonNode retrieve = Json.parse(ConnectorMachine.transfer("retrieve", 1, 1)).path("States").path("File0");
        assertThat(retrieve.path("Resource").asText()).isEqualTo("arn:aws:states:::transfer-connector:retrieve");
    }

    @Test
    void aListingADeleteAndAMoveAreOneTask() throws IOException {
        for (String action : List.of("list", "delete", "move")) {
            String definition = ConnectorMachine.single(action);
            assertThat(DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD).ok()).isTrue();
            JsonNode states = Json.parse(definition).path("States");
            assertThat(states.size()).isEqualTo(1);
            assertThat(states.path("Run").path("Resource").asText())
                    .isEqualTo("arn:aws:states:::transfer-connector:" + action);
            assertThat(states.path("Run").path("End").asBoolean()).isTrue();
        }
    }

    @Test
    void noTextOfTheRequestIsInTheDefinition() {
        ConnectorJob.FileTransfer job = new ConnectorJob.FileTransfer(CONNECTOR, "c-0123456789abcdef0", "id",
                ConnectorJob.Direction.RETRIEVE, List.of("/{% $hack() %}"), null, "/bucket-{% $x %}");
        assertThat(ConnectorMachine.definition(job, 3)).doesNotContain("hack").doesNotContain("$x");
        // the request travels as data
        assertThat(ConnectorMachine.input(job).path("job").path("FilePaths").path(0).asText())
                .isEqualTo("/{% $hack() %}");
        assertThat(ConnectorJob.of(job.json())).isEqualTo(job);
    }

    @Test
    void stateNamesStandForTheirFiles() {
        assertThat(ConnectorMachine.fileIndex("File7")).hasValue(7);
        assertThat(ConnectorMachine.fileIndex("Done")).isEmpty();
        assertThat(ConnectorMachine.fileIndex("File")).isEmpty();
        assertThat(ConnectorMachine.fileIndex("Filex")).isEmpty();
        assertThat(ConnectorMachine.fileIndex(null)).isEmpty();
    }

    /** Stands in for the SFTP work: fails the files {@code failures} names with their error. */
    private static Integration standIn(Map<String, String> failures) {
        return new Integration() {
            @Override
            public boolean handles(TaskResource.Integrated resource) {
                return resource.service().equals(ConnectorMachine.SERVICE);
            }

            @Override
            public JsonNode call(TaskCall call) throws IntegrationException {
                ConnectorJob.FileTransfer job = (ConnectorJob.FileTransfer) ConnectorJob.of(
                        call.parameters().path("Job"));
                int index = call.parameters().path("Index").asInt();
                String error = failures.get(job.filePaths().get(index));
                if (error != null) {
                    throw new IntegrationException(error, "it failed: " + job.filePaths().get(index));
                }
                return Json.object().put("Index", index).put("StatusCode", "COMPLETED");
            }
        };
    }

    private static String status(String body) {
        try {
            return Json.parse(body).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the transfer to its end on a runtime over the SQLite store, whose projection writes the
     * files' results with each step; the execution's final status.
     */
    private ExecutionStatus run(ConnectorJob.FileTransfer job, Map<String, String> failures) throws Exception {
        return run(job, failures, 1);
    }

    private ExecutionStatus run(ConnectorJob.FileTransfer job, Map<String, String> failures, int connections)
            throws Exception {
        ConnectorProjection projection = new ConnectorProjection();
        Projection recording = (execution, step) -> {
            List<ResourceChange> changes = projection.changes(execution, step);
            for (ResourceChange c : changes) {
                var row = ((ResourceChange.Upsert) c).resource();
                written.add(row.key() + ":" + status(row.body()));
            }
            return changes;
        };
        Integrations tasks = new Integrations(List.of(standIn(failures)));
        try (ExecutionRuntime runtime = ExecutionRuntime.builder(store, tasks).projections(List.of(recording))
                .build()) {
            String definition = ConnectorMachine.definition(job, connections);
            var input = ConnectorMachine.input(job);
            runtime.start(new ExecutionRuntime.StartRequest(job.executionArn(), job.id(), job.connectorArn(),
                    job.connectorId(), "STANDARD", DefinitionParser.parseAccepted(definition,
                    DefinitionParser.MachineType.STANDARD).machine(), definition, ROLE, input, Json.write(input),
                    null, null, null, null));
            runtime.closed(job.executionArn()).get(20, TimeUnit.SECONDS);
        } finally {
            tasks.close();
        }
        return ExecutionStatus.valueOf(store.execution(job.executionArn()).orElseThrow().status());
    }

    @Test
    void aFailedFileIsRecordedAndTheNextFilesStillGo() throws Exception {
        ConnectorJob.FileTransfer job = send("/b-1/a", "/b-1/b", "/b-1/c");
        store.apply(FileTransferRecords.queued(job));
        assertThat(records.results(job.executionArn(), null, 10).items())
                .extracting(FileTransferRecords.FileResult::statusCode).containsOnly("QUEUED");

        assertThat(run(job, Map.of("/b-1/b", "SEND_FILE_NOT_FOUND"))).isEqualTo(ExecutionStatus.SUCCEEDED);

        List<FileTransferRecords.FileResult> results = records.results(job.executionArn(), null, 10).items();
        assertThat(results).extracting(FileTransferRecords.FileResult::filePath)
                .containsExactly("/b-1/a", "/b-1/b", "/b-1/c");
        assertThat(results).extracting(FileTransferRecords.FileResult::statusCode)
                .containsExactly("COMPLETED", "FAILED", "COMPLETED");
        assertThat(results.get(1).failureCode()).isEqualTo("SEND_FILE_NOT_FOUND");
        assertThat(results.get(1).failureMessage()).isEqualTo("it failed: /b-1/b");
        assertThat(results.get(0).failureCode()).isNull();
        // one file at a time, in order: each goes IN_PROGRESS only once the one before it ended
        assertThat(written).containsExactly("0000:IN_PROGRESS", "0000:COMPLETED", "0001:IN_PROGRESS",
                "0001:FAILED", "0002:IN_PROGRESS", "0002:COMPLETED");
    }

    @Test
    void aConnectorWithMoreConnectionsSendsThatManyFilesAtATimeInLanes() throws Exception {
        JsonNode machine = Json.parse(ConnectorMachine.transfer("send", 5, 2));
        JsonNode branches = machine.path("States").path("Lanes").path("Branches");
        assertThat(branches).hasSize(2);
        // dealt round-robin: files 0, 2, 4 in one lane, 1, 3 in the other, each lane in order
        assertThat(branches.get(0).path("StartAt").asText()).isEqualTo("File0");
        assertThat(branches.get(0).path("States").path("File0").path("Next").asText()).isEqualTo("File2");
        assertThat(branches.get(0).path("States").path("File4").path("Next").asText()).isEqualTo("Lanes0Done");
        assertThat(branches.get(1).path("States").path("File1").path("Next").asText()).isEqualTo("File3");
        // never more lanes than files
        assertThat(Json.parse(ConnectorMachine.transfer("send", 2, 5)).path("States").path("Lanes")
                .path("Branches")).hasSize(2);

        ConnectorJob.FileTransfer job = send("/b-1/a", "/b-1/b", "/b-1/c", "/b-1/d", "/b-1/e");
        store.apply(FileTransferRecords.queued(job));
        assertThat(run(job, Map.of("/b-1/c", "SEND_FILE_NOT_FOUND"), 2)).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<FileTransferRecords.FileResult> results = records.results(job.executionArn(), null, 10).items();
        assertThat(results).extracting(FileTransferRecords.FileResult::statusCode)
                .containsExactly("COMPLETED", "COMPLETED", "FAILED", "COMPLETED", "COMPLETED");
        assertThat(results.get(2).failureCode()).isEqualTo("SEND_FILE_NOT_FOUND");
        // the failed file's lane went on with its next file
        assertThat(written).contains("0004:COMPLETED");
    }

    @Test
    void resultsArePagedInTheRequestsOrder() throws Exception {
        ConnectorJob.FileTransfer job = send("/b-1/a", "/b-1/b", "/b-1/c");
        store.apply(FileTransferRecords.queued(job));
        run(job, Map.of());
        var first = records.results(job.executionArn(), null, 2);
        assertThat(first.items()).extracting(FileTransferRecords.FileResult::filePath).containsExactly("/b-1/a",
                "/b-1/b");
        var second = records.results(job.executionArn(), first.next(), 2);
        assertThat(second.items()).extracting(FileTransferRecords.FileResult::filePath).containsExactly("/b-1/c");
        assertThat(second.next()).isNull();
    }

    @Test
    void anExecutionEndingBeforeItsFilesFailsTheFilesLeft() throws Exception {
        ConnectorJob.FileTransfer job = send("/b-1/a", "/b-1/b", "/b-1/c");
        store.apply(FileTransferRecords.queued(job));
        // States.Runtime is caught by no catcher: the execution fails at the second file
        assertThat(run(job, Map.of("/b-1/b", "States.Runtime"))).isEqualTo(ExecutionStatus.FAILED);
        List<FileTransferRecords.FileResult> results = records.results(job.executionArn(), null, 10).items();
        assertThat(results).extracting(FileTransferRecords.FileResult::statusCode)
                .containsExactly("COMPLETED", "FAILED", "FAILED");
        assertThat(results.get(2).failureCode()).isEqualTo("TRANSFER_ABORTED");
        assertThat(results.get(2).failureMessage()).contains("States.Runtime");
    }

    @Test
    void theResultsAreKeptAsLongAsTheClosedExecutionAndGoWithIt() throws Exception {
        ConnectorJob.FileTransfer job = send("/b-1/a");
        store.apply(FileTransferRecords.queued(job));
        run(job, Map.of());
        assertThat(store.deleteClosedBefore(Instant.now().minus(Duration.ofDays(1)), 100)).isZero();
        assertThat(records.exists(job.executionArn())).isTrue();
        // the server's retention deletes the execution, and its results with it
        assertThat(store.deleteClosedBefore(Instant.now().plus(Duration.ofDays(1)), 100)).isEqualTo(1);
        assertThat(records.exists(job.executionArn())).isFalse();
        assertThat(store.list(ResourceRange.children("123456789012", "us-east-1", FileTransferRecords.FILE,
                job.executionArn() + "/results"), null, 10).items()).isEmpty();
    }

    @Test
    void aTransfersExecutionIsNamedAsNoWorkflowOrStateMachineExecutionIs() {
        ConnectorJob.FileTransfer job = send("/b-1/a");
        assertThat(job.executionArn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:transfer/"
                + "c-0123456789abcdef0/6b1a3b8e-2c4d-4e5f-8a6b-7c8d9e0f1a2b");
        assertThat(ConnectorJob.isFileTransfer(job.executionArn())).isTrue();
        assertThat(job.executionArn()).doesNotContain(":execution/").doesNotContain(":states:");
        ConnectorJob.DirectoryListing listing = new ConnectorJob.DirectoryListing(CONNECTOR, "c-0123456789abcdef0",
                "l-1", "/home", "/b-1/out", 10);
        assertThat(listing.executionArn()).endsWith(":listing/c-0123456789abcdef0/l-1");
        assertThat(ConnectorJob.isFileTransfer(listing.executionArn())).isFalse();
        assertThat(listing.outputFileName()).isEqualTo("c-0123456789abcdef0-l-1.json");
    }
}
