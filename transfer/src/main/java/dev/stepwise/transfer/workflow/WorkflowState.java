package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.sftp.FileLocation;

/**
 * The data a workflow execution carries from step to step (see {@link WorkflowMachine}):
 * <pre>
 * {"workflow": {"Steps": [...], "OnExceptionSteps": [...]},          the steps, as CreateWorkflow took them
 *  "execution": {"WorkflowId", "ExecutionId", "ServerId", "UserName", "SessionId", "UploadDate",
 *                "ExecutionRole", "Domain"},
 *  "original": FileLocation, "previous": FileLocation,               as DescribeExecution writes them
 *  "steps": [ExecutionStepResult...], "exceptionSteps": [...],       the steps done, in order
 *  "failure": {"Error", "Cause"}, "exceptionFailure": {...}}         the step that failed, if one did
 * </pre>
 * A failure's step is the one after the last result: steps run in order and stop at the first that
 * fails. File locations are written as Transfer's API writes them ({"S3FileLocation": {"Bucket",
 * "Key", "VersionId", "Etag"}} or {"EfsFileLocation": {"FileSystemId", "Path"}}).
 */
public final class WorkflowState {
    public static final String WORKFLOW = "workflow";
    public static final String EXECUTION = "execution";
    public static final String ORIGINAL = "original";
    public static final String PREVIOUS = "previous";
    public static final String STEPS = "Steps";
    public static final String EXCEPTION_STEPS = "OnExceptionSteps";
    public static final String STEP_RESULTS = "steps";
    public static final String EXCEPTION_STEP_RESULTS = "exceptionSteps";
    public static final String FAILURE = "failure";
    public static final String EXCEPTION_FAILURE = "exceptionFailure";

    private WorkflowState() {}

    /** Who and what an execution is about, as its data and the custom steps' events name them. */
    public record Details(String workflowId, String executionId, String serverId, String userName, String sessionId,
                          String uploadDate, String executionRole, String domain) {

        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("WorkflowId", workflowId);
            o.put("ExecutionId", executionId);
            o.put("ServerId", serverId);
            o.put("UserName", userName);
            if (sessionId != null) {
                o.put("SessionId", sessionId);
            }
            o.put("UploadDate", uploadDate);
            o.put("ExecutionRole", executionRole);
            o.put("Domain", domain);
            return o;
        }

        static Details of(JsonNode o) {
            return new Details(o.path("WorkflowId").asText(), o.path("ExecutionId").asText(),
                    o.path("ServerId").asText(), o.path("UserName").asText(),
                    o.hasNonNull("SessionId") ? o.get("SessionId").asText() : null, o.path("UploadDate").asText(),
                    o.path("ExecutionRole").asText(), o.path("Domain").asText());
        }
    }

    /** The data an execution starts with. */
    public static ObjectNode initial(JsonNode steps, JsonNode onExceptionSteps, Details details, FileLocation file) {
        ObjectNode o = Json.object();
        ObjectNode workflow = o.putObject(WORKFLOW);
        workflow.set(STEPS, steps.deepCopy());
        workflow.set(EXCEPTION_STEPS, onExceptionSteps == null ? Json.array() : onExceptionSteps.deepCopy());
        o.set(EXECUTION, details.json());
        o.set(ORIGINAL, location(file));
        o.set(PREVIOUS, location(file));
        o.putArray(STEP_RESULTS);
        o.putArray(EXCEPTION_STEP_RESULTS);
        return o;
    }

    public static Details details(JsonNode state) {
        return Details.of(state.path(EXECUTION));
    }

    /** The step that {@code phase} and {@code index} name (WorkflowStep shape). */
    static JsonNode step(JsonNode state, String phase, int index) {
        return state.path(WORKFLOW).path(phase).path(index);
    }

    /** Whether a step failed: the exception steps are running (HANDLING_EXCEPTION) or have run. */
    public static boolean failed(JsonNode state) {
        return state.hasNonNull(FAILURE);
    }

    /**
     * The Results DescribeExecution shows: a result per step done, then the failed step's with its
     * error; the same for the exception steps.
     */
    public static ObjectNode results(JsonNode state) {
        ObjectNode results = Json.object();
        ArrayNode steps = results(state, STEPS, STEP_RESULTS, FAILURE);
        if (!steps.isEmpty()) {
            results.set("Steps", steps);
        }
        ArrayNode handlers = results(state, EXCEPTION_STEPS, EXCEPTION_STEP_RESULTS, EXCEPTION_FAILURE);
        if (!handlers.isEmpty()) {
            results.set("OnExceptionSteps", handlers);
        }
        return results;
    }

    private static ArrayNode results(JsonNode state, String phase, String done, String failure) {
        ArrayNode list = Json.array();
        for (JsonNode result : state.path(done)) {
            ObjectNode r = list.addObject();
            r.put("StepType", result.path("StepType").asText());
            if (result.hasNonNull("Outputs")) {
                r.put("Outputs", result.get("Outputs").asText());
            }
        }
        JsonNode failed = state.path(failure);
        if (failed.isObject()) {
            ObjectNode r = list.addObject();
            r.put("StepType", step(state, phase, list.size() - 1).path("Type").asText());
            ObjectNode error = r.putObject("Error");
            error.put("Type", StepErrors.type(failed.path("Error").asText()));
            error.put("Message", StepErrors.message(failed));
        }
        return list;
    }

    /** A file location as Transfer's API writes it. */
    public static ObjectNode location(FileLocation file) {
        ObjectNode o = Json.object();
        switch (file) {
            case FileLocation.S3 s3 -> {
                ObjectNode l = o.putObject("S3FileLocation");
                l.put("Bucket", s3.bucket());
                l.put("Key", s3.key());
                if (s3.versionId() != null) {
                    l.put("VersionId", s3.versionId());
                }
                if (s3.etag() != null) {
                    l.put("Etag", s3.etag());
                }
            }
            case FileLocation.Efs efs -> {
                ObjectNode l = o.putObject("EfsFileLocation");
                l.put("FileSystemId", efs.fileSystemId());
                l.put("Path", efs.path());
            }
        }
        return o;
    }

    /** The file location {@link #location} wrote. */
    public static FileLocation file(JsonNode location) {
        JsonNode s3 = location.path("S3FileLocation");
        if (s3.isObject()) {
            return new FileLocation.S3(s3.path("Bucket").asText(), s3.path("Key").asText(),
                    s3.hasNonNull("VersionId") ? s3.get("VersionId").asText() : null,
                    s3.hasNonNull("Etag") ? s3.get("Etag").asText() : null);
        }
        JsonNode efs = location.path("EfsFileLocation");
        return new FileLocation.Efs(efs.path("FileSystemId").asText(), efs.path("Path").asText());
    }
}
