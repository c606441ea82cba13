package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda functions, called with the Lambda Invoke API at the configured endpoint (as
 * {@code sam local start-lambda} and other stand-ins serve it): a function ARN as the Resource
 * (the state's input is the payload, the function's result the output), and
 * {@code arn:aws:states:::lambda:invoke} (Parameters FunctionName, Payload, InvocationType,
 * Qualifier, ClientContext, LogType; the output wraps the payload with StatusCode,
 * ExecutedVersion and SDK metadata). With {@code .waitForTaskToken} the function is invoked
 * asynchronously (InvocationType Event) and the task waits for its callback.
 *
 * <p>Errors as Step Functions records them: a function error is named by the function's
 * errorType (Lambda.Unknown when it gives none) with the error payload as cause; a failure of
 * the Lambda service itself is "Lambda." and its error code (Lambda.ResourceNotFoundException, …).
 */
public final class LambdaIntegration implements Integration {
    private final IntegrationConfig config;
    private final AwsHttp http;

    public LambdaIntegration(IntegrationConfig config, java.time.Clock clock) {
        this.config = config;
        this.http = new AwsHttp(config, clock);
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals("lambda") && resource.action().equals("invoke");
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        if (config.lambdaEndpoint() == null) {
            throw new IntegrationException("States.Runtime", "No Lambda endpoint is configured for '"
                    + call.resource().text() + "': " + IntegrationConfig.whatToConfigure(call.resource()));
        }
        // a function ARN as the Resource: the state's input is the payload
        TaskResource.LambdaFunction functionArn = call.resource() instanceof TaskResource.LambdaFunction f ? f : null;
        boolean optimised = functionArn == null;
        JsonNode p = call.parameters();
        String function = optimised ? p.path("FunctionName").asText("") : functionArn.text();
        if (function.isEmpty()) {
            throw new IntegrationException("States.Runtime", "The Parameters of lambda:invoke must name a FunctionName.");
        }
        boolean callback = call.resource().pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;
        String invocationType = optimised && p.hasNonNull("InvocationType") ? p.get("InvocationType").asText()
                : callback ? "Event" : "RequestResponse";
        JsonNode payload = optimised ? p.get("Payload") : p;
        byte[] body = payload == null || payload.isNull() ? new byte[0]
                : (payload.isTextual() ? payload.asText() : Json.write(payload)).getBytes(StandardCharsets.UTF_8);

        StringBuilder uri = new StringBuilder(config.lambdaEndpoint().toString().replaceAll("/+$", ""))
                .append("/2015-03-31/functions/").append(URLEncoder.encode(function, StandardCharsets.UTF_8)
                        .replace("+", "%20")).append("/invocations");
        if (optimised && p.hasNonNull("Qualifier")) {
            uri.append("?Qualifier=").append(URLEncoder.encode(p.get("Qualifier").asText(), StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Invocation-Type", invocationType);
        if (optimised && p.hasNonNull("LogType")) {
            headers.put("X-Amz-Log-Type", p.get("LogType").asText());
        }
        if (optimised && p.hasNonNull("ClientContext")) {
            headers.put("X-Amz-Client-Context", p.get("ClientContext").asText());
        }
        AwsHttp.Response r = http.send("POST", URI.create(uri.toString()), headers, body, "lambda", call.region(),
                "Lambda.SdkClientException");
        if (r.status() >= 300) {
            throw serviceError(r);
        }
        String functionError = r.header("X-Amz-Function-Error");
        if (functionError != null) {
            throw functionError(r.body());
        }
        if (!optimised) {
            return parsedOrText(r.body());
        }
        ObjectNode output = Json.object();
        output.put("ExecutedVersion", r.header("X-Amz-Executed-Version") == null ? "$LATEST"
                : r.header("X-Amz-Executed-Version"));
        if (r.header("X-Amz-Log-Result") != null) {
            output.put("LogResult", r.header("X-Amz-Log-Result"));
        }
        output.set("Payload", r.body() == null || r.body().isEmpty() ? Json.text("") : parsedOrText(r.body()));
        AwsHttp.addSdkMetadata(output, r);
        output.put("StatusCode", r.status());
        return output;
    }

    private static JsonNode parsedOrText(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            return Json.text(body);
        }
    }

    /** A function that threw: its errorType names the error; the error payload is the cause. */
    private static IntegrationException functionError(String body) {
        String error = "Lambda.Unknown";
        String cause = body;
        try {
            JsonNode payload = Json.parse(body);
            if (payload.hasNonNull("errorType")) {
                error = payload.get("errorType").asText();
            } else {
                cause = "The cause could not be determined because Lambda did not return an error type. "
                        + "Returned payload: " + body;
            }
        } catch (JsonProcessingException e) {
            cause = "The cause could not be determined because Lambda did not return an error type. "
                    + "Returned payload: " + body;
        }
        return new IntegrationException(error, cause);
    }

    /** The Lambda service refused the call (no such function, throttled, …). */
    private static IntegrationException serviceError(AwsHttp.Response r) {
        String code = r.header("x-amzn-ErrorType");
        String message = r.body();
        try {
            JsonNode body = Json.parse(r.body());
            if (code == null && body.hasNonNull("__type")) {
                code = body.get("__type").asText();
            }
            if (body.hasNonNull("message")) {
                message = body.get("message").asText();
            } else if (body.hasNonNull("Message")) {
                message = body.get("Message").asText();
            }
        } catch (JsonProcessingException e) {
            // keep the body as the message
        }
        code = AwsHttp.errorCode(code);
        if (code == null) {
            code = r.status() >= 500 ? "ServiceException" : "AWSLambdaException";
        }
        String requestId = r.header("x-amzn-RequestId");
        return new IntegrationException("Lambda." + code, message + " (Service: AWSLambda; Status Code: " + r.status()
                + "; Error Code: " + code + "; Request ID: " + (requestId == null ? "" : requestId) + "; Proxy: null)");
    }
}
