package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The file results of connectors' transfers ({@link FileTransferRecords}), written with each step
 * of a transfer's execution: a file goes IN_PROGRESS when its Task state is entered (its call is
 * made in the same step), and COMPLETED or FAILED when the state is left, as the result its Task
 * or its Catch appended to the data says ({@link ConnectorMachine}). An execution that ends
 * otherwise than by its last state (it should not) marks its transfer ended, so its unfinished
 * files show FAILED. Steps of other executions change nothing here.
 */
public final class ConnectorProjection implements Projection {

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        if (!ConnectorJob.isFileTransfer(execution.executionArn()) || step.events().isEmpty()) {
            return List.of();
        }
        ConnectorJob.FileTransfer transfer = (ConnectorJob.FileTransfer) ConnectorJob.of(
                execution.input().node().path(ConnectorMachine.JOB));
        String arn = execution.executionArn();
        // the last change of a file in the step is the one that counts
        Map<Integer, Resource> files = new LinkedHashMap<>();
        Resource ended = null;
        for (HistoryEvent e : step.events()) {
            EventType type = e.type();
            OptionalInt index = ConnectorMachine.fileIndex(e.details().name());
            if (type == EventType.TaskStateEntered && index.isPresent() && inRange(transfer, index.getAsInt())) {
                int i = index.getAsInt();
                files.put(i, FileTransferRecords.fileRow(arn, i, transfer.filePaths().get(i),
                        FileTransferRecords.IN_PROGRESS, null, null));
            } else if (type == EventType.TaskStateExited && index.isPresent() && inRange(transfer, index.getAsInt())
                    && e.details().output() != null) {
                int i = index.getAsInt();
                files.put(i, finished(arn, transfer, i, ConnectorMachine.result(e.details().output().node(), i)));
            } else if (type == EventType.ExecutionFailed || type == EventType.ExecutionTimedOut
                    || type == EventType.ExecutionAborted) {
                ended = FileTransferRecords.transferRow(arn, transfer, e.details().error() == null ? type.name()
                        : e.details().error(), e.details().cause());
            }
        }
        List<ResourceChange> changes = new ArrayList<>();
        files.values().forEach(r -> changes.add(new ResourceChange.Upsert(r)));
        if (ended != null) {
            changes.add(new ResourceChange.Upsert(ended));
        }
        return changes;
    }

    private static boolean inRange(ConnectorJob.FileTransfer transfer, int index) {
        return index >= 0 && index < transfer.filePaths().size();
    }

    private static Resource finished(String arn, ConnectorJob.FileTransfer transfer, int index, JsonNode result) {
        String path = transfer.filePaths().get(index);
        if (FileTransferRecords.COMPLETED.equals(result.path("StatusCode").asText())) {
            return FileTransferRecords.fileRow(arn, index, path, FileTransferRecords.COMPLETED, null, null);
        }
        String code = result.path("FailureCode").asText("");
        String message = result.path("FailureMessage").asText("");
        return FileTransferRecords.fileRow(arn, index, path, FileTransferRecords.FAILED,
                code.isEmpty() ? ConnectorFailure.Code.TRANSFER_ABORTED.name() : code,
                message.isEmpty() ? code : message);
    }
}
