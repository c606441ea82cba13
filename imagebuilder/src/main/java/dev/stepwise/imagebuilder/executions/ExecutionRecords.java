package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceRange;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * The read model of workflow runs in the catalog, written by {@link ExecutionProjection} with the
 * engine's steps (but for the answers of waiting steps, written by SendWorkflowStepAction):
 * <ul>
 * <li>a workflow execution ({@value #EXECUTION}) per run, a child of its image build version keyed
 *     by the order the image runs its workflows in; its body is GetWorkflowExecution's answer;</li>
 * <li>a step execution ({@value #STEP}) per step that started or was skipped, a child of its run
 *     keyed by the step's index; its body is GetWorkflowStepExecution's answer;</li>
 * <li>a waiting step ({@value #WAITING}) per WaitForAction step waiting, keyed by when it started,
 *     whose body is ListWaitingWorkflowSteps' item, gone when the step ends;</li>
 * <li>the answer ({@value #ANSWER}) SendWorkflowStepAction gave a waiting step, its child.</li>
 * </ul>
 */
public final class ExecutionRecords {
    public static final String EXECUTION = "imagebuilderWorkflowExecution";
    public static final String STEP = "imagebuilderWorkflowStepExecution";
    public static final String WAITING = "imagebuilderWaitingStep";
    public static final String ANSWER = "imagebuilderStepAction";

    /** The member of an image's state row that says when it was cancelled (written by the image's projection). */
    public static final String CANCELLED_AT = "cancelledAt";
    private static final Set<String> IN_PROGRESS = Set.of("PENDING", "RUNNING", "ROLLBACK_IN_PROGRESS");

    private final Catalog catalog;

    public ExecutionRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    static String stepArn(String region, String account, String stepExecutionId) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":workflow-step-execution/" + stepExecutionId;
    }

    static String waitingArn(String region, String account, String stepExecutionId) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":waiting-step/" + stepExecutionId;
    }

    static String answerArn(String region, String account, String stepExecutionId) {
        return waitingArn(region, account, stepExecutionId) + "/action";
    }

    public Optional<JsonNode> execution(String region, String account, String workflowExecutionId) {
        return body(RunData.executionArn(region, account, workflowExecutionId), EXECUTION).map(this::asCancelled);
    }

    /** The runs of an image build version in the order it started them, after {@code afterKey}. */
    public Page<JsonNode> executions(String region, String account, String imageArn, String afterKey, int limit) {
        Page<JsonNode> page = bodies(ResourceRange.children(account, region, EXECUTION, imageArn), afterKey, limit);
        Optional<String> cancelledAt = cancelledAt(imageArn);
        return new Page<>(page.items().stream().map(r -> asCancelled(r, cancelledAt)).toList(), page.next());
    }

    public Optional<JsonNode> step(String region, String account, String stepExecutionId) {
        return body(stepArn(region, account, stepExecutionId), STEP).map(this::asCancelled);
    }

    /** The steps of a run in document order, after {@code afterKey}. */
    public Page<JsonNode> steps(String region, String account, String workflowExecutionId, String afterKey,
                                int limit) {
        Page<JsonNode> page = bodies(ResourceRange.children(account, region, STEP, RunData.executionArn(region,
                account, workflowExecutionId)), afterKey, limit);
        Optional<String> cancelledAt = page.items().isEmpty() ? Optional.empty()
                : cancelledAt(page.items().get(0).path("imageBuildVersionArn").asText());
        return new Page<>(page.items().stream().map(r -> asCancelled(r, cancelledAt)).toList(), page.next());
    }

    /**
     * When the image was cancelled, if it was. CancelImageCreation stops the image's build first,
     * and its projection records the image CANCELLED in the transaction of that stop; the stops of
     * its runs follow, each in a transaction of its own, and an aborted run's last step carries no
     * data to write its rows from. So a run or step of a cancelled image that is still in progress
     * reads as CANCELLED, ended when the image was cancelled: from the moment of the image's stop,
     * and still if the node dies before the runs' stops land.
     */
    private Optional<String> cancelledAt(String imageArn) {
        return catalog.resource(imageArn + "/state").map(r -> parse(r.body()))
                .filter(s -> s.path("status").asText().equals("CANCELLED") && s.has(CANCELLED_AT))
                .map(s -> s.path(CANCELLED_AT).asText());
    }

    /** Whether the image was cancelled (its build's stop landed). */
    public boolean imageCancelled(String imageArn) {
        return cancelledAt(imageArn).isPresent();
    }

    private JsonNode asCancelled(JsonNode row) {
        return asCancelled(row, cancelledAt(row.path("imageBuildVersionArn").asText()));
    }

    private static JsonNode asCancelled(JsonNode row, Optional<String> cancelledAt) {
        if (cancelledAt.isEmpty() || !IN_PROGRESS.contains(row.path("status").asText())) {
            return row;
        }
        ObjectNode o = row.deepCopy();
        o.put("status", "CANCELLED");
        o.put("endTime", cancelledAt.get());
        return o;
    }

    /** Image Builder's DateTime strings. */
    public static String dateTime(java.time.Instant t) {
        return ExecutionProjection.dateTime(t);
    }

    public Optional<JsonNode> waiting(String region, String account, String stepExecutionId) {
        return body(waitingArn(region, account, stepExecutionId), WAITING)
                .filter(w -> cancelledAt(w.path("imageBuildVersionArn").asText()).isEmpty());
    }

    /** The caller's waiting steps, oldest first, after {@code afterKey}; those of cancelled images wait no more. */
    public Page<JsonNode> waitingSteps(String region, String account, String afterKey, int limit) {
        Page<JsonNode> page = bodies(ResourceRange.of(account, region, WAITING), afterKey, limit);
        return new Page<>(page.items().stream().filter(w -> cancelledAt(w.path("imageBuildVersionArn").asText())
                .isEmpty()).toList(), page.next());
    }

    public Optional<JsonNode> answer(String region, String account, String stepExecutionId) {
        return body(answerArn(region, account, stepExecutionId), ANSWER);
    }

    /** Records a waiting step's answer; StoreConflictException when it has one already. */
    public void answer(String region, String account, String stepExecutionId, ObjectNode answer) {
        String parent = waitingArn(region, account, stepExecutionId);
        catalog.create(new Resource(answerArn(region, account, stepExecutionId), account, region, ANSWER, parent,
                "action", 0, Json.write(answer)));
    }

    private Optional<JsonNode> body(String arn, String type) {
        return catalog.resource(arn).filter(r -> r.type().equals(type)).map(r -> parse(r.body()));
    }

    private Page<JsonNode> bodies(ResourceRange range, String afterKey, int limit) {
        Page<Resource> page = catalog.list(range, afterKey, limit);
        return new Page<>(page.items().stream().map(r -> parse(r.body())).toList(), page.next());
    }

    static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored Image Builder execution row is not JSON", e);
        }
    }
}
