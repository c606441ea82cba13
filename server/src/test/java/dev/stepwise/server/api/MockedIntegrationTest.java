package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.awaitEvent;
import static dev.stepwise.server.api.Defs.awaitStatus;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.mock.MockSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * Mocked service integrations as Step Functions Local has them, one test per rule, through the AWS
 * SDK: an execution started on "stateMachineArn#TestCase" has the Task states its test case names
 * answered from the mock configuration, each invocation (retries included) taking the next
 * numbered response; other states run for real.
 */
class MockedIntegrationTest {
    private static final String WORKER_ACTIVITY = ARN_PREFIX + "activity:mock-worker";
    private static final String CONFIG = """
            {"StateMachines": {
              "Numbered": {"TestCases": {"Retries": {"T": "ThreeFailures"}, "RunsOut": {"T": "OneFailure"}}},
              "Caught": {"TestCases": {"Throw": {"T": "OneFailure"}}},
              "Hybrid": {"TestCases": {"WithWorker": {"A": "Hello", "C": "Sent"}}},
              "Activity": {"TestCases": {"Refused": {"T": "Hello"}}},
              "Fanout": {"TestCases": {"Items": {"T": "FailThenCount", "B": "FailThenCount"}}},
              "Sequential": {"TestCases": {"Items": {"T": "FailThenCount"}}},
              "Callback": {"TestCases": {"Token": {"T": "Sent"}}},
              "Express": {"TestCases": {"Sync": {"T": "Hello"}}},
              "Distributed": {"TestCases": {"Children": {"T": "Hello"}}}},
             "MockedResponses": {
              "ThreeFailures": {"0": {"Throw": {"Error": "Boom", "Cause": "first"}},
                                "1-2": {"Throw": {"Error": "Boom", "Cause": "again"}},
                                "3": {"Return": {"n": 3}}},
              "OneFailure": {"0": {"Throw": {"Error": "Boom", "Cause": "bad"}}},
              "Hello": {"0": {"Return": {"StatusCode": 200, "Payload": {"greeting": "hello"}}}},
              "Sent": {"0": {"Return": {"MessageId": "m-1"}}},
              "FailThenCount": {"0": {"Throw": {"Error": "Boom", "Cause": "first"}},
                                "1": {"Return": "one"}, "2": {"Return": "two"}, "3": {"Return": "three"},
                                "4": {"Return": "four"}}}}""";

    private static ServerFixture fixture;
    private static SfnClient sfn;
    private static String numbered;
    private static String hybrid;

    @BeforeAll
    static void start() throws Exception {
        // retry intervals skipped; GetActivityTask answers empty after 2 seconds
        fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(2), MockConfig.parse(CONFIG, "test config"));
        sfn = fixture.sfn();
        sfn.createActivity(r -> r.name("mock-worker"));
        numbered = machine("Numbered", NUMBERED);
        hybrid = machine("Hybrid", HYBRID);
    }

    private static final String NUMBERED = """
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"},
              "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 5}], "End": true}}}""";

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static String machine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static DescribeExecutionResponse runCase(String machineArn, String testCase, ExecutionStatus end) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(machineArn + "#" + testCase).input("{}")).executionArn();
        return awaitStatus(sfn, arn, end);
    }

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void eachInvocationRetriesIncludedTakesTheNextNumberedResponse() throws Exception {
        DescribeExecutionResponse done = runCase(numbered, "Retries", ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"n\": 3}"));
        List<HistoryEvent> events = history(sfn, done.executionArn());
        assertThat(types(events)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_FAILED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_FAILED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_FAILED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        List<String> causes = events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED)
                .map(e -> e.taskFailedEventDetails().error() + ":" + e.taskFailedEventDetails().cause()).toList();
        assertThat(causes).containsExactly("Boom:first", "Boom:again", "Boom:again");
        HistoryEvent succeeded = events.get(13);
        assertThat(succeeded.taskSucceededEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(succeeded.taskSucceededEventDetails().resource()).isEqualTo("invoke");
        assertThat(json(succeeded.taskSucceededEventDetails().output())).isEqualTo(json("{\"n\": 3}"));
    }

    @Test
    void runningOutOfResponsesFailsTheExecution() {
        DescribeExecutionResponse done = runCase(numbered, "RunsOut", ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).startsWith("The mocked response 'OneFailure' has no entry for invocation 1 of "
                + "state 'T' (test case 'RunsOut' of state machine 'Numbered')");
    }

    @Test
    void aThrowIsCaughtByCatch() throws Exception {
        String arn = machine("Caught", """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"},
                        "Catch": [{"ErrorEquals": ["Boom"], "Next": "Fallback"}], "End": true},
                  "Fallback": {"Type": "Pass", "End": true}}}""");
        DescribeExecutionResponse done = runCase(arn, "Throw", ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"Error\": \"Boom\", \"Cause\": \"bad\"}"));
        HistoryEvent failed = history(sfn, done.executionArn()).stream()
                .filter(e -> e.type() == HistoryEventType.TASK_FAILED).findFirst().orElseThrow();
        assertThat(failed.taskFailedEventDetails().resourceType()).isEqualTo("sns");
        assertThat(failed.taskFailedEventDetails().error()).isEqualTo("Boom");
        assertThat(failed.taskFailedEventDetails().cause()).isEqualTo("bad");
    }

    private static final String HYBRID = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                    "OutputPath": "$.Payload", "Next": "B"},
              "B": {"Type": "Task", "Resource": "%s", "Next": "C"},
              "C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": true}}}""".formatted(WORKER_ACTIVITY);

    private static GetActivityTaskResponse nextTask() {
        for (int i = 0; i < 10; i++) {
            GetActivityTaskResponse task = sfn.getActivityTask(r -> r.activityArn(WORKER_ACTIVITY).workerName("w"));
            if (task.taskToken() != null) {
                return task;
            }
        }
        throw new AssertionError("no activity task came");
    }

    @Test
    void statesTheTestCaseDoesNotMockRunForReal() throws Exception {
        String exec = sfn.startExecution(r -> r.stateMachineArn(hybrid + "#WithWorker")).executionArn();
        GetActivityTaskResponse task = nextTask();
        // the activity worker plays the real part, and gets what the mocked state returned
        assertThat(json(task.input())).isEqualTo(json("{\"greeting\": \"hello\"}"));
        sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"worked\": true}"));
        DescribeExecutionResponse done = awaitStatus(sfn, exec, ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"MessageId\": \"m-1\"}"));
        assertThat(types(history(sfn, exec))).containsSubsequence(HistoryEventType.TASK_SUCCEEDED,
                HistoryEventType.ACTIVITY_SCHEDULED, HistoryEventType.ACTIVITY_STARTED,
                HistoryEventType.ACTIVITY_SUCCEEDED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_SUCCEEDED);
    }

    @Test
    void aRestartKeepsTheTestCase() throws Exception {
        String exec = sfn.startExecution(r -> r.stateMachineArn(hybrid + "#WithWorker").name("survives-restart"))
                .executionArn();
        awaitEvent(sfn, exec, HistoryEventType.ACTIVITY_SCHEDULED);
        fixture.restart();
        sfn = fixture.sfn();
        GetActivityTaskResponse task = nextTask();
        sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}"));
        // C is still mocked: without its test case it would fail, having no real integration
        DescribeExecutionResponse done = awaitStatus(sfn, exec, ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"MessageId\": \"m-1\"}"));
    }

    @Test
    void activityStatesCannotBeMocked() {
        String arn = machine("Activity", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(WORKER_ACTIVITY));
        DescribeExecutionResponse done = runCase(arn, "Refused", ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).isEqualTo(MockSession.ACTIVITY_REFUSED);
    }

    @Test
    void concurrentMapIterationsAndParallelBranchesGetTheSameResponsesEveryTime() throws Exception {
        String arn = machine("Fanout", """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                      "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}}}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": "q", "MessageBody": "x"},
                    "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}}]}}}""");
        List<String> outputs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            String exec = sfn.startExecution(r -> r.stateMachineArn(arn + "#Items").input("[1, 2, 3, 4, 5, 6]"))
                    .executionArn();
            outputs.add(awaitStatus(sfn, exec, ExecutionStatus.SUCCEEDED).output());
        }
        // each iteration and each branch counts on its own: invocation 0 throws, the retry gets "one"
        assertThat(json(outputs.get(0))).isEqualTo(json(
                "[[\"one\", \"one\", \"one\", \"one\", \"one\", \"one\"], \"one\"]"));
        assertThat(outputs).containsOnly(outputs.get(0));
    }

    @Test
    void mapIterationsRunOneAtATimeShareTheirStatesCount() throws Exception {
        String arn = machine("Sequential", """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                    "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}}}}}""");
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn + "#Items").input("[1, 2, 3]")).executionArn();
        // as in Step Functions Local with MaxConcurrency 1: 0 throws and 1 answers item 1, then 2, then 3
        assertThat(json(awaitStatus(sfn, exec, ExecutionStatus.SUCCEEDED).output()))
                .isEqualTo(json("[\"one\", \"two\", \"three\"]"));
    }

    @Test
    void aDistributedMapsChildExecutionsUseTheirParentsTestCase() throws Exception {
        String arn = machine("Distributed", """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f"}, "OutputPath": "$.Payload", "End": true}}}}}}""");
        String exec = sfn.startExecution(r -> r.stateMachineArn(arn + "#Children").input("[1, 2]")).executionArn();
        assertThat(json(awaitStatus(sfn, exec, ExecutionStatus.SUCCEEDED).output()))
                .isEqualTo(json("[{\"greeting\": \"hello\"}, {\"greeting\": \"hello\"}]"));
    }

    @Test
    void aMockedCallbackTaskCompletesWithItsResponse() throws Exception {
        String arn = machine("Callback", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}""");
        DescribeExecutionResponse done = runCase(arn, "Token", ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"MessageId\": \"m-1\"}"));
    }

    @Test
    void startSyncExecutionRunsATestCase() throws Exception {
        String arn = sfn.createStateMachine(r -> r.name("Express").type(StateMachineType.EXPRESS).roleArn(ROLE)
                .definition("""
                        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"FunctionName": "f"}, "OutputPath": "$.Payload", "End": true}}}"""))
                .stateMachineArn();
        StartSyncExecutionResponse done = sfn.startSyncExecution(r -> r.stateMachineArn(arn + "#Sync"));
        assertThat(done.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(done.stateMachineArn()).isEqualTo(arn);
        assertThat(json(done.output())).isEqualTo(json("{\"greeting\": \"hello\"}"));
    }

    @Test
    void aTestCaseTheFileDoesNotDefineIsRefused() {
        String arn = machine("Undefined", Defs.PASS);
        expectError(() -> sfn.startExecution(r -> r.stateMachineArn(arn + "#Nope")), "InvalidArn",
                "Invalid Arn: 'Test case 'Nope' is not defined for state machine 'Undefined' in the mock "
                        + "configuration file test config (it defines no test cases for that state machine)'");
        expectError(() -> sfn.startExecution(r -> r.stateMachineArn(numbered + "#Nope")), "InvalidArn",
                "Invalid Arn: 'Test case 'Nope' is not defined for state machine 'Numbered' in the mock "
                        + "configuration file test config (it defines Retries, RunsOut)'");
    }
}
