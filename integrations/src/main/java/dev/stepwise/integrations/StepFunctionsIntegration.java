package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.asl.resource.TaskResource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Task states that call Step Functions, answered by this server itself: the optimised
 * {@code arn:aws:states:::states:startExecution} (request-response, {@code .sync} with the child's
 * output as text, {@code .sync:2} with it as JSON, {@code .waitForTaskToken}) and every
 * {@code aws-sdk:sfn:*} action. Parameters are the API's members in PascalCase, and so is the
 * response; dates are epoch milliseconds, as Step Functions renders them.
 *
 * <p>A nested execution started without a Name gets one derived from the task, so starting it
 * again after a crash finds the first instead of starting a second.
 */
public final class StepFunctionsIntegration implements Integration {
    private final LocalStepFunctions api;

    public StepFunctionsIntegration(LocalStepFunctions api) {
        this.api = api;
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return resource.sdk() ? resource.service().equals("sfn")
                : resource.service().equals("states") && resource.action().equals("startExecution");
    }

    @Override
    public boolean supports(TaskResource.Pattern pattern) {
        return true;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException {
        TaskResource.Integrated resource = call.resource();
        String operation = resource.operation();
        ObjectNode request = (ObjectNode) AwsJsonIntegration.toWire(call.parameters(), AwsJsonServices.SFN, operation);
        if (operation.equals("StartExecution")) {
            JsonNode input = request.get("input");
            if (input == null || input.isNull()) {
                request.put("input", "{}");
            } else if (!input.isTextual()) {
                request.put("input", Json.write(input));
            }
            if (!request.hasNonNull("name")) {
                request.put("name", UUID.nameUUIDFromBytes(call.task().taskId().getBytes(StandardCharsets.UTF_8))
                        .toString());
            }
        }
        try {
            ObjectNode response = api.call(call.account(), call.region(), operation, request);
            return AwsJsonIntegration.fromWire(response, AwsJsonServices.SFN, operation);
        } catch (LocalStepFunctions.ApiError e) {
            if (operation.equals("StartExecution") && e.code().equals("ExecutionAlreadyExists")
                    && resource.pattern() != TaskResource.Pattern.REQUEST_RESPONSE) {
                // started before a crash: carry on with the execution already there
                return alreadyStarted(call, request);
            }
            throw error(resource, e);
        }
    }

    private ObjectNode alreadyStarted(TaskCall call, ObjectNode request) throws IntegrationException {
        // arn:aws:states:region:account:stateMachine:name[:version or alias] -> …:execution:name:executionName
        Arn machine = Arn.of(request.get("stateMachineArn").asText()); // StartExecution found it: an ARN
        String arn = machine.withResource("execution:" + machine.resourceName() + ":" + request.get("name").asText())
                .toString();
        ObjectNode o = Json.object();
        o.put("ExecutionArn", arn);
        o.set("StartDate", describe(call, arn).get("StartDate"));
        return o;
    }

    @Override
    public JsonNode awaitJob(TaskCall call, JsonNode submitted) throws IntegrationException, InterruptedException {
        String arn = submitted.path("ExecutionArn").asText();
        try {
            api.closed(arn).get();
        } catch (ExecutionException e) {
            throw new IntegrationException("States.Runtime", "Waiting for " + arn + " failed: " + e.getCause());
        }
        ObjectNode d = describe(call, arn);
        boolean json = call.resource().pattern() == TaskResource.Pattern.SYNC2;
        ObjectNode out = Json.object();
        for (String field : new String[] {"ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails",
                "StartDate", "StateMachineArn", "Status", "StopDate", "Error", "Cause"}) {
            JsonNode v = d.get(field);
            if (v == null) {
                continue;
            }
            out.set(field, json && (field.equals("Input") || field.equals("Output")) ? parsed(v.asText()) : v);
        }
        if (!"SUCCEEDED".equals(d.path("Status").asText())) {
            out.remove("Output");
            out.remove("OutputDetails");
            throw new IntegrationException("States.TaskFailed", Json.write(sorted(out)));
        }
        return out;
    }

    private ObjectNode describe(TaskCall call, String executionArn) throws IntegrationException {
        try {
            return AwsJsonIntegration.fromWire(api.call(call.account(), call.region(), "DescribeExecution",
                    Json.object().put("executionArn", executionArn)), AwsJsonServices.SFN, "DescribeExecution");
        } catch (LocalStepFunctions.ApiError e) {
            throw new IntegrationException("States.Runtime", "The nested execution " + executionArn
                    + " cannot be described: " + e.getMessage());
        }
    }

    private static JsonNode parsed(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            return Json.text(text);
        }
    }

    private static ObjectNode sorted(ObjectNode o) {
        ObjectNode s = Json.object();
        java.util.TreeMap<String, JsonNode> byName = new java.util.TreeMap<>();
        o.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
        byName.forEach(s::set);
        return s;
    }

    /** The error a failed call records: Sfn.X for aws-sdk, StepFunctions.X for the optimised integration. */
    private static IntegrationException error(TaskResource.Integrated resource, LocalStepFunctions.ApiError e) {
        String code = e.code().endsWith("Exception") ? e.code() : e.code() + "Exception";
        String requestId = UUID.randomUUID().toString();
        if (resource.sdk()) {
            return new IntegrationException("Sfn." + code, e.getMessage() + " (Service: Sfn, Status Code: 400, "
                    + "Request ID: " + requestId + ") (SDK Attempt Count: 1)");
        }
        return new IntegrationException("StepFunctions." + code, e.getMessage() + " (Service: AWSStepFunctions; "
                + "Status Code: 400; Error Code: " + e.code() + "; Request ID: " + requestId + "; Proxy: null)");
    }
}
