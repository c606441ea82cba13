package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.WorkflowDetail;
import dev.stepwise.transfer.TransferRecords.WorkflowDetails;
import dev.stepwise.transfer.TransferRecords.WorkflowRecord;
import dev.stepwise.transfer.sftp.Upload;
import dev.stepwise.transfer.sftp.UploadListener;
import dev.stepwise.transfer.workflow.ExecutionRecords;
import dev.stepwise.transfer.workflow.WorkflowMachine;
import dev.stepwise.transfer.workflow.WorkflowState;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a server's workflows on its uploads: a file closed after writing starts the workflow of its
 * OnUpload, a file cut off by the session's end the one of its OnPartialUpload (each at most one),
 * as the server's WorkflowDetails say when the upload ends. An execution is an engine execution of
 * the workflow compiled by {@link WorkflowMachine}, so it is durable and resumes after a restart.
 * An upload whose workflow cannot be started is still stored; the failure is logged.
 */
final class WorkflowStarts {
    private static final Logger log = LoggerFactory.getLogger(WorkflowStarts.class);

    private final TransferCatalog catalog;
    private final ExecutionRuntime runtime;
    private final Clock clock;
    private final RandomGenerator random;

    WorkflowStarts(TransferCatalog catalog, ExecutionRuntime runtime, Clock clock, RandomGenerator random) {
        this.catalog = catalog;
        this.runtime = runtime;
        this.clock = clock;
        this.random = random;
    }

    /** A version 4 UUID from the face's randomness (AWS's ExecutionId form). */
    private UUID randomUuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Who hears of the uploads to the server {@code serverArn} names. */
    UploadListener forServer(String serverArn) {
        return new UploadListener() {
            @Override
            public void completed(Upload upload) {
                start(serverArn, upload, WorkflowDetails::onUpload);
            }

            @Override
            public void partial(Upload upload) {
                start(serverArn, upload, WorkflowDetails::onPartialUpload);
            }
        };
    }

    private void start(String serverArn, Upload upload, Function<WorkflowDetails, List<WorkflowDetail>> which) {
        try {
            ServerRecord server = catalog.server(serverArn).orElse(null);
            if (server == null || server.workflowDetails() == null || which.apply(server.workflowDetails()).isEmpty()) {
                return;
            }
            WorkflowDetail detail = which.apply(server.workflowDetails()).get(0);
            String workflowArn = serverArn.substring(0, serverArn.indexOf(":server/")) + ":workflow/"
                    + detail.workflowId();
            WorkflowRecord workflow = catalog.workflow(workflowArn).orElse(null);
            if (workflow == null) {
                log.warn("Transfer server {}: the workflow {} of an upload by {} does not exist", server.serverId(),
                        detail.workflowId(), upload.userName());
                return;
            }
            String executionId = randomUuid().toString();
            WorkflowState.Details details = new WorkflowState.Details(workflow.workflowId(), executionId,
                    server.serverId(), upload.userName(), upload.sessionId(),
                    clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().toString(), detail.executionRole(),
                    server.domain());
            ObjectNode input = WorkflowState.initial(workflow.steps(), workflow.onExceptionSteps(), details,
                    upload.location());
            String definition = WorkflowMachine.definition(workflow.steps(), workflow.onExceptionSteps());
            ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
            if (!parsed.ok()) {
                throw new IllegalStateException("the compiled workflow does not parse: " + parsed.errors());
            }
            String[] arn = serverArn.split(":", 6);
            String executionArn = ExecutionRecords.executionArn(arn[3], arn[4], workflow.workflowId(), executionId);
            runtime.start(new ExecutionRuntime.StartRequest(executionArn, executionId, workflow.arn(),
                    workflow.workflowId(), "STANDARD", parsed.machine(), definition, detail.executionRole(), input,
                    Json.write(input), null, null, null, null));
            log.info("Transfer server {}: workflow {} execution {} started for {}", server.serverId(),
                    workflow.workflowId(), executionId, upload.location());
        } catch (RuntimeException e) {
            log.error("Transfer server {}: cannot start the workflow of an upload by {} ({})", serverArn,
                    upload.userName(), upload.location(), e);
        }
    }
}
