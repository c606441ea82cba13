package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.mock.MockConfigException;
import dev.stepwise.engine.mock.MockDispatcher;
import dev.stepwise.engine.mock.MockSession;
import org.junit.jupiter.api.Test;

/**
 * How mocked responses are numbered: per state, retries and loops included, shared by things that
 * run one after another, counted apart by things that may run at the same time.
 */
class MockInvocationTest {

    /** The configuration's test case "Case" of the machine "machine", with nothing real behind it. */
    private static Runs mocked(String definition, String config) throws MockConfigException {
        return Runs.of(definition).tasks(MockDispatcher.alone(MockConfig.parse(config, "test"))).mockTestCase("Case");
    }

    private static Runs.Result run(String definition, String config) throws MockConfigException {
        return mocked(definition, config).run();
    }

    private static final String SEQUENCE = """
            {"StateMachines": {"machine": {"TestCases": {"Case": {"T": "Seq"}}}},
             "MockedResponses": {"Seq": {
               "0": {"Throw": {"Error": "Boom", "Cause": "first"}},
               "1-2": {"Return": "one-or-two"},
               "3": {"Return": "three"},
               "4": {"Return": "four"},
               "5": {"Return": "five"}}}}""";

    @Test
    void retriesConsumeTheNextNumberedResponse() throws Exception {
        Runs.Result r = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}}""", SEQUENCE);
        r.assertSucceeded("\"one-or-two\"");
        assertThat(r.types()).containsSubsequence("TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled",
                "TaskStarted", "TaskSucceeded");
    }

    @Test
    void aMockedLambdaFunctionRecordsLambdaFunctionEvents() throws Exception {
        Runs.Result r = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}}""", SEQUENCE);
        r.assertSucceeded("\"one-or-two\"");
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void aStateEnteredAgainContinuesItsCount() throws Exception {
        // 0 throws and is caught, the loop enters T again: 1, then 3 ends the loop
        Runs.Result r = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "ResultPath": "$.r",
                        "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.e", "Next": "T"}], "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.r", "StringEquals": "three", "Next": "Done"}],
                        "Default": "T"},
                  "Done": {"Type": "Pass", "OutputPath": "$.r", "End": true}}}""", SEQUENCE);
        r.assertSucceeded("\"three\"");
    }

    private static final String MAP = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": %d,
              "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}], "End": true}}},
              "End": true}}}""";

    @Test
    void mapIterationsWithMaxConcurrencyOneShareTheCount() throws Exception {
        // as Step Functions Local with MaxConcurrency 1: iteration 0 takes 0 (throw) and 1,
        // iteration 1 takes 2, iteration 2 takes 3
        Runs.Result r = mocked(MAP.formatted(1), SEQUENCE).input("[1, 2, 3]").run();
        r.assertSucceeded("[\"one-or-two\", \"one-or-two\", \"three\"]");
    }

    @Test
    void concurrentIterationsCountApart() throws Exception {
        Runs.Result r = mocked(MAP.formatted(0), SEQUENCE).input("[1, 2, 3]").run();
        r.assertSucceeded("[\"one-or-two\", \"one-or-two\", \"one-or-two\"]");
    }

    @Test
    void parallelBranchesCountApart() throws Exception {
        String definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                    "End": true}}}]}}}""";
        String config = """
                {"StateMachines": {"machine": {"TestCases": {"Case": {"T": "Two", "B": "Two"}}}},
                 "MockedResponses": {"Two": {"0": {"Return": "zero"}, "1": {"Return": "one"}}}}""";
        Runs.Result r = mocked(definition, config).input("[1, 2]").run();
        r.assertSucceeded("[[\"zero\", \"zero\"], \"zero\"]");
    }

    @Test
    void runningOutOfResponsesFailsTheExecutionWithStatesRuntime() throws Exception {
        String config = """
                {"StateMachines": {"machine": {"TestCases": {"Case": {"T": "Once"}}}},
                 "MockedResponses": {"Once": {"0": {"Throw": {"Error": "Boom", "Cause": "no"}}}}}""";
        Runs.Result r = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}}}""", config);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("'Once' has no entry for invocation 1 of state 'T'");
    }

    @Test
    void activityStatesCannotBeMocked() throws Exception {
        String config = """
                {"StateMachines": {"machine": {"TestCases": {"Case": {"T": "R"}}}},
                 "MockedResponses": {"R": {"0": {"Return": {}}}}}""";
        Runs.Result r = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "End": true}}}""", config);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).isEqualTo(MockSession.ACTIVITY_REFUSED);
    }

    @Test
    void unmockedStatesFailNamingWhereToMockThem() throws Exception {
        String config = """
                {"StateMachines": {"machine": {"TestCases": {"Case": {}}}}, "MockedResponses": {}}""";
        Runs.Result r = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "End": true}}}""", config);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).contains("'T'").contains("StateMachines.machine.TestCases.Case");
    }
}
