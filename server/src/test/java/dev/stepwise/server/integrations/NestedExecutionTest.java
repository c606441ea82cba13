package dev.stepwise.server.integrations;

import static dev.stepwise.server.integrations.Runs.closed;
import static dev.stepwise.server.integrations.Runs.machine;
import static dev.stepwise.server.integrations.Runs.run;
import static dev.stepwise.server.integrations.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Executions that start executions: states:startExecution and its patterns, and aws-sdk:sfn calls. */
class NestedExecutionTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture(WaitScale.REAL));

    private static SfnClient sfn() {
        return server.fixture().sfn();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String parent(String name, String resource, String extra) {
        return machine(sfn(), name, """
                {"StartAt": "Child", "States": {"Child": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"StateMachineArn.$": "$.child", "Input.$": "$.input"%s}, "End": true}}}"""
                .formatted(resource, extra));
    }

    @Test
    void syncTwoReturnsTheChildsOutputAsJson() {
        String child = machine(sfn(), "child-adds", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"},
                  "End": true}}}""");
        String p = parent("parent-sync2", "arn:aws:states:::states:startExecution.sync:2", "");
        DescribeExecutionResponse d = run(sfn(), p, "{\"child\": \"" + child + "\", \"input\": {\"a\": 2, \"b\": 3}}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = parse(d.output());
        assertThat(out.get("Output")).isEqualTo(parse("{\"sum\":5}"));
        assertThat(out.get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.get("StateMachineArn").asText()).isEqualTo(child);
        // the child is a real execution of its machine
        String childArn = out.get("ExecutionArn").asText();
        assertThat(sfn().listExecutions(r -> r.stateMachineArn(child)).executions())
                .extracting(e -> e.executionArn()).contains(childArn);
        assertThat(types(sfn(), d.executionArn())).containsSubsequence(HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED);
    }

    @Test
    void syncReturnsTheOutputAsTextAndAFailedChildFailsTheTask() {
        String child = machine(sfn(), "child-fails", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}}""");
        String p = machine(sfn(), "parent-sync-catch", """
                {"StartAt": "Child", "States": {
                  "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                    "Parameters": {"StateMachineArn.$": "$.child"},
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""");
        DescribeExecutionResponse d = run(sfn(), p, "{\"child\": \"" + child + "\"}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode caught = parse(d.output());
        assertThat(caught.get("Error").asText()).isEqualTo("States.TaskFailed");
        JsonNode cause = parse(caught.get("Cause").asText());
        assertThat(cause.get("Status").asText()).isEqualTo("FAILED");
        assertThat(cause.get("Error").asText()).isEqualTo("Broken");
        assertThat(cause.get("Cause").asText()).isEqualTo("on purpose");
        assertThat(cause.get("Input").asText()).isEqualTo("{}");
    }

    @Test
    void requestResponseAnswersOnceTheChildStarted() {
        String child = machine(sfn(), "child-waits", Defs2.WAIT_60);
        String p = parent("parent-fire-and-forget", "arn:aws:states:::states:startExecution", ", \"Name\": \"named\"");
        DescribeExecutionResponse d = run(sfn(), p, "{\"child\": \"" + child + "\", \"input\": {}}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = parse(d.output());
        String childArn = child.replace(":stateMachine:", ":execution:") + ":named";
        assertThat(out.get("ExecutionArn").asText()).isEqualTo(childArn);
        assertThat(out.get("StartDate").isIntegralNumber()).isTrue();
        assertThat(sfn().describeExecution(r -> r.executionArn(childArn)).status()).isEqualTo(ExecutionStatus.RUNNING);
        sfn().stopExecution(r -> r.executionArn(childArn));
    }

    @Test
    void awsSdkStartExecutionSendsAJsonInputAsItsText() {
        // StartExecution's input is a string in the API; a Task passing JSON has it written out as text
        String child = machine(sfn(), "child-echoes", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""");
        String p = parent("parent-sdk-start", "arn:aws:states:::aws-sdk:sfn:startExecution", "");
        DescribeExecutionResponse d = run(sfn(), p,
                "{\"child\": \"" + child + "\", \"input\": {\"a\": [1, \"two\"], \"b\": {\"c\": null}}}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = parse(d.output());
        assertThat(out.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("ExecutionArn", "StartDate");
        String childArn = out.get("ExecutionArn").asText();
        DescribeExecutionResponse started = sfn().describeExecution(r -> r.executionArn(childArn));
        assertThat(started.stateMachineArn()).isEqualTo(child);
        assertThat(parse(started.input())).isEqualTo(parse("{\"a\": [1, \"two\"], \"b\": {\"c\": null}}"));
    }

    @Test
    void waitForTaskTokenIsCompletedByTheChildThroughAwsSdkSfn() {
        // the child answers its parent's task with the token it was given
        String child = machine(sfn(), "child-answers", """
                {"StartAt": "Answer", "States": {"Answer": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                  "Parameters": {"TaskToken.$": "$.token", "Output": "{\\"from\\":\\"child\\"}"}, "End": true}}}""");
        String p = machine(sfn(), "parent-callback-token", """
                {"StartAt": "Child", "States": {"Child": {"Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                  "Parameters": {"StateMachineArn.$": "$.child", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}""");
        DescribeExecutionResponse d = run(sfn(), p, "{\"child\": \"" + child + "\"}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"from\":\"child\"}");
        assertThat(types(sfn(), d.executionArn())).containsSubsequence(HistoryEventType.TASK_SUBMITTED,
                HistoryEventType.TASK_SUCCEEDED);
    }

    @Test
    void anAwsSdkSfnErrorIsNamedAfterTheService() {
        String p = machine(sfn(), "parent-sdk-error", """
                {"StartAt": "Describe", "States": {"Describe": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
                  "Parameters": {"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:none:none"},
                  "End": true}}}""");
        DescribeExecutionResponse d = run(sfn(), p, "{}");
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Sfn.ExecutionDoesNotExistException");
        assertThat(d.cause()).startsWith("Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:"
                + "execution:none:none' (Service: Sfn, Status Code: 400, Request ID: ");
    }

    @Test
    void aParentWaitingOnSyncGoesOnAfterARestart() {
        String child = machine(sfn(), "child-slow", Defs2.waitThenPass(2));
        String p = parent("parent-restart", "arn:aws:states:::states:startExecution.sync:2", "");
        String arn = sfn().startExecution(r -> r.stateMachineArn(p).input(
                "{\"child\": \"" + child + "\", \"input\": {\"k\": 1}}")).executionArn();
        await().atMost(Duration.ofSeconds(30)).until(() -> types(sfn(), arn).contains(HistoryEventType.TASK_SUBMITTED));
        server.fixture().restart();
        DescribeExecutionResponse d = closed(sfn(), arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(parse(d.output()).get("Output")).isEqualTo(parse("{\"k\":1}"));
        // one child only: the restart did not start a second
        assertThat(sfn().listExecutions(r -> r.stateMachineArn(child)).executions()).hasSize(1);
    }

    /** Small definitions. */
    private static final class Defs2 {
        static final String WAIT_60 = waitThenPass(60);

        static String waitThenPass(int seconds) {
            return """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": %d, "Next": "P"},
                     "P": {"Type": "Pass", "End": true}}}""".formatted(seconds);
        }
    }
}
