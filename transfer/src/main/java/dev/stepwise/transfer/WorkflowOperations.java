package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.WORKFLOW_DESCRIPTION;
import static dev.stepwise.transfer.ModelRules.WORKFLOW_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.WorkflowRecord;
import java.util.Map;

/**
 * CreateWorkflow, DescribeWorkflow, ListWorkflows, DeleteWorkflow. Workflows are kept as their
 * steps were sent (checked by {@link WorkflowSteps}); running them on uploads is not this class's.
 * A workflow that a server of its account and region runs on upload cannot be deleted.
 */
final class WorkflowOperations {
    private static final int ID_ATTEMPTS = 8;

    private final TransferContext ctx;

    WorkflowOperations(TransferContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateWorkflow", this::create);
        ops.put("DescribeWorkflow", this::describe);
        ops.put("ListWorkflows", this::list);
        ops.put("DeleteWorkflow", this::delete);
    }

    private ObjectNode create(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String description = r.string("Description", WORKFLOW_DESCRIPTION);
        WorkflowSteps.read(r, "Steps", true);
        WorkflowSteps.read(r, "OnExceptionSteps", false);
        Map<String, String> tags = Tags.read(r, "Tags");
        r.check();
        WorkflowSteps.check(body.get("Steps"), "Steps");
        WorkflowSteps.check(r.raw("OnExceptionSteps"), "OnExceptionSteps");
        ArrayNode steps = body.get("Steps").deepCopy();
        ArrayNode onException = r.raw("OnExceptionSteps") == null ? null : body.get("OnExceptionSteps").deepCopy();
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String id = ctx.ids().workflowId();
            WorkflowRecord w = new WorkflowRecord(TransferArns.workflow(caller, id), id, description, steps,
                    onException);
            try {
                ctx.catalog().createWorkflow(w);
            } catch (StoreConflictException taken) {
                continue;
            }
            if (!tags.isEmpty()) {
                ctx.catalog().tag(w.arn(), tags);
            }
            return Json.object().put("WorkflowId", id);
        }
        throw new StoreConflictException("no free workflow id after " + ID_ATTEMPTS + " attempts");
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        WorkflowRecord w = requireWorkflow(caller, workflowId(body));
        ObjectNode o = Json.object();
        ObjectNode d = o.putObject("Workflow");
        d.put("Arn", w.arn());
        if (w.description() != null) {
            d.put("Description", w.description());
        }
        d.set("Steps", w.steps().deepCopy());
        if (w.onExceptionSteps() != null) {
            d.set("OnExceptionSteps", w.onExceptionSteps().deepCopy());
        }
        d.put("WorkflowId", w.workflowId());
        Tags.put(d, ctx.catalog().tags(w.arn()));
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        TransferPaging paging = TransferPaging.read(r);
        r.check();
        String scope = "ListWorkflows";
        Page<WorkflowRecord> page = ctx.catalog().listWorkflows(caller, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        ArrayNode workflows = o.putArray("Workflows");
        for (WorkflowRecord w : page.items()) {
            ObjectNode l = workflows.addObject().put("WorkflowId", w.workflowId());
            if (w.description() != null) {
                l.put("Description", w.description());
            }
            l.put("Arn", w.arn());
        }
        return o;
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        String id = workflowId(body);
        ctx.locks().workflows(() -> {
            WorkflowRecord w = requireWorkflow(caller, id);
            for (ServerRecord s : ctx.catalog().allServers(caller)) {
                if (s.workflowDetails() != null && s.workflowDetails().uses(id)) {
                    throw TransferErrors.invalidRequest("Workflow " + id + " cannot be deleted: it is assigned to "
                            + "server " + s.serverId() + " (remove it from the server's WorkflowDetails first)");
                }
            }
            ctx.catalog().delete(w.arn());
            return w;
        });
        return Json.object();
    }

    private static String workflowId(JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String id = r.requiredString("WorkflowId", WORKFLOW_ID);
        r.check();
        return id;
    }

    private WorkflowRecord requireWorkflow(Caller caller, String id) {
        return ctx.catalog().workflow(TransferArns.workflow(caller, id))
                .orElseThrow(() -> TransferErrors.unknownWorkflow(id));
    }
}
