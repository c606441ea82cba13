package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.asl.resource.TaskResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task states of AWS JSON services (DynamoDB, SQS, EventBridge, Step Functions), forwarded as
 * SigV4-signed calls to the endpoint the operator configured for the service (a local stand-in
 * or AWS itself): every {@code aws-sdk:<service>:<action>} and the optimised
 * {@code dynamodb:putItem|getItem|deleteItem|updateItem}, {@code sqs:sendMessage} and
 * {@code events:putEvents}. Request-response and {@code .waitForTaskToken} (a callback: the
 * message or event carries {@code $$.Task.Token}); none of these services has a {@code .sync}.
 *
 * <p>Step Functions itself ({@code aws-sdk:sfn:*}) is forwarded only when an {@code sfn} endpoint
 * is configured; otherwise this server answers it ({@link StepFunctionsIntegration}).
 *
 * <p>What differs between the two forms, as Step Functions does it: the optimised integrations
 * add SdkHttpMetadata and SdkResponseMetadata to the result, name their errors after the SDK v1
 * ({@code DynamoDB.ConditionalCheckFailedException}, cause "… (Service: AmazonDynamoDBv2; Status
 * Code: 400; Error Code: …; Request ID: …; Proxy: null)"), serialise a JSON MessageBody or event
 * Detail given as an object, append the execution's and state machine's ARNs to each event's
 * Resources, and fail putEvents with EventBridge.FailedEntry when an entry failed. The aws-sdk
 * forms answer the bare response and name errors after the SDK v2
 * ({@code DynamoDb.ConditionalCheckFailedException}, cause "… (Service: DynamoDb, Status Code: 400,
 * Request ID: …) (SDK Attempt Count: 1)").
 */
public final class AwsJsonIntegration implements Integration {
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final IntegrationConfig config;
    private final AwsHttp http;

    public AwsJsonIntegration(IntegrationConfig config, Clock clock) {
        this.config = config;
        this.http = new AwsHttp(config, clock);
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        AwsJsonServices.Service service = AwsJsonServices.of(resource);
        if (service == AwsJsonServices.SFN) {
            // without an endpoint, Step Functions calls are this server's own (StepFunctionsIntegration)
            return config.serviceEndpoints().containsKey(service.endpointKey());
        }
        return service != null;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        TaskResource.Integrated resource = call.resource();
        AwsJsonServices.Service service = AwsJsonServices.of(resource);
        URI endpoint = config.serviceEndpoints().get(service.endpointKey());
        if (endpoint == null) {
            throw new IntegrationException("States.Runtime", "No endpoint is configured for '" + resource.text() + "': "
                    + IntegrationConfig.whatToConfigure(resource));
        }
        String operation = resource.operation();
        JsonNode parameters = call.parameters();
        ObjectNode request = parameters != null && parameters.isObject() ? parameters.deepCopy() : Json.object();
        boolean optimised = !resource.sdk();
        if (optimised) {
            optimisedRequest(service, request, call);
        }
        if (service == AwsJsonServices.SFN) {
            stringifyMember(request, "Input"); // an execution's input travels as JSON text
        }
        byte[] body = Json.write(toWire(request, service, operation)).getBytes(StandardCharsets.UTF_8);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", service.contentType());
        headers.put("X-Amz-Target", service.targetPrefix() + "." + operation);
        String clientError = (optimised ? service.optimisedPrefix() : service.sdkName()) + ".SdkClientException";
        AwsHttp.Response r = http.send("POST", endpoint, headers, body, service.signingName(), call.region(),
                clientError);
        if (r.status() >= 300) {
            throw error(service, optimised, r);
        }
        ObjectNode response = fromWire(parse(r.body()), service, operation);
        if (!optimised) {
            return response;
        }
        if (service == AwsJsonServices.EVENTBRIDGE && response.path("FailedEntryCount").asInt(0) > 0) {
            throw new IntegrationException("EventBridge.FailedEntry", Json.write(response));
        }
        AwsHttp.addSdkMetadata(response, r);
        return response;
    }

    /** What the optimised integrations do to the parameters before the call (see the class comment). */
    private static void optimisedRequest(AwsJsonServices.Service service, ObjectNode request, TaskCall call) {
        if (service == AwsJsonServices.SQS) {
            stringifyMember(request, "MessageBody");
        } else if (service == AwsJsonServices.EVENTBRIDGE && request.get("Entries") instanceof ArrayNode entries) {
            for (JsonNode entry : entries) {
                if (entry instanceof ObjectNode e) {
                    stringifyMember(e, "Detail");
                    ArrayNode resources = e.get("Resources") instanceof ArrayNode a ? a : e.putArray("Resources");
                    resources.add(call.executionArn());
                    resources.add(stateMachineArn(call.executionArn()));
                }
            }
        }
    }

    private static void stringifyMember(ObjectNode o, String member) {
        JsonNode v = o.get(member);
        if (v != null && (v.isObject() || v.isArray())) {
            o.put(member, Json.write(v));
        }
    }

    /** arn:aws:states:r:a:execution:Machine:name (or express:Machine:name:id) → arn:aws:states:r:a:stateMachine:Machine. */
    static String stateMachineArn(String executionArn) {
        return Arn.parse(executionArn).filter(arn -> arn.resourceName() != null)
                .map(arn -> arn.withResource("stateMachine:" + arn.resourceName()).toString()).orElse(executionArn);
    }

    /** Task Parameters (PascalCase) as the wire names them. */
    static JsonNode toWire(JsonNode node, AwsJsonServices.Service service, String operation) {
        return rename(node, service, operation, true);
    }

    /** A wire response as Step Functions records it: PascalCase members (and for Step Functions, dates in epoch milliseconds). */
    static ObjectNode fromWire(JsonNode node, AwsJsonServices.Service service, String operation) {
        JsonNode renamed = rename(node, service, operation, false);
        ObjectNode o = renamed instanceof ObjectNode on ? on : Json.object();
        if (service.camelCaseWire()) {
            // as this server's own Step Functions integration renders them (epoch seconds on the wire)
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getKey().endsWith("Date") && e.getValue().isNumber()) {
                    e.setValue(Json.NODES.numberNode(Math.round(e.getValue().doubleValue() * 1000)));
                }
            }
        }
        return o;
    }

    private static JsonNode rename(JsonNode root, AwsJsonServices.Service service, String operation, boolean toWire) {
        return rename(root, service.wireNames().get(operation), service, toWire);
    }

    /**
     * Renames the members of {@code node}: in a camelCase service every member (except those whose
     * values are the user's data), in a PascalCase service only those that {@code names} lists for
     * this object (found by the member that holds it).
     */
    private static JsonNode rename(JsonNode node, Map<String, String> names, AwsJsonServices.Service service,
                                   boolean toWire) {
        if (node instanceof ArrayNode array) {
            ArrayNode a = Json.array();
            array.forEach(v -> a.add(rename(v, names, service, toWire)));
            return a;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        ObjectNode o = Json.object();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            String name = key;
            JsonNode value = e.getValue();
            if (service.camelCaseWire()) {
                name = key.isEmpty() ? key : (toWire ? Character.toLowerCase(key.charAt(0))
                        : Character.toUpperCase(key.charAt(0))) + key.substring(1);
                if (!isData(key)) {
                    value = rename(value, null, service, toWire);
                }
            } else {
                if (names != null) {
                    for (Map.Entry<String, String> n : names.entrySet()) {
                        if (toWire && n.getKey().equals(key)) {
                            name = n.getValue();
                        } else if (!toWire && n.getValue().equals(key)) {
                            name = n.getKey();
                        }
                    }
                }
                // nested renames are keyed by the PascalCase member that holds the object
                String pascal = toWire ? key : name;
                if (!service.wireNames().isEmpty()) {
                    value = rename(value, service.wireNames().get(pascal), service, toWire);
                }
            }
            o.set(name, value);
        }
        return o;
    }

    /** Members of Step Functions' API whose values are the user's own data: their names stay as they are. */
    private static boolean isData(String member) {
        return member.equalsIgnoreCase("input") || member.equalsIgnoreCase("output")
                || member.equalsIgnoreCase("assignedVariables") || member.equalsIgnoreCase("variableReferences");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.object();
        }
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            return Json.object();
        }
    }

    /** The error Step Functions records for an error response (see the class comment). */
    private static IntegrationException error(AwsJsonServices.Service service, boolean optimised, AwsHttp.Response r) {
        String code = r.header("x-amzn-ErrorType");
        String message = null;
        String body = r.body() == null ? "" : r.body();
        try {
            JsonNode b = Json.parse(body);
            if (code == null) {
                code = b.hasNonNull("__type") ? b.get("__type").asText() : b.path("code").asText(null);
            }
            for (String m : new String[] {"message", "Message", "errorMessage"}) {
                if (message == null && b.hasNonNull(m)) {
                    message = b.get(m).asText();
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: an error page or a stand-in's XML error (an unaccepted signature, …)
            Matcher c = XML_CODE.matcher(body);
            Matcher m = XML_MESSAGE.matcher(body);
            code = code != null ? code : c.find() ? c.group(1) : null;
            message = m.find() ? m.group(1) : body;
        }
        code = AwsHttp.errorCode(code);
        if (code == null) {
            code = r.status() >= 500 ? "InternalFailure" : "UnknownError";
        }
        message = message == null ? "" : message;
        String requestId = r.header("x-amzn-RequestId");
        requestId = requestId == null ? "" : requestId;
        if (optimised) {
            // the SDK v1 reports the query protocol's code where the service keeps one (SQS)
            String queryError = r.header("x-amzn-query-error");
            String wireCode = queryError != null ? queryError.split(";")[0] : code;
            return new IntegrationException(service.optimisedPrefix() + "." + service.exceptionName(code, false),
                    message + " (Service: " + service.v1Name() + "; Status Code: " + r.status() + "; Error Code: "
                            + wireCode + "; Request ID: " + requestId + "; Proxy: null)");
        }
        return new IntegrationException(service.sdkName() + "." + service.exceptionName(code, true),
                message + " (Service: " + service.sdkName() + ", Status Code: " + r.status() + ", Request ID: "
                        + requestId + ") (SDK Attempt Count: 1)");
    }

}
