package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.awaitStatus;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.integrations.IntegrationConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The example of AWS's documentation of Step Functions Local's mocked service integrations: the
 * LambdaSQSIntegration machine (a Lambda task with a retry policy, then an SQS task) and its mock
 * configuration file with the HappyPath, RetryPath and HybridPath test cases, started with
 * "stateMachineArn#TestCase" as the documentation's AWS CLI commands do.
 */
class MockConfigDocExampleTest {
    private static ServerFixture fixture;
    private static SfnClient sfn;
    private static String machineArn;
    private static HttpServer sqs;
    private static final List<JsonNode> sqsMessages = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final String SQS_RESPONSE = """
            {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
             "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}""";
    private static final String LAMBDA_RESPONSE = """
            {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}""";

    @BeforeAll
    static void start() throws Exception {
        MockConfig config = MockConfig.parse(resource("MockConfigFile.json"), "MockConfigFile.json");
        // HybridPath's SQS call goes to an SQS stand-in on a real local port
        sqs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sqs.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] answer;
            int status;
            if ("AmazonSQS.SendMessage".equals(target)) {
                sqsMessages.add(Json.parse(body));
                String message = Json.parse(body).path("MessageBody").asText();
                answer = ("{\"MD5OfMessageBody\":\"" + md5(message) + "\",\"MessageId\":\"" + UUID.randomUUID()
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                status = 200;
            } else {
                answer = "{\"__type\":\"com.amazonaws.sqs#InvalidAction\",\"message\":\"unknown\"}"
                        .getBytes(StandardCharsets.UTF_8);
                status = 400;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sqs.start();
        IntegrationConfig integrations = IntegrationConfig.none().withServiceEndpoints(
                Map.of("sqs", URI.create("http://127.0.0.1:" + sqs.getAddress().getPort())));
        // the retry policy's 2, 4 and 8 second intervals are skipped
        fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(60), integrations, config);
        sfn = fixture.sfn();
        String definition = resource("LambdaSQSIntegration.json");
        machineArn = sfn.createStateMachine(r -> r.name("LambdaSQSIntegration").roleArn(ROLE)
                .definition(definition)).stateMachineArn();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        sqs.stop(0);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws Exception {
        try (var in = MockConfigDocExampleTest.class.getResourceAsStream("/mocks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DescribeExecutionResponse run(String testCase, ExecutionStatus end) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(machineArn + "#" + testCase)
                .name("executionWith" + testCase + "MockedServices")).executionArn();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:executionWith"
                + testCase + "MockedServices");
        return awaitStatus(sfn, arn, end);
    }

    @Test
    void happyPathReturnsBothMockedResponses() throws Exception {
        DescribeExecutionResponse done = run("HappyPath", ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse(SQS_RESPONSE));
        List<HistoryEvent> events = history(sfn, done.executionArn());
        // the Lambda's mocked response is LambdaState's output and so SQSState's input
        HistoryEvent lambda = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SUCCEEDED).findFirst()
                .orElseThrow();
        assertThat(Json.parse(lambda.taskSucceededEventDetails().output())).isEqualTo(Json.parse(LAMBDA_RESPONSE));
        HistoryEvent sqsEntered = events.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .skip(1).findFirst().orElseThrow();
        assertThat(sqsEntered.stateEnteredEventDetails().name()).isEqualTo("SQSState");
        assertThat(Json.parse(sqsEntered.stateEnteredEventDetails().input())).isEqualTo(Json.parse(LAMBDA_RESPONSE));
        HistoryEvent sqs = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SUCCEEDED).skip(1)
                .findFirst().orElseThrow();
        assertThat(sqs.taskSucceededEventDetails().resourceType()).isEqualTo("sqs");
        assertThat(sqs.taskSucceededEventDetails().resource()).isEqualTo("sendMessage");
        assertThat(Json.parse(sqs.taskSucceededEventDetails().output())).isEqualTo(Json.parse(SQS_RESPONSE));
    }

    @Test
    void retryPathFailsThreeTimesThenSucceedsOnTheThirdRetry() throws Exception {
        DescribeExecutionResponse done = run("RetryPath", ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse(SQS_RESPONSE));
        List<HistoryEvent> events = history(sfn, done.executionArn());
        List<String> failures = events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED)
                .map(e -> e.taskFailedEventDetails().error() + ": " + e.taskFailedEventDetails().cause()).toList();
        assertThat(failures).containsExactly("Lambda.ResourceNotReadyException: Lambda resource is not ready.",
                "Lambda.TimeoutException: Lambda timed out.", "Lambda.TimeoutException: Lambda timed out.");
        assertThat(types(events).stream().filter(t -> t == HistoryEventType.TASK_SCHEDULED)).hasSize(5);
    }

    @Test
    void hybridPathMocksTheLambdaAndCallsSqsForReal() throws Exception {
        // LambdaState is mocked; SQSState sends its message for real, to the SQS stand-in
        DescribeExecutionResponse done = run("HybridPath", ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(done.output());
        assertThat(output.path("MessageId").asText()).isNotEmpty();
        assertThat(output.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(sqsMessages).anySatisfy(m -> {
            assertThat(m.path("QueueUrl").asText()).isEqualTo("https://sqs.us-east-1.amazonaws.com/123456789012/myQueue");
            // the mocked Lambda's payload went into the message, as the definition's MessageBody.$ says
            assertThat(m.path("MessageBody").asText()).contains("Hello from Lambda!");
        });
        List<HistoryEventType> types = types(history(sfn, done.executionArn()));
        assertThat(types).containsSubsequence(HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUCCEEDED, HistoryEventType.EXECUTION_SUCCEEDED);
    }
}
