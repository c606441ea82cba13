package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.CALLBACK_TOKEN;
import static dev.stepwise.transfer.ModelRules.CUSTOM_STEP_STATUSES;
import static dev.stepwise.transfer.ModelRules.EXECUTION_ID;
import static dev.stepwise.transfer.ModelRules.WORKFLOW_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Page;
import dev.stepwise.transfer.workflow.ExecutionRecords.InProgress;
import dev.stepwise.transfer.workflow.ExecutionRecords;
import dev.stepwise.transfer.workflow.WorkflowState;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * ListExecutions, DescribeExecution and SendWorkflowStepState. As on AWS, only executions in
 * progress (IN_PROGRESS, or HANDLING_EXCEPTION while the exception steps run) are listed and
 * described; a finished one is ResourceNotFoundException, its record being in the server's log
 * lines. SendWorkflowStepState answers a custom step waiting for its callback: SUCCESS goes on
 * with the next step, FAILURE fails the step (CUSTOM_STEP_FAILED) and the exception steps run.
 */
final class ExecutionOperations {
    private final TransferContext ctx;
    private final ExecutionRecords executions;
    private final ExecutionRuntime runtime;

    ExecutionOperations(TransferContext ctx, ExecutionRecords executions, ExecutionRuntime runtime) {
        this.ctx = ctx;
        this.executions = executions;
        this.runtime = runtime;
    }

    void register(Map<String, Operation> ops) {
        ops.put("ListExecutions", this::list);
        ops.put("DescribeExecution", this::describe);
        ops.put("SendWorkflowStepState", this::sendStepState);
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        TransferPaging paging = TransferPaging.read(r);
        String workflowId = r.requiredString("WorkflowId", WORKFLOW_ID);
        r.check();
        String workflowArn = requireWorkflow(caller, workflowId);
        String scope = "ListExecutions:" + workflowId;
        Page<InProgress> page = executions.list(caller.account(), caller.region(), workflowArn,
                paging.after(ctx.tokens(), caller, scope), paging.limit());
        ObjectNode o = Json.object();
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        o.put("WorkflowId", workflowId);
        ArrayNode list = o.putArray("Executions");
        for (InProgress e : page.items()) {
            ObjectNode l = list.addObject();
            l.put("ExecutionId", e.executionId());
            l.set("InitialFileLocation", e.state().path(WorkflowState.ORIGINAL).deepCopy());
            l.set("ServiceMetadata", serviceMetadata(e.state()));
            l.put("Status", status(e.state()));
        }
        return o;
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String executionId = r.requiredString("ExecutionId", EXECUTION_ID);
        String workflowId = r.requiredString("WorkflowId", WORKFLOW_ID);
        r.check();
        requireWorkflow(caller, workflowId);
        InProgress e = inProgress(caller, workflowId, executionId);
        ObjectNode o = Json.object();
        o.put("WorkflowId", workflowId);
        ObjectNode d = o.putObject("Execution");
        d.put("ExecutionId", e.executionId());
        d.set("InitialFileLocation", e.state().path(WorkflowState.ORIGINAL).deepCopy());
        d.set("ServiceMetadata", serviceMetadata(e.state()));
        d.put("ExecutionRole", WorkflowState.details(e.state()).executionRole());
        d.put("Status", status(e.state()));
        d.set("Results", WorkflowState.results(e.state()));
        return o;
    }

    private ObjectNode sendStepState(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String workflowId = r.requiredString("WorkflowId", WORKFLOW_ID);
        String executionId = r.requiredString("ExecutionId", EXECUTION_ID);
        String token = r.requiredString("Token", CALLBACK_TOKEN);
        String status = r.requiredEnum("Status", CUSTOM_STEP_STATUSES);
        r.check();
        requireWorkflow(caller, workflowId);
        InProgress e = inProgress(caller, workflowId, executionId);
        String taskId = executions.callbackTask(e.executionArn(), token)
                .orElseThrow(() -> TransferErrors.notFound("Unknown token", token, "Token"));
        Signal signal = status.equals("SUCCESS")
                ? new Signal.TaskSucceeded(taskId, Json.object().set("Result",
                        Json.object().put("StepType", "CUSTOM")), true)
                : new Signal.TaskFailed(taskId, "CUSTOM_STEP_FAILED",
                        "The custom step reported FAILURE (SendWorkflowStepState).");
        boolean awaited;
        try {
            awaited = runtime.deliverAwaited(TaskTokens.executionArn(taskId), signal).get();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the step's state was recorded", ie);
        } catch (ExecutionException ee) {
            throw new IllegalStateException("the step's state could not be recorded", ee.getCause());
        }
        executions.answered(e.executionArn(), token);
        if (!awaited) {
            throw TransferErrors.notFound("Unknown token", token, "Token");
        }
        return Json.object();
    }

    private static String status(JsonNode state) {
        return WorkflowState.failed(state) ? "HANDLING_EXCEPTION" : "IN_PROGRESS";
    }

    private static ObjectNode serviceMetadata(JsonNode state) {
        WorkflowState.Details d = WorkflowState.details(state);
        ObjectNode o = Json.object();
        ObjectNode user = o.putObject("UserDetails");
        user.put("UserName", d.userName());
        user.put("ServerId", d.serverId());
        if (d.sessionId() != null) {
            user.put("SessionId", d.sessionId());
        }
        return o;
    }

    private String requireWorkflow(Caller caller, String workflowId) {
        String arn = TransferArns.workflow(caller, workflowId);
        ctx.catalog().workflow(arn).orElseThrow(() -> TransferErrors.unknownWorkflow(workflowId));
        return arn;
    }

    private InProgress inProgress(Caller caller, String workflowId, String executionId) {
        return executions.inProgress(ExecutionRecords.executionArn(caller.region(), caller.account(), workflowId,
                        executionId.toLowerCase(java.util.Locale.ROOT)))
                .orElseThrow(() -> TransferErrors.notFound("Unknown execution", executionId, "Execution"));
    }
}
