package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
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
    public boolean handles(ServiceResource resource) {
        return resource.sdk() ? resource.service().equals("sfn")
                : resource.service().equals("states") && resource.action().equals("startExecution");
    }

    @Override
    public boolean supports(ServiceResource.Pattern pattern) {
        return true;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException {
        ServiceResource resource = call.resource();
        ObjectNode request = (ObjectNode) wireNames(call.parameters(), false);
        String operation = Character.toUpperCase(resource.action().charAt(0)) + resource.action().substring(1);
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
            ObjectNode response = api.call(operation, request);
            return pascalCase(response);
        } catch (LocalStepFunctions.ApiError e) {
            if (operation.equals("StartExecution") && e.code().equals("ExecutionAlreadyExists")
                    && resource.pattern() != ServiceResource.Pattern.REQUEST_RESPONSE) {
                // started before a crash: carry on with the execution already there
                return alreadyStarted(request);
            }
            throw error(resource, e);
        }
    }

    private ObjectNode alreadyStarted(ObjectNode request) throws IntegrationException {
        // arn:aws:states:region:account:stateMachine:name[:version or alias] -> …:execution:name:executionName
        String[] machine = request.get("stateMachineArn").asText().split(":");
        String arn = String.join(":", java.util.Arrays.copyOf(machine, 7)).replace(":stateMachine:", ":execution:")
                + ":" + request.get("name").asText();
        ObjectNode o = Json.object();
        o.put("ExecutionArn", arn);
        o.set("StartDate", describe(arn).get("StartDate"));
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
        ObjectNode d = describe(arn);
        boolean json = call.resource().pattern() == ServiceResource.Pattern.SYNC2;
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

    private ObjectNode describe(String executionArn) throws IntegrationException {
        try {
            return pascalCase(api.call("DescribeExecution", Json.object().put("executionArn", executionArn)));
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
        new java.util.TreeMap<String, JsonNode>(Json.MAPPER.convertValue(o,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, JsonNode>>() {})).forEach(s::set);
        return s;
    }

    /** The error a failed call records: Sfn.X for aws-sdk, StepFunctions.X for the optimised integration. */
    private static IntegrationException error(ServiceResource resource, LocalStepFunctions.ApiError e) {
        String code = e.code().endsWith("Exception") ? e.code() : e.code() + "Exception";
        String requestId = UUID.randomUUID().toString();
        if (resource.sdk()) {
            return new IntegrationException("Sfn." + code, e.getMessage() + " (Service: Sfn, Status Code: 400, "
                    + "Request ID: " + requestId + ") (SDK Attempt Count: 1)");
        }
        return new IntegrationException("StepFunctions." + code, e.getMessage() + " (Service: AWSStepFunctions; "
                + "Status Code: 400; Error Code: " + e.code() + "; Request ID: " + requestId + "; Proxy: null)");
    }

    /** PascalCase parameters to the wire's camelCase members, at every level. */
    static JsonNode wireNames(JsonNode node, boolean pascal) {
        if (node.isObject()) {
            ObjectNode o = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                String name = k.isEmpty() ? k : (pascal ? Character.toUpperCase(k.charAt(0))
                        : Character.toLowerCase(k.charAt(0))) + k.substring(1);
                // an execution's input and output are the user's data: their members keep their names
                boolean data = k.equalsIgnoreCase("input") || k.equalsIgnoreCase("output");
                o.set(name, data ? e.getValue() : wireNames(e.getValue(), pascal));
            }
            return o;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = Json.array();
            node.forEach(v -> a.add(wireNames(v, pascal)));
            return a;
        }
        return node;
    }

    /** A wire response in Step Functions' task-output form: PascalCase, dates in epoch milliseconds. */
    private static ObjectNode pascalCase(ObjectNode response) {
        ObjectNode o = (ObjectNode) wireNames(response, true);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("Date") && e.getValue().isNumber()) {
                e.setValue(Json.NODES.numberNode(Math.round(e.getValue().doubleValue() * 1000)));
            }
        }
        return o;
    }
}
