package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.document.WorkflowDocument;
import dev.stepwise.imagebuilder.document.WorkflowDocuments;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data of a workflow run as the engine carries it from step to step (the whole of what the
 * read model is made from): {@value #RUN} (who the run is: ids, ARNs, type, parallel group, the
 * document's text), {@value #PARAMETERS} (the values, typed as the document declares them),
 * {@value #IMAGEBUILDER} (the system variables), {@value #STEP_OUTPUTS} (per step name),
 * {@value #STEPS} (per step index, the record of its execution), {@value #NEXT} (the index of the
 * step to run next), {@value #LAST} (the step the last state finished) and {@value #ROLLED_BACK}
 * (the step the last rollback state finished).
 */
public final class RunData {
    public static final String RUN = "run";
    public static final String PARAMETERS = "parameters";
    public static final String IMAGEBUILDER = "imagebuilder";
    public static final String STEP_OUTPUTS = "stepOutputs";
    public static final String STEPS = "steps";
    public static final String NEXT = "next";
    public static final String LAST = "last";
    public static final String ROLLED_BACK = "rolledBack";
    /** Set by a failed step that aborts the workflow: its index. */
    public static final String FAILED_AT = "failedAt";

    private static final Map<String, WorkflowDocument> DOCUMENTS = new ConcurrentHashMap<>();
    private static final int CACHED_DOCUMENTS = 256;

    private RunData() {}

    /** Who a run is. */
    public record Run(String workflowExecutionId, String imageBuildVersionArn, String workflowBuildVersionArn,
                      String workflowName, WorkflowType type, String parallelGroup, String document) {}

    /**
     * The data a run starts with; {@code order} is its place among its image's runs (the order
     * ListWorkflowExecutions lists them in).
     */
    public static ObjectNode initial(Run run, int order, ObjectNode parameters, ObjectNode imagebuilder) {
        ObjectNode o = Json.object();
        ObjectNode r = o.putObject(RUN);
        r.put("order", String.format("%04d", order));
        r.put("workflowExecutionId", run.workflowExecutionId());
        r.put("imageBuildVersionArn", run.imageBuildVersionArn());
        r.put("workflowBuildVersionArn", run.workflowBuildVersionArn());
        r.put("workflowName", run.workflowName());
        r.put("type", run.type().name());
        if (run.parallelGroup() != null) {
            r.put("parallelGroup", run.parallelGroup());
        }
        r.put("document", run.document());
        o.set(PARAMETERS, parameters);
        o.set(IMAGEBUILDER, imagebuilder);
        o.putObject(STEP_OUTPUTS);
        o.putObject(STEPS);
        o.put(NEXT, 0);
        return o;
    }

    public static Run run(JsonNode data) {
        JsonNode r = data.path(RUN);
        return new Run(r.path("workflowExecutionId").asText(), r.path("imageBuildVersionArn").asText(),
                r.path("workflowBuildVersionArn").asText(), r.path("workflowName").asText(),
                WorkflowType.valueOf(r.path("type").asText()), Json.textOrNull(r, "parallelGroup"),
                r.path("document").asText());
    }

    /** The run's document, parsed once per text (documents are checked when their workflow is created). */
    public static WorkflowDocument document(JsonNode data) {
        Run run = run(data);
        WorkflowDocument cached = DOCUMENTS.get(run.document());
        if (cached != null) {
            return cached;
        }
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(run.document(), run.type());
        if (!checked.valid()) {
            throw new IllegalStateException("a stored workflow document no longer passes its checks: "
                    + checked.problems());
        }
        if (DOCUMENTS.size() >= CACHED_DOCUMENTS) {
            DOCUMENTS.clear();
        }
        DOCUMENTS.put(run.document(), checked.document());
        return checked.document();
    }

    /** The record of step {@code index} (null while it has none). */
    public static JsonNode step(JsonNode data, int index) {
        JsonNode s = data.path(STEPS).get(Integer.toString(index));
        return s == null || s.isNull() ? null : s;
    }

    /** A workflow run's id, {@code wf-} and a UUID. */
    public static String workflowExecutionId(UUID uuid) {
        return "wf-" + uuid;
    }

    /** The id of step {@code index} of a run: {@code step-} and a UUID derived from the run's id. */
    public static String stepExecutionId(String workflowExecutionId, int index) {
        return "step-" + UUID.nameUUIDFromBytes((workflowExecutionId + "/" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** The engine's ARN of a workflow run (its catalog row has the same ARN). */
    public static String executionArn(String region, String account, String workflowExecutionId) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":workflow-execution/" + workflowExecutionId;
    }

    /** Whether an engine execution is a workflow run. */
    public static boolean isRun(String executionArn) {
        return executionArn.startsWith("arn:aws:imagebuilder:") && executionArn.contains(":workflow-execution/wf-");
    }
}
