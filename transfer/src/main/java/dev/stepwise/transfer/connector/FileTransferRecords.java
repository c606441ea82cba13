package dev.stepwise.transfer.connector;

import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What ListFileTransferResults reads, in the catalog: a row per file transfer (its connector, its
 * id, and whether its execution ended before every file had its result) and under it a row per
 * file (the path as the request named it, its StatusCode, its failure), in the request's order.
 * StartFileTransfer writes them all QUEUED before the transfer's execution starts, so they answer
 * at once; {@link ConnectorProjection} changes them with the execution's steps, in the same
 * transactions.
 *
 * <p>The transfer's row belongs to its execution (the execution's ARN is its parent), so the
 * results are kept exactly as long as the engine keeps the closed execution (the server's
 * retention; AWS keeps them 7 days) and go with it.
 */
public final class FileTransferRecords {
    static final String TRANSFER = "transferConnectorTransfer";
    static final String FILE = "transferConnectorFile";

    public static final String QUEUED = "QUEUED";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    private final Catalog catalog;

    public FileTransferRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /** One file's result, as ConnectorFileTransferResult shows it (the failure's members null unless FAILED). */
    public record FileResult(int index, String filePath, String statusCode, String failureCode,
                             String failureMessage) {}

    /** The rows StartFileTransfer writes before the transfer starts: the transfer's, and a QUEUED one per file. */
    public static List<ResourceChange> queued(ConnectorJob.FileTransfer transfer) {
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(new ResourceChange.Create(transferRow(transfer.executionArn(), transfer, null, null)));
        for (int i = 0; i < transfer.filePaths().size(); i++) {
            changes.add(new ResourceChange.Create(fileRow(transfer.executionArn(), i, transfer.filePaths().get(i),
                    QUEUED, null, null)));
        }
        return changes;
    }

    /** Removes the rows {@link #queued} wrote (a transfer that could not be started). */
    public void forget(ConnectorJob.FileTransfer transfer) {
        catalog.apply(List.of(new ResourceChange.Delete(rowArn(transfer.executionArn()))));
    }

    /** Whether the transfer whose execution is {@code executionArn} has results (is known). */
    public boolean exists(String executionArn) {
        return catalog.resource(rowArn(executionArn)).filter(r -> r.type().equals(TRANSFER)).isPresent();
    }

    /**
     * A page of the transfer's file results in the request's order, after the key {@code after}. A
     * file still QUEUED or IN_PROGRESS in a transfer whose execution ended shows FAILED
     * (TRANSFER_ABORTED), with how the execution ended.
     */
    public Page<FileResult> results(String executionArn, String after, int limit) {
        Resource transfer = catalog.resource(rowArn(executionArn)).filter(r -> r.type().equals(TRANSFER))
                .orElseThrow(() -> new IllegalStateException("no results of " + executionArn));
        JsonNode ended = parse(transfer.body()).path("ended");
        Arn arn = Arn.of(executionArn);
        Page<Resource> page = catalog.list(ResourceRange.children(arn.account(), arn.region(), FILE,
                rowArn(executionArn)), after, limit);
        List<FileResult> results = new ArrayList<>();
        for (Resource r : page.items()) {
            JsonNode o = parse(r.body());
            String status = o.path("status").asText();
            boolean open = status.equals(QUEUED) || status.equals(IN_PROGRESS);
            if (open && ended.isObject()) {
                results.add(new FileResult(o.path("index").asInt(), o.path("filePath").asText(), FAILED,
                        ConnectorFailure.Code.TRANSFER_ABORTED.name(), "The transfer ended (" + ended.path("error")
                        .asText() + ") before this file's result was recorded."));
            } else {
                results.add(new FileResult(o.path("index").asInt(), o.path("filePath").asText(), status,
                        textOrNull(o, "failureCode"), textOrNull(o, "failureMessage")));
            }
        }
        return new Page<>(results, page.next());
    }

    /** The transfer's row: its id and connector; {@code endedError} when its execution ended abnormally. */
    static Resource transferRow(String executionArn, ConnectorJob.FileTransfer transfer, String endedError,
                                String endedCause) {
        Arn arn = Arn.of(executionArn);
        ObjectNode o = Json.object().put("connectorId", transfer.connectorId()).put("transferId", transfer.id())
                .put("files", transfer.filePaths().size());
        if (endedError != null) {
            o.putObject("ended").put("error", endedError).put("cause", endedCause == null ? "" : endedCause);
        }
        return new Resource(rowArn(executionArn), arn.account(), arn.region(), TRANSFER, executionArn,
                transfer.id(), 0, Json.write(o));
    }

    /** A file's row under its transfer's: the {@code index}th path of the request. */
    static Resource fileRow(String executionArn, int index, String filePath, String status, String failureCode,
                            String failureMessage) {
        Arn arn = Arn.of(executionArn);
        ObjectNode o = Json.object().put("index", index).put("filePath", filePath).put("status", status);
        if (failureCode != null) {
            o.put("failureCode", failureCode);
        }
        if (failureMessage != null) {
            o.put("failureMessage", failureMessage);
        }
        String row = rowArn(executionArn);
        return new Resource(row + "/file/" + index, arn.account(), arn.region(), FILE, row,
                String.format("%04d", index), 0, Json.write(o));
    }

    /** The ARN of the transfer's row: not the execution's own, which is its parent. */
    private static String rowArn(String executionArn) {
        return executionArn + "/results";
    }

    private static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored connector transfer row is not JSON", e);
        }
    }

}
