package dev.stepwise.server.integrations;

import static dev.stepwise.server.integrations.Runs.history;
import static dev.stepwise.server.integrations.Runs.machine;
import static dev.stepwise.server.integrations.Runs.run;
import static dev.stepwise.server.integrations.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

/** Lambda tasks sent to a Lambda Invoke API stand-in on a real local port, driven by the AWS SDK. */
class LambdaTaskTest {
    private static LambdaStandIn lambda;
    private static ServerFixture fixture;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws IOException {
        lambda = new LambdaStandIn();
        lambda.function("double", payload -> LambdaStandIn.Reply.ok(
                "{\"n\":" + 2 * parse(payload).path("n").asInt() + "}"));
        lambda.function("reject", payload -> LambdaStandIn.Reply.error("OrderRejected", "out of stock"));
        // a callback function: answers the task through the API with the token it was given
        lambda.function("approve", payload -> {
            String token = parse(payload).path("token").asText();
            sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
            return LambdaStandIn.Reply.ok("null");
        });
        lambda.function("silent", payload -> LambdaStandIn.Reply.ok("null"));
        fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(60),
                IntegrationConfig.none().withLambdaEndpoint(lambda.endpoint()));
        sfn = fixture.sfn();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
        lambda.close();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void aFunctionArnResourceSendsTheInputAndReturnsTheResult() {
        String m = machine(sfn, "lambda-arn", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double", "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{\"n\": 21}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"n\":42}");
        assertThat(types(sfn, d.executionArn())).containsSubsequence(HistoryEventType.LAMBDA_FUNCTION_SCHEDULED,
                HistoryEventType.LAMBDA_FUNCTION_STARTED, HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED);
        assertThat(lambda.invocations()).anySatisfy(i -> {
            assertThat(i.function()).isEqualTo("double");
            assertThat(i.invocationType()).isEqualTo("RequestResponse");
            assertThat(parse(i.payload())).isEqualTo(parse("{\"n\": 21}"));
            assertThat(i.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=test/");
        });
    }

    @Test
    void lambdaInvokeWrapsThePayloadWithTheResponseMetadata() {
        String m = machine(sfn, "lambda-invoke", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "double", "Payload": {"n.$": "$.value"}}, "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{\"value\": 5}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = parse(d.output());
        assertThat(output.get("Payload")).isEqualTo(parse("{\"n\":10}"));
        assertThat(output.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(output.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(output.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        HistoryEvent scheduled = history(sfn, d.executionArn()).stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst().orElseThrow();
        assertThat(scheduled.taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(scheduled.taskScheduledEventDetails().resource()).isEqualTo("invoke");
        assertThat(parse(scheduled.taskScheduledEventDetails().parameters()))
                .isEqualTo(parse("{\"FunctionName\":\"double\",\"Payload\":{\"n\":5}}"));
    }

    @Test
    void aFunctionErrorIsNamedByItsErrorTypeAndCanBeCaught() {
        String m = machine(sfn, "lambda-error", """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "reject", "Payload": {}},
                        "Catch": [{"ErrorEquals": ["OrderRejected"], "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Pass", "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode caught = parse(d.output());
        assertThat(caught.get("Error").asText()).isEqualTo("OrderRejected");
        assertThat(parse(caught.get("Cause").asText()).get("errorMessage").asText()).isEqualTo("out of stock");
        assertThat(types(sfn, d.executionArn())).contains(HistoryEventType.TASK_FAILED);
    }

    @Test
    void anUnknownFunctionFailsWithTheLambdaServiceError() {
        String m = machine(sfn, "lambda-missing", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:absent", "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(d.cause()).startsWith("Function not found: arn:aws:lambda:us-east-1:123456789012:function:absent")
                .contains("Status Code: 404");
    }

    @Test
    void waitForTaskTokenInvokesAsynchronouslyAndWaitsForTheCallback() {
        String m = machine(sfn, "lambda-callback", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "approve", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"approved\":true}");
        assertThat(types(sfn, d.executionArn())).containsSubsequence(HistoryEventType.TASK_SCHEDULED,
                HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED);
        HistoryEvent submitted = history(sfn, d.executionArn()).stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SUBMITTED).findFirst().orElseThrow();
        assertThat(parse(submitted.taskSubmittedEventDetails().output()).get("StatusCode").asInt()).isEqualTo(202);
        assertThat(lambda.invocations()).anySatisfy(i -> {
            assertThat(i.function()).isEqualTo("approve");
            assertThat(i.invocationType()).isEqualTo("Event");
        });
    }

    @Test
    void aCallbackThatNeverComesEndsWithTheHeartbeatTimeout() {
        String m = machine(sfn, "lambda-silent", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "HeartbeatSeconds": 1,
                  "Parameters": {"FunctionName": "silent", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}""");
        DescribeExecutionResponse d = run(sfn, m, "{}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(types(sfn, d.executionArn())).contains(HistoryEventType.TASK_TIMED_OUT);
    }

    @Test
    void testStateCallsTheFunctionOfAnUnmockedTask() {
        TestStateResponse r = sfn.testState(b -> b.roleArn(Runs.ROLE).input("{\"n\": 4}").definition("""
                {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double", "End": true}"""));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(parse(r.output())).isEqualTo(parse("{\"n\":8}"));

        TestStateResponse failed = sfn.testState(b -> b.roleArn(Runs.ROLE).input("{}").definition("""
                {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "reject", "Payload": {}}, "End": true}"""));
        assertThat(failed.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("OrderRejected");
    }

    @Test
    void stepwiseRunCallsTheFunctionOfATaskInProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("double.json");
        java.nio.file.Files.writeString(file, """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double", "End": true}}}""");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.stepwise.server.Main.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err), "run",
                file.toString(), "--input", "{\"n\": 5}", "--lambda-endpoint", lambda.endpoint().toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(parse(out.toString())).isEqualTo(parse("{\"n\":10}"));
    }

    @Test
    void withoutAnEndpointTheTaskFailsNamingWhatToConfigure() throws IOException {
        try (ServerFixture bare = new ServerFixture(new WaitScale(0))) {
            String m = machine(bare.sfn(), "lambda-unconfigured", """
                    {"StartAt": "T", "States": {"T": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double", "End": true}}}""");
            DescribeExecutionResponse d = run(bare.sfn(), m, "{}");
            assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(d.error()).isEqualTo("States.Runtime");
            assertThat(d.cause()).contains("--lambda-endpoint").contains("LAMBDA_ENDPOINT");
        }
    }
}
