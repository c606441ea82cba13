package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.awaitStatus;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    private static final String SQS_RESPONSE = """
            {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
             "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}""";
    private static final String LAMBDA_RESPONSE = """
            {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}""";

    @BeforeAll
    static void start() throws Exception {
        MockConfig config = MockConfig.parse(resource("MockConfigFile.json"), "MockConfigFile.json");
        // the retry policy's 2, 4 and 8 second intervals are skipped
        fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(60), config);
        sfn = fixture.sfn();
        String definition = resource("LambdaSQSIntegration.json");
        machineArn = sfn.createStateMachine(r -> r.name("LambdaSQSIntegration").roleArn(ROLE)
                .definition(definition)).stateMachineArn();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
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
    void hybridPathMocksTheLambdaAndCallsSqsForReal() {
        // SQSState performs a real call; this server has no SQS integration, so it fails saying so
        DescribeExecutionResponse done = run("HybridPath", ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).isEqualTo("No integration is configured for the resource "
                + "'arn:aws:states:::sqs:sendMessage'.");
        List<HistoryEventType> types = types(history(sfn, done.executionArn()));
        assertThat(types).containsSubsequence(HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_FAILED,
                HistoryEventType.EXECUTION_FAILED);
    }
}
