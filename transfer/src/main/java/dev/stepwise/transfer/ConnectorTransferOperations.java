package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.CONNECTOR_ID;
import static dev.stepwise.transfer.ModelRules.FILE_PATH;
import static dev.stepwise.transfer.ModelRules.TRANSFER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Page;
import dev.stepwise.transfer.TransferRecords.ConnectorRecord;
import dev.stepwise.transfer.connector.ConnectorJob;
import dev.stepwise.transfer.connector.ConnectorMachine;
import dev.stepwise.transfer.connector.FileTransferRecords.FileResult;
import dev.stepwise.transfer.connector.FileTransferRecords;
import dev.stepwise.transfer.connector.LocalPaths;
import java.util.List;
import java.util.Map;

/**
 * StartFileTransfer, ListFileTransferResults, StartDirectoryListing, StartRemoteDelete and
 * StartRemoteMove on SFTP connectors. Each Start* call answers at once with its id; the work is an
 * engine execution of its own ({@link ConnectorMachine}), so it is durable and carries on after a
 * restart. A transfer's files are QUEUED (written before its execution starts), then IN_PROGRESS,
 * COMPLETED or FAILED one after the other, in the request's order. Listings, deletes and moves
 * report nothing through the API (AWS reports them through events and logs only): their outcome
 * is the listing file, the remote change, and the server's log.
 */
final class ConnectorTransferOperations {
    /** StartDirectoryListing's MaxItems when none is given (AWS's default). */
    static final int DEFAULT_MAX_ITEMS = 1000;
    /** The most items a listing holds, whatever MaxItems asks (AWS: "the maximum allowed list size"). */
    static final int MAX_LISTING_ITEMS = 200_000;

    private final TransferContext ctx;
    private final FileTransferRecords results;
    private final ExecutionRuntime runtime;

    ConnectorTransferOperations(TransferContext ctx, FileTransferRecords results, ExecutionRuntime runtime) {
        this.ctx = ctx;
        this.results = results;
        this.runtime = runtime;
    }

    void register(Map<String, Operation> ops) {
        ops.put("StartFileTransfer", this::startFileTransfer);
        ops.put("ListFileTransferResults", this::listResults);
        ops.put("StartDirectoryListing", this::startListing);
        ops.put("StartRemoteDelete", this::startDelete);
        ops.put("StartRemoteMove", this::startMove);
    }

    private ObjectNode startFileTransfer(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String connectorId = r.requiredString("ConnectorId", CONNECTOR_ID);
        List<String> send = r.strings("SendFilePaths", 1, 10, FILE_PATH, null);
        List<String> retrieve = r.strings("RetrieveFilePaths", 1, 10, FILE_PATH, null);
        String local = r.string("LocalDirectoryPath", FILE_PATH);
        String remote = r.string("RemoteDirectoryPath", FILE_PATH);
        boolean headers = r.has("CustomHttpHeaders");
        r.check();
        ConnectorRecord c = ConnectorOperations.requireConnector(ctx, caller, connectorId);
        if (headers) {
            throw TransferErrors.invalidRequest("CustomHttpHeaders apply to AS2 connectors only.");
        }
        if ((send == null) == (retrieve == null)) {
            throw TransferErrors.invalidRequest("Specify either SendFilePaths (to send files to the remote server) "
                    + "or RetrieveFilePaths (to retrieve files from it), not both.");
        }
        ConnectorJob.FileTransfer transfer;
        if (send != null) {
            for (String path : send) {
                if (LocalPaths.file(path).isEmpty()) {
                    throw TransferErrors.invalidRequest("Invalid send file path " + path + ": a file to send is "
                            + "named by its Amazon S3 bucket and key (/bucket/key).");
                }
            }
            transfer = new ConnectorJob.FileTransfer(c.arn(), connectorId, ctx.ids().uuid(),
                    ConnectorJob.Direction.SEND, send, remote, null);
        } else {
            if (local == null) {
                throw TransferErrors.invalidRequest("LocalDirectoryPath is required with RetrieveFilePaths: it names "
                        + "the Amazon S3 bucket and optional prefix (/bucket/prefix) the files are retrieved to.");
            }
            if (LocalPaths.folder(local).isEmpty()) {
                throw TransferErrors.invalidRequest("Invalid LocalDirectoryPath " + local + ": it names an Amazon S3 "
                        + "bucket and optional prefix (/bucket/prefix).");
            }
            transfer = new ConnectorJob.FileTransfer(c.arn(), connectorId, ctx.ids().uuid(),
                    ConnectorJob.Direction.RETRIEVE, retrieve, null, local);
        }
        // the files' rows first, so ListFileTransferResults answers as soon as the id is known
        ctx.catalog().apply(FileTransferRecords.queued(transfer));
        try {
            start(transfer, c);
        } catch (RuntimeException e) {
            results.forget(transfer);
            throw e;
        }
        return Json.object().put("TransferId", transfer.id());
    }

    private ObjectNode listResults(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String connectorId = r.requiredString("ConnectorId", CONNECTOR_ID);
        String transferId = r.requiredString("TransferId", TRANSFER_ID);
        TransferPaging paging = TransferPaging.read(r);
        r.check();
        ConnectorRecord c = ConnectorOperations.requireConnector(ctx, caller, connectorId);
        String executionArn = ConnectorJob.executionArn(c.arn(), "transfer", connectorId, transferId);
        if (!results.exists(executionArn)) {
            throw TransferErrors.notFound("Unknown transfer", transferId, "Transfer");
        }
        String scope = "ListFileTransferResults:" + connectorId + "/" + transferId;
        Page<FileResult> page = results.results(executionArn, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("FileTransferResults");
        for (FileResult f : page.items()) {
            ObjectNode e = list.addObject().put("FilePath", f.filePath()).put("StatusCode", f.statusCode());
            if (f.failureCode() != null) {
                e.put("FailureCode", f.failureCode());
            }
            if (f.failureMessage() != null) {
                e.put("FailureMessage", f.failureMessage());
            }
        }
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        return o;
    }

    private ObjectNode startListing(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String connectorId = r.requiredString("ConnectorId", CONNECTOR_ID);
        String remote = r.requiredString("RemoteDirectoryPath", FILE_PATH);
        Integer maxItems = r.integer("MaxItems", 1, Integer.MAX_VALUE);
        String output = r.requiredString("OutputDirectoryPath", FILE_PATH);
        r.check();
        ConnectorRecord c = ConnectorOperations.requireConnector(ctx, caller, connectorId);
        if (LocalPaths.folder(output).isEmpty()) {
            throw TransferErrors.invalidRequest("Invalid OutputDirectoryPath " + output + ": it names an Amazon S3 "
                    + "bucket and optional prefix (/bucket/prefix).");
        }
        ConnectorJob.DirectoryListing listing = new ConnectorJob.DirectoryListing(c.arn(), connectorId,
                ctx.ids().uuid(), remote, output, maxItems == null ? DEFAULT_MAX_ITEMS
                : Math.min(maxItems, MAX_LISTING_ITEMS));
        start(listing, c);
        return Json.object().put("ListingId", listing.id()).put("OutputFileName", listing.outputFileName());
    }

    private ObjectNode startDelete(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String connectorId = r.requiredString("ConnectorId", CONNECTOR_ID);
        String path = r.requiredString("DeletePath", FILE_PATH);
        r.check();
        ConnectorRecord c = ConnectorOperations.requireConnector(ctx, caller, connectorId);
        ConnectorJob.RemoteDelete delete = new ConnectorJob.RemoteDelete(c.arn(), connectorId, ctx.ids().uuid(), path);
        start(delete, c);
        return Json.object().put("DeleteId", delete.id());
    }

    private ObjectNode startMove(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String connectorId = r.requiredString("ConnectorId", CONNECTOR_ID);
        String source = r.requiredString("SourcePath", FILE_PATH);
        String target = r.requiredString("TargetPath", FILE_PATH);
        r.check();
        ConnectorRecord c = ConnectorOperations.requireConnector(ctx, caller, connectorId);
        ConnectorJob.RemoteMove move = new ConnectorJob.RemoteMove(c.arn(), connectorId, ctx.ids().uuid(), source,
                target);
        start(move, c);
        return Json.object().put("MoveId", move.id());
    }

    /** Starts the job's execution, the connector its "state machine" and its AccessRole its role. */
    private void start(ConnectorJob job, ConnectorRecord c) {
        String definition = ConnectorMachine.definition(job, c.maxConcurrentConnections());
        ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalStateException("the compiled connector job does not parse: " + parsed.errors());
        }
        ObjectNode input = ConnectorMachine.input(job);
        runtime.start(new ExecutionRuntime.StartRequest(job.executionArn(), job.id(), c.arn(), c.connectorId(),
                "STANDARD", parsed.machine(), definition, c.accessRole(), input, Json.write(input), null, null, null,
                null));
    }
}
