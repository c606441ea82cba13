package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.executions.ExecutionRecords;
import dev.stepwise.imagebuilder.executions.WaitingSteps;
import dev.stepwise.imagebuilder.images.ImageRecords;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ListWorkflowExecutions, GetWorkflowExecution, ListWorkflowStepExecutions,
 * GetWorkflowStepExecution, ListWaitingWorkflowSteps and SendWorkflowStepAction, on the read model
 * the engine keeps of workflow runs ({@link ExecutionRecords}). SendWorkflowStepAction records its
 * answer durably before it replies; the waiting step then completes (RESUME) or fails (STOP).
 */
final class ExecutionOperations {
    static final Pattern IMAGE_BUILD_VERSION_ARN = Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|"
            + "aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");
    private static final Pattern WORKFLOW_EXECUTION_ID = Pattern.compile("^wf-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern STEP_EXECUTION_ID = Pattern.compile("^step-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final List<String> STEP_ACTIONS = List.of("RESUME", "STOP");
    private static final int MAX_PAGE = 25;

    private final ExecutionRecords records;
    private final ImageRecords images;
    private final WaitingSteps waiting;
    private final PageTokens tokens;

    ExecutionOperations(ExecutionRecords records, ImageRecords images, WaitingSteps waiting, PageTokens tokens) {
        this.records = records;
        this.images = images;
        this.waiting = waiting;
        this.tokens = tokens;
    }

    void register(Map<String, Operation> ops) {
        ops.put("ListWorkflowExecutions", this::listExecutions);
        ops.put("GetWorkflowExecution", this::getExecution);
        ops.put("ListWorkflowStepExecutions", this::listSteps);
        ops.put("GetWorkflowStepExecution", this::getStep);
        ops.put("ListWaitingWorkflowSteps", this::listWaiting);
        ops.put("SendWorkflowStepAction", this::sendAction);
    }

    static String imageBuildVersionArn(ImageBuilderRequest r) {
        String arn = r.requiredString("imageBuildVersionArn");
        if (!IMAGE_BUILD_VERSION_ARN.matcher(arn).matches()) {
            throw ImageBuilderErrors.invalidParameterValue("imageBuildVersionArn", "It must be the ARN of an image's "
                    + "build version, as in arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1.");
        }
        return arn;
    }

    private static int pageSize(ImageBuilderRequest r) {
        Integer maxResults = r.integer("maxResults", 1, MAX_PAGE);
        return maxResults == null ? MAX_PAGE : maxResults;
    }

    private static String id(ImageBuilderRequest r, String member, Pattern pattern, String example) {
        String id = r.requiredString(member);
        if (!pattern.matcher(id).matches()) {
            throw ImageBuilderErrors.invalidParameterValue(member, "It must be of the form " + example + ".");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private ObjectNode listExecutions(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String imageArn = imageBuildVersionArn(r);
        int limit = pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        if (images.image(imageArn).filter(i -> mine(caller, imageArn)).isEmpty()) {
            throw ImageBuilderErrors.clientException("The image '" + imageArn + "' does not exist.");
        }
        String scope = "ListWorkflowExecutions/" + imageArn;
        Page<JsonNode> page = records.executions(caller.region(), caller.account(), imageArn,
                tokens.position(caller, scope, nextToken), limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("workflowExecutions");
        for (JsonNode e : page.items()) {
            ObjectNode item = e.deepCopy();
            item.remove("imageBuildVersionArn");
            list.add(item);
        }
        o.put("imageBuildVersionArn", imageArn);
        if (page.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
    }

    private ObjectNode getExecution(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String id = id(r, "workflowExecutionId", WORKFLOW_EXECUTION_ID, "wf-a1b2c3d4-5678-90ab-cdef-0123456789ab");
        JsonNode e = records.execution(caller.region(), caller.account(), id).orElseThrow(() ->
                ImageBuilderErrors.clientException("The workflow execution '" + id + "' does not exist."));
        ObjectNode o = Json.object();
        o.setAll((ObjectNode) e.deepCopy());
        o.remove("retried");
        return o;
    }

    private ObjectNode listSteps(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String id = id(r, "workflowExecutionId", WORKFLOW_EXECUTION_ID, "wf-a1b2c3d4-5678-90ab-cdef-0123456789ab");
        int limit = pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        JsonNode e = records.execution(caller.region(), caller.account(), id).orElseThrow(() ->
                ImageBuilderErrors.clientException("The workflow execution '" + id + "' does not exist."));
        String scope = "ListWorkflowStepExecutions/" + id;
        Page<JsonNode> page = records.steps(caller.region(), caller.account(), id,
                tokens.position(caller, scope, nextToken), limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("steps");
        for (JsonNode s : page.items()) {
            ObjectNode item = list.addObject();
            for (String f : List.of("stepExecutionId", "name", "description", "action", "status", "rollbackStatus",
                    "message", "inputs", "outputs", "startTime", "endTime")) {
                if (s.has(f)) {
                    item.set(f, s.get(f));
                }
            }
        }
        o.put("workflowBuildVersionArn", e.path("workflowBuildVersionArn").asText());
        o.put("workflowExecutionId", id);
        o.put("imageBuildVersionArn", e.path("imageBuildVersionArn").asText());
        if (page.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
    }

    private ObjectNode getStep(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String id = id(r, "stepExecutionId", STEP_EXECUTION_ID, "step-a1b2c3d4-5678-90ab-cdef-0123456789ab");
        JsonNode s = records.step(caller.region(), caller.account(), id).orElseThrow(() ->
                ImageBuilderErrors.clientException("The workflow step execution '" + id + "' does not exist."));
        ObjectNode o = Json.object();
        o.setAll((ObjectNode) s.deepCopy());
        return o;
    }

    private ObjectNode listWaiting(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        int limit = pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListWaitingWorkflowSteps";
        Page<JsonNode> page = records.waitingSteps(caller.region(), caller.account(),
                tokens.position(caller, scope, nextToken), limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("steps");
        page.items().forEach(list::add);
        if (page.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
    }

    private ObjectNode sendAction(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String id = id(r, "stepExecutionId", STEP_EXECUTION_ID, "step-a1b2c3d4-5678-90ab-cdef-0123456789ab");
        String imageArn = imageBuildVersionArn(r);
        String action = r.requiredString("action");
        r.oneOf("action", STEP_ACTIONS);
        String reason = r.string("reason", 1, 1024);
        String clientToken = r.requiredString("clientToken");
        r.string("clientToken", 1, 64);
        JsonNode step = records.step(caller.region(), caller.account(), id)
                .filter(s -> s.path("imageBuildVersionArn").asText().equals(imageArn))
                .orElseThrow(() -> ImageBuilderErrors.resourceNotFound("The workflow step execution '" + id
                        + "' of the image '" + imageArn + "' does not exist."));
        ObjectNode answer = Json.object().put("action", action).put("clientToken", clientToken);
        if (reason != null) {
            answer.put("reason", reason);
        }
        ObjectNode reply = Json.object().put("stepExecutionId", id).put("imageBuildVersionArn", imageArn)
                .put("clientToken", clientToken);
        JsonNode given = records.answer(caller.region(), caller.account(), id).orElse(null);
        if (given != null && clientToken.equals(given.path("clientToken").asText())) {
            if (!given.equals(answer)) {
                throw ImageBuilderErrors.idempotentParameterMismatch(clientToken);
            }
            return reply;
        }
        if (given != null || records.waiting(caller.region(), caller.account(), id).isEmpty()) {
            throw ImageBuilderErrors.invalidRequest("The workflow step execution '" + id + "' ("
                    + step.path("action").asText() + ", " + step.path("status").asText()
                    + ") is not waiting for an action: it has already timed out, ended or been actioned.");
        }
        try {
            records.answer(caller.region(), caller.account(), id, answer);
        } catch (StoreConflictException e) {
            throw ImageBuilderErrors.invalidRequest("The workflow step execution '" + id
                    + "' has already been actioned.");
        }
        waiting.answered(id, answer);
        return reply;
    }

    private static boolean mine(Caller caller, String arn) {
        return arn.startsWith("arn:aws:imagebuilder:" + caller.region() + ":" + caller.account() + ":");
    }
}
