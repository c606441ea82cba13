package dev.stepwise.transfer.workflow;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What ListExecutions, DescribeExecution and SendWorkflowStepState read, in the catalog: a row per
 * execution in progress (its data as the last step left it; see {@link ExecutionProjection}),
 * ordered by start among its workflow's, and gone with the step that ends the execution; and a row
 * per custom step waiting for its callback (the callback token and the engine's task), a child of
 * its execution's row. The execution itself (its history) stays in the execution log.
 */
public final class ExecutionRecords {
    static final String EXECUTION = "transferExecution";
    static final String CALLBACK = "transferCallback";

    private final Catalog catalog;

    public ExecutionRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /** An execution in progress: its id, when it started, and its data (see {@link WorkflowState}). */
    public record InProgress(String executionArn, String executionId, Instant started, JsonNode state) {}

    /** The engine's ARN of a workflow execution; the workflow's ARN is its state machine's. */
    public static String executionArn(String region, String account, String workflowId, String executionId) {
        return "arn:aws:transfer:" + region + ":" + account + ":execution/" + workflowId + "/" + executionId;
    }

    /** Whether an execution ARN is a Transfer workflow's. */
    static boolean isWorkflowExecution(String executionArn) {
        return executionArn.startsWith("arn:") && executionArn.contains(":transfer:")
                && executionArn.contains(":execution/w-");
    }

    public Optional<InProgress> inProgress(String executionArn) {
        return catalog.resource(executionArn).filter(r -> r.type().equals(EXECUTION)).map(ExecutionRecords::read);
    }

    /** A workflow's executions in progress, oldest first, after the key {@code after}. */
    public Page<InProgress> list(String account, String region, String workflowArn, String after, int limit) {
        Page<Resource> page = catalog.list(ResourceRange.children(account, region, EXECUTION, workflowArn), after,
                limit);
        return new Page<>(page.items().stream().map(ExecutionRecords::read).toList(), page.next());
    }

    /** The row of an execution's data as of a step (written with the step). */
    static Resource executionRow(String executionArn, String workflowArn, Instant started, JsonNode state) {
        Arn arn = Arn.of(executionArn);
        ObjectNode body = Json.object();
        body.put("started", started.toString());
        body.set("state", state);
        String executionId = executionArn.substring(executionArn.lastIndexOf('/') + 1);
        return new Resource(executionArn, arn.account(), arn.region(), EXECUTION, workflowArn,
                String.format("%015d/%s", started.toEpochMilli(), executionId), 0, Json.write(body));
    }

    private static InProgress read(Resource r) {
        JsonNode body = parse(r.body());
        return new InProgress(r.arn(), r.arn().substring(r.arn().lastIndexOf('/') + 1),
                Instant.parse(body.path("started").asText()), body.path("state"));
    }

    /** Records that a custom step of an execution waits for the callback {@code token}; its task is {@code taskId}. */
    void awaitCallback(String executionArn, String token, String taskId) {
        Arn arn = Arn.of(executionArn);
        ObjectNode body = Json.object().put("taskId", taskId);
        catalog.apply(List.of(new ResourceChange.Upsert(new Resource(
                callbackArn(executionArn, token), arn.account(), arn.region(), CALLBACK, executionArn, token, 0,
                Json.write(body)))));
    }

    /** The engine's task a callback token of an execution answers; empty when it names none. */
    public Optional<String> callbackTask(String executionArn, String token) {
        return catalog.resource(callbackArn(executionArn, token)).filter(r -> r.type().equals(CALLBACK))
                .map(r -> parse(r.body()).path("taskId").asText());
    }

    /** Forgets a callback token once its step is answered. */
    public void answered(String executionArn, String token) {
        catalog.apply(List.of(new ResourceChange.Delete(
                callbackArn(executionArn, token))));
    }

    private static String callbackArn(String executionArn, String token) {
        return executionArn + "/callback/" + token;
    }

    private static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored Transfer execution row is not JSON", e);
        }
    }
}
