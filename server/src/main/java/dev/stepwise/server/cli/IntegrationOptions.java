package dev.stepwise.server.cli;

import dev.stepwise.integrations.IntegrationConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where task integrations send their calls (a picocli mixin of the commands that run Task states). */
final class IntegrationOptions {
    @Option(names = "--lambda-endpoint", defaultValue = "${env:STEPWISE_LAMBDA_ENDPOINT:-${env:LAMBDA_ENDPOINT}}",
            description = "a Lambda Invoke API endpoint (sam local start-lambda, …) for Lambda tasks")
    URI lambdaEndpoint;

    @Option(names = "--service-endpoint", paramLabel = "SERVICE=URL", split = ",",
            defaultValue = "${env:STEPWISE_SERVICE_ENDPOINTS}",
            description = "an endpoint for aws-sdk and optimised tasks of an AWS JSON service (dynamodb, sqs, "
                    + "eventbridge, sfn), the Secrets Manager the Transfer face reads its secrets from "
                    + "(secretsmanager), or the S3-compatible service the Transfer face keeps S3 files in (s3; "
                    + "the embedded object store otherwise); repeatable. Also DYNAMODB_ENDPOINT, SQS_ENDPOINT, EVENTBRIDGE_ENDPOINT, "
                    + "STEP_FUNCTIONS_ENDPOINT")
    Map<String, URI> serviceEndpoints = new LinkedHashMap<>();

    @Option(names = "--http-allow-plain", defaultValue = "${env:STEPWISE_HTTP_ALLOW_PLAIN:-false}",
            description = "let http:invoke tasks call plain http:// endpoints (local stand-ins); HTTPS only otherwise")
    boolean httpAllowPlain;

    @Option(names = "--connections", defaultValue = "${env:STEPWISE_CONNECTIONS}", paramLabel = "FILE",
            description = "the connections file http:invoke tasks resolve Authentication.ConnectionArn from")
    Path connections;

    /** The configuration: these options, then Step Functions Local's variables for endpoints not given. */
    IntegrationConfig config() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        Map.of("dynamodb", "DYNAMODB_ENDPOINT", "sqs", "SQS_ENDPOINT", "eventbridge", "EVENTBRIDGE_ENDPOINT",
                "sfn", "STEP_FUNCTIONS_ENDPOINT").forEach((service, variable) -> {
                    String v = System.getenv(variable);
                    if (v != null && !v.isBlank()) {
                        endpoints.put(service, URI.create(v));
                    }
                });
        endpoints.putAll(serviceEndpoints);
        return new IntegrationConfig(lambdaEndpoint, endpoints, httpAllowPlain, connections,
                System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"), null);
    }
}
