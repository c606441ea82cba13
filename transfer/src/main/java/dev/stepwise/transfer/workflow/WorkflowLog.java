package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A finished workflow execution's record as AWS writes it to the server's CloudWatch log group
 * (/aws/transfer/&lt;server-id&gt;): a JSON line per event (ExecutionStarted; StepStarted, then
 * StepCompleted or StepErrored, for each step and exception step that ran; ExecutionCompleted or
 * ExecutionErrored), each with the workflow, the execution and the upload's details, appended to
 * {@code <logRoot>/<server-id>.log}. Written when the execution ends, from its data.
 */
public final class WorkflowLog {
    private static final Logger log = LoggerFactory.getLogger(WorkflowLog.class);

    private final Path root;

    public WorkflowLog(Path root) {
        this.root = root;
    }

    /** The file of a server's log lines. */
    public Path file(String serverId) {
        return root.resolve(serverId + ".log");
    }

    void ended(JsonNode state, Instant at, boolean completed) {
        WorkflowState.Details d = WorkflowState.details(state);
        List<String> lines = new ArrayList<>();
        ObjectNode started = Json.object();
        started.putObject("input").set("initialFileLocation", fileLocation(state.path(WorkflowState.ORIGINAL), false));
        lines.add(line("ExecutionStarted", started, d));
        steps(lines, state, WorkflowState.STEPS, WorkflowState.STEP_RESULTS, WorkflowState.FAILURE, d);
        steps(lines, state, WorkflowState.EXCEPTION_STEPS, WorkflowState.EXCEPTION_STEP_RESULTS,
                WorkflowState.EXCEPTION_FAILURE, d);
        lines.add(line(completed ? "ExecutionCompleted" : "ExecutionErrored", Json.object(), d));
        try {
            Files.createDirectories(root);
            synchronized (this) {
                Files.write(file(d.serverId()), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            log.warn("cannot write the log lines of Transfer execution {} at {}: {}", d.executionId(), at,
                    e.toString());
        }
    }

    private static void steps(List<String> lines, JsonNode state, String phase, String done, String failure,
                              WorkflowState.Details d) {
        JsonNode results = state.path(done);
        int ran = results.size() + (state.path(failure).isObject() ? 1 : 0);
        for (int i = 0; i < ran; i++) {
            JsonNode step = WorkflowState.step(state, phase, i);
            String type = step.path("Type").asText();
            String name = step.path(StepIntegration.detailsMember(type)).path("Name").asText(null);
            ObjectNode startedDetails = Json.object();
            JsonNode input = i < results.size() ? results.get(i).path(StepIntegration.INPUT) : null;
            if (input != null && input.isObject()) {
                startedDetails.putObject("input").set("fileLocation", fileLocation(input, true));
            }
            lines.add(line("StepStarted", withStep(startedDetails, type, name), d));
            if (i < results.size()) {
                lines.add(line("StepCompleted", withStep(Json.object().set("output", Json.object()), type, name), d));
            } else {
                JsonNode failed = state.path(failure);
                ObjectNode errored = Json.object();
                errored.put("errorType", StepErrors.type(failed.path("Error").asText()));
                errored.put("errorMessage", StepErrors.message(failed));
                lines.add(line("StepErrored", withStep(errored, type, name), d));
            }
        }
    }

    private static ObjectNode withStep(JsonNode details, String type, String name) {
        ObjectNode o = (ObjectNode) details;
        o.put("stepType", type);
        if (name != null) {
            o.put("stepName", name);
        }
        return o;
    }

    /** A file location as the log lines write it: bucket, key, versionId, etag (or fileSystemId, path). */
    private static ObjectNode fileLocation(JsonNode location, boolean withStore) {
        ObjectNode o = Json.object();
        JsonNode s3 = location.path("S3FileLocation");
        if (s3.isObject()) {
            if (withStore) {
                o.put("backingStore", "S3");
            }
            o.put("bucket", s3.path("Bucket").asText());
            o.put("key", s3.path("Key").asText());
            o.put("versionId", s3.path("VersionId").asText(null));
            o.put("etag", s3.path("Etag").asText(null));
        } else {
            JsonNode efs = location.path("EfsFileLocation");
            if (withStore) {
                o.put("backingStore", "EFS");
            }
            o.put("fileSystemId", efs.path("FileSystemId").asText());
            o.put("path", efs.path("Path").asText());
        }
        return o;
    }

    private static String line(String type, ObjectNode details, WorkflowState.Details d) {
        ObjectNode o = Json.object();
        o.put("type", type);
        o.set("details", details);
        o.put("workflowId", d.workflowId());
        o.put("executionId", d.executionId());
        ObjectNode transfer = o.putObject("transferDetails");
        transfer.put("serverId", d.serverId());
        transfer.put("username", d.userName());
        transfer.put("sessionId", d.sessionId());
        return Json.write(o);
    }
}
