package dev.stepwise.integrations;

import dev.stepwise.asl.resource.TaskResource;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Where task integrations send their calls, as the operator configured them.
 *
 * @param lambdaEndpoint a Lambda Invoke API endpoint (e.g. {@code sam local start-lambda}), or null
 * @param serviceEndpoints endpoints of AWS JSON services by SDK service name ("dynamodb", "sqs",
 *     "eventbridge", "sfn"); Step Functions itself is this server unless configured here
 * @param allowPlainHttp whether http:invoke may call {@code http://} endpoints (local stand-ins)
 * @param connections the connections file http:invoke resolves Authentication.ConnectionArn from, or null
 * @param accessKey the access key calls are signed with (SigV4); local stand-ins accept any
 * @param secretKey its secret
 * @param ssl the TLS settings of outgoing HTTPS calls (the JDK's default trust store unless set)
 */
public record IntegrationConfig(URI lambdaEndpoint, Map<String, URI> serviceEndpoints, boolean allowPlainHttp,
                                Path connections, String accessKey, String secretKey, SSLContext ssl) {

    public IntegrationConfig {
        serviceEndpoints = Map.copyOf(serviceEndpoints);
    }

    /** No endpoints: only nested executions (this server) work. */
    public static IntegrationConfig none() {
        return new IntegrationConfig(null, Map.of(), false, null, "test", "test", null);
    }

    public IntegrationConfig withLambdaEndpoint(URI endpoint) {
        return new IntegrationConfig(endpoint, serviceEndpoints, allowPlainHttp, connections, accessKey, secretKey, ssl);
    }

    public IntegrationConfig withServiceEndpoints(Map<String, URI> endpoints) {
        return new IntegrationConfig(lambdaEndpoint, endpoints, allowPlainHttp, connections, accessKey, secretKey, ssl);
    }

    public IntegrationConfig withHttp(boolean allowPlain, Path connectionsFile, SSLContext context) {
        return new IntegrationConfig(lambdaEndpoint, serviceEndpoints, allowPlain, connectionsFile, accessKey,
                secretKey, context);
    }

    /** The sentence that tells an operator how to make {@code resource} work. */
    static String whatToConfigure(TaskResource.Integrated resource) {
        return switch (resource.service()) {
            case "lambda" -> "pass --lambda-endpoint URL (or set LAMBDA_ENDPOINT) pointing at a Lambda "
                    + "Invoke API, or mock the state in a mock configuration.";
            case "dynamodb", "sqs", "eventbridge", "events", "sfn" -> "pass --service-endpoint "
                    + ("events".equals(resource.service()) ? "eventbridge" : resource.service())
                    + "=URL pointing at a local stand-in, or mock the state in a mock configuration.";
            default -> "this service has no local integration; mock the state in a mock configuration.";
        };
    }
}
