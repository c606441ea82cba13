package dev.stepwise.transfer.connector;

import static dev.stepwise.asl.json.Json.putIfPresent;
import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one Start* call of a connector asked for, as its engine execution carries it in its data
 * ({@link ConnectorMachine}): a file transfer (StartFileTransfer), a directory listing
 * (StartDirectoryListing), a remote delete or move (StartRemoteDelete, StartRemoteMove). Each is
 * an execution whose ARN is the job's own, {@code arn:aws:transfer:<region>:<account>:<kind>/<connectorId>/<id>},
 * and whose "state machine" is the connector: nothing of it looks like a workflow execution or a
 * Step Functions execution.
 */
public sealed interface ConnectorJob {
    String KIND = "Kind";

    String connectorArn();

    String connectorId();

    /** The id the Start* call answered with (TransferId, ListingId, DeleteId, MoveId). */
    String id();

    /** The job's kind as its ARN names it ("transfer", "listing", "remote-delete", "remote-move"). */
    String kind();

    /** The action of the connector's integration that does the job ("send", "retrieve", "list", …). */
    String action();

    ObjectNode json();

    /** The engine's ARN of the job's execution, in the connector's account and region. */
    default String executionArn() {
        return executionArn(connectorArn(), kind(), connectorId(), id());
    }

    /** The ARN of a job of a connector, from the connector's ARN. */
    static String executionArn(String connectorArn, String kind, String connectorId, String id) {
        return connectorArn.substring(0, connectorArn.indexOf(":connector/")) + ":" + kind + "/" + connectorId + "/"
                + id;
    }

    /** Whether an execution ARN is a connector's file transfer. */
    static boolean isFileTransfer(String executionArn) {
        return executionArn.startsWith("arn:") && executionArn.contains(":transfer:")
                && executionArn.contains(":transfer/c-");
    }

    /** The job a {@link #json()} wrote. */
    static ConnectorJob of(JsonNode o) {
        String connectorArn = o.path("ConnectorArn").asText();
        String connectorId = o.path("ConnectorId").asText();
        return switch (o.path(KIND).asText()) {
            case "transfer" -> {
                List<String> paths = new ArrayList<>();
                o.path("FilePaths").forEach(p -> paths.add(p.asText()));
                yield new FileTransfer(connectorArn, connectorId, o.path("TransferId").asText(),
                        Direction.valueOf(o.path("Direction").asText()), paths, textOrNull(o, "RemoteDirectoryPath"),
                        textOrNull(o, "LocalDirectoryPath"));
            }
            case "listing" -> new DirectoryListing(connectorArn, connectorId, o.path("ListingId").asText(),
                    o.path("RemoteDirectoryPath").asText(), o.path("OutputDirectoryPath").asText(),
                    o.path("MaxItems").asInt());
            case "remote-delete" -> new RemoteDelete(connectorArn, connectorId, o.path("DeleteId").asText(),
                    o.path("DeletePath").asText());
            case "remote-move" -> new RemoteMove(connectorArn, connectorId, o.path("MoveId").asText(),
                    o.path("SourcePath").asText(), o.path("TargetPath").asText());
            default -> throw new IllegalArgumentException("not a connector job: " + o.path(KIND).asText());
        };
    }

    /** Which way a transfer's files go: to the remote server (SendFilePaths) or from it (RetrieveFilePaths). */
    enum Direction { SEND, RETRIEVE }

    /**
     * Files sent from the object store ({@code /bucket/key}) to {@code remoteDirectoryPath} (null: the
     * remote user's home), or retrieved from the remote server into {@code localDirectoryPath}
     * ({@code /bucket/prefix}); each keeps its base name.
     */
    record FileTransfer(String connectorArn, String connectorId, String id, Direction direction, List<String> filePaths,
                        String remoteDirectoryPath, String localDirectoryPath) implements ConnectorJob {

        public FileTransfer {
            filePaths = List.copyOf(filePaths);
        }

        @Override
        public String kind() {
            return "transfer";
        }

        @Override
        public String action() {
            return direction.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public ObjectNode json() {
            ObjectNode o = head(this).put("TransferId", id).put("Direction", direction.name());
            ArrayNode paths = o.putArray("FilePaths");
            filePaths.forEach(paths::add);
            putIfPresent(o, "RemoteDirectoryPath", remoteDirectoryPath);
            putIfPresent(o, "LocalDirectoryPath", localDirectoryPath);
            return o;
        }
    }

    /** One level of a remote directory, listed into {@code <outputDirectoryPath>/<connectorId>-<id>.json}. */
    record DirectoryListing(String connectorArn, String connectorId, String id, String remoteDirectoryPath,
                            String outputDirectoryPath, int maxItems) implements ConnectorJob {

        @Override
        public String kind() {
            return "listing";
        }

        @Override
        public String action() {
            return "list";
        }

        /** The listing file's name (OutputFileName). */
        public String outputFileName() {
            return connectorId + "-" + id + ".json";
        }

        @Override
        public ObjectNode json() {
            return head(this).put("ListingId", id).put("RemoteDirectoryPath", remoteDirectoryPath)
                    .put("OutputDirectoryPath", outputDirectoryPath).put("MaxItems", maxItems);
        }
    }

    /** A remote file or directory deleted. */
    record RemoteDelete(String connectorArn, String connectorId, String id, String deletePath) implements ConnectorJob {

        @Override
        public String kind() {
            return "remote-delete";
        }

        @Override
        public String action() {
            return "delete";
        }

        @Override
        public ObjectNode json() {
            return head(this).put("DeleteId", id).put("DeletePath", deletePath);
        }
    }

    /** A remote file or directory moved or renamed. */
    record RemoteMove(String connectorArn, String connectorId, String id, String sourcePath, String targetPath)
            implements ConnectorJob {

        @Override
        public String kind() {
            return "remote-move";
        }

        @Override
        public String action() {
            return "move";
        }

        @Override
        public ObjectNode json() {
            return head(this).put("MoveId", id).put("SourcePath", sourcePath).put("TargetPath", targetPath);
        }
    }

    private static ObjectNode head(ConnectorJob job) {
        return Json.object().put(KIND, job.kind()).put("ConnectorArn", job.connectorArn())
                .put("ConnectorId", job.connectorId());
    }

}
