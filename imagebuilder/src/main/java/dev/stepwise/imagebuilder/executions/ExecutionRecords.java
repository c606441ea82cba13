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
        return body(RunData.executionArn(region, account, workflowExecutionId), EXECUTION);
    }

    /** The runs of an image build version in the order it started them, after {@code afterKey}. */
    public Page<JsonNode> executions(String region, String account, String imageArn, String afterKey, int limit) {
        return bodies(ResourceRange.children(account, region, EXECUTION, imageArn), afterKey, limit);
    }

    public Optional<JsonNode> step(String region, String account, String stepExecutionId) {
        return body(stepArn(region, account, stepExecutionId), STEP);
    }

    /** The steps of a run in document order, after {@code afterKey}. */
    public Page<JsonNode> steps(String region, String account, String workflowExecutionId, String afterKey,
                                int limit) {
        return bodies(ResourceRange.children(account, region, STEP, RunData.executionArn(region, account,
                workflowExecutionId)), afterKey, limit);
    }

    public Optional<JsonNode> waiting(String region, String account, String stepExecutionId) {
        return body(waitingArn(region, account, stepExecutionId), WAITING);
    }

    /** The caller's waiting steps, oldest first, after {@code afterKey}. */
    public Page<JsonNode> waitingSteps(String region, String account, String afterKey, int limit) {
        return bodies(ResourceRange.of(account, region, WAITING), afterKey, limit);
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
