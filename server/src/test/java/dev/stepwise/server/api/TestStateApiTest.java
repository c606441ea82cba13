package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.InspectionData;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateRequest;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

/**
 * TestState: one state run in isolation, alone or named in a whole machine, at each inspection
 * level, with and without mocks; Retry and Catch as TestState applies them (RETRIABLE,
 * CAUGHT_ERROR); and the request errors, each with AWS's type and message.
 */
class TestStateApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static TestStateResponse test(Consumer<TestStateRequest.Builder> request) {
        return server.sfn().testState(request);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    /** A definition written with single quotes for readability. */
    private static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    // ---- every state type, every inspection level

    @Test
    @Covers("TestState")
    void passShowsEachStageOfItsDataFlowAtDebug() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Pass', 'InputPath': '$.data', "
                        + "'Parameters': {'fixed': 1, 'from.$': '$.field'}, 'ResultPath': '$.placed', 'Next': 'After'}"))
                .input("{\"data\": {\"field\": \"v\"}, \"other\": 2}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("After");
        assertThat(json(r.output())).isEqualTo(json("{\"data\": {\"field\": \"v\"}, \"other\": 2, "
                + "\"placed\": {\"fixed\": 1, \"from\": \"v\"}}"));
        InspectionData d = r.inspectionData();
        assertThat(json(d.input())).isEqualTo(json("{\"data\": {\"field\": \"v\"}, \"other\": 2}"));
        assertThat(json(d.afterInputPath())).isEqualTo(json("{\"field\": \"v\"}"));
        assertThat(json(d.afterParameters())).isEqualTo(json("{\"fixed\": 1, \"from\": \"v\"}"));
        assertThat(json(d.afterResultSelector())).isEqualTo(json("{\"fixed\": 1, \"from\": \"v\"}"));
        assertThat(json(d.afterResultPath())).isEqualTo(json(r.output()));
        // a Pass without Result has no result of its own to show
        assertThat(d.result()).isNull();
    }

    @Test
    @Covers("TestState")
    void infoShowsTheOutcomeOnlyAndTraceShowsWhatDebugShows() {
        String pass = q("{'Type': 'Pass', 'Result': {'k': 'v'}, 'End': true}");
        TestStateResponse info = test(b -> b.definition(pass).input("{\"a\": 1}"));
        assertThat(info.inspectionData()).isNull();
        assertThat(info.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(info.nextState()).isNull();
        assertThat(json(info.output())).isEqualTo(json("{\"k\": \"v\"}"));

        TestStateResponse debug = test(b -> b.definition(pass).input("{\"a\": 1}").inspectionLevel(InspectionLevel.DEBUG));
        TestStateResponse trace = test(b -> b.definition(pass).input("{\"a\": 1}").inspectionLevel(InspectionLevel.TRACE));
        assertThat(trace.inspectionData()).isEqualTo(debug.inspectionData());
        // a Pass with a Result shows it as its result, and no input stages
        assertThat(json(debug.inspectionData().result())).isEqualTo(json("{\"k\": \"v\"}"));
        assertThat(debug.inspectionData().afterInputPath()).isNull();
        assertThat(debug.inspectionData().afterParameters()).isNull();
        assertThat(json(debug.inspectionData().afterResultPath())).isEqualTo(json("{\"k\": \"v\"}"));
    }

    @Test
    @Covers("TestState")
    void choiceAnswersTheStateItChooses() {
        String choice = q("{'Type': 'Choice', 'Choices': [{'Variable': '$.n', 'NumericGreaterThan': 10, 'Next': 'Big'}], "
                + "'Default': 'Small'}");
        TestStateResponse big = test(b -> b.definition(choice).input("{\"n\": 11}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(big.nextState()).isEqualTo("Big");
        assertThat(json(big.output())).isEqualTo(json("{\"n\": 11}"));
        assertThat(json(big.inspectionData().afterInputPath())).isEqualTo(json("{\"n\": 11}"));
        assertThat(big.inspectionData().afterResultPath()).isNull();
        assertThat(test(b -> b.definition(choice).input("{\"n\": 1}")).nextState()).isEqualTo("Small");

        TestStateResponse none = test(b -> b.definition(q("{'Type': 'Choice', 'Choices': [{'Variable': '$.n', "
                + "'IsPresent': false, 'Next': 'X'}]}")).input("{\"n\": 1}"));
        assertThat(none.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(none.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(none.output()).isNull();
    }

    @Test
    @Covers("TestState")
    void jsonataChoiceUsesTheRulesOutput() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Choice', 'QueryLanguage': 'JSONata', 'Choices': "
                        + "[{'Condition': '{% $states.input.n > 10 %}', 'Output': {'twice': '{% $states.input.n * 2 %}'}, "
                        + "'Next': 'Big'}], 'Default': 'Small'}"))
                .input("{\"n\": 21}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.nextState()).isEqualTo("Big");
        assertThat(json(r.output())).isEqualTo(json("{\"twice\": 42}"));
        // JSONata states have no JSONPath stages
        assertThat(r.inspectionData().afterInputPath()).isNull();
        assertThat(json(r.inspectionData().input())).isEqualTo(json("{\"n\": 21}"));
    }

    @Test
    @Covers("TestState")
    void waitDoesNotWait() {
        // a Wait of a day: answered at once, or the call would time out
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Wait', 'Seconds': 86400, 'Next': 'Later'}"))
                .input("{\"a\": 1}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("Later");
        assertThat(json(r.output())).isEqualTo(json("{\"a\": 1}"));
        assertThat(json(r.inspectionData().afterInputPath())).isEqualTo(json("{\"a\": 1}"));

        TestStateResponse until = test(b -> b.definition(q("{'Type': 'Wait', 'Timestamp': '2999-01-01T00:00:00Z', "
                + "'End': true}")).input("{}"));
        assertThat(until.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(until.nextState()).isNull();
    }

    @Test
    @Covers("TestState")
    void succeedAndFailEndTheirWay() {
        TestStateResponse succeed = test(b -> b.definition(q("{'Type': 'Succeed', 'OutputPath': '$.keep'}"))
                .input("{\"keep\": [1, 2], \"drop\": 3}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(succeed.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(json(succeed.output())).isEqualTo(json("[1, 2]"));
        assertThat(succeed.nextState()).isNull();

        TestStateResponse fail = test(b -> b.definition(q("{'Type': 'Fail', 'Error': 'Broken', 'Cause': 'on purpose'}"))
                .input("{\"v\": 1}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(fail.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(fail.error()).isEqualTo("Broken");
        assertThat(fail.cause()).isEqualTo("on purpose");
        assertThat(fail.output()).isNull();
        assertThat(json(fail.inspectionData().afterInputPath())).isEqualTo(json("{\"v\": 1}"));
    }

    @Test
    @Covers("TestState")
    void aFailingFieldFailsTheStateWithItsCause() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Pass', 'Parameters': {'x.$': '$.missing'}, 'End': true}"))
                .input("{\"a\": 1}"));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'StateName' (entered at the "
                + "event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input "
                + "'{\"a\":1}'");
    }

    // ---- Task states: mocked, and real

    @Test
    @Covers("TestState")
    void aTaskMockedResultGoesThroughTheTasksResultProcessing() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'Parameters': {'FunctionName': 'f', 'Payload.$': '$'}, 'ResultSelector': {'body.$': '$.Payload'}, "
                        + "'ResultPath': '$.out', 'Next': 'Done'}"))
                .input("{\"in\": 1}").mock(m -> m.result("{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}"))
                .inspectionLevel(InspectionLevel.TRACE));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("Done");
        assertThat(json(r.output())).isEqualTo(json("{\"in\": 1, \"out\": {\"body\": {\"ok\": true}}}"));
        InspectionData d = r.inspectionData();
        assertThat(json(d.afterParameters())).isEqualTo(json("{\"FunctionName\": \"f\", \"Payload\": {\"in\": 1}}"));
        assertThat(json(d.result())).isEqualTo(json("{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}"));
        assertThat(json(d.afterResultSelector())).isEqualTo(json("{\"body\": {\"ok\": true}}"));
        assertThat(json(d.afterResultPath())).isEqualTo(json(r.output()));
    }

    @Test
    @Covers("TestState")
    void aJsonataTaskShowsItsArgumentsAndResult() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Task', 'QueryLanguage': 'JSONata', "
                        + "'Resource': 'arn:aws:states:::lambda:invoke', 'Arguments': {'FunctionName': 'f', "
                        + "'Payload': '{% $states.input.n %}'}, 'Output': '{% $states.result.Payload + 1 %}', 'End': true}"))
                .input("{\"n\": 1}").mock(m -> m.result("{\"Payload\": 41}")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.output()).isEqualTo("42");
        assertThat(json(r.inspectionData().afterArguments())).isEqualTo(json("{\"FunctionName\": \"f\", \"Payload\": 1}"));
        assertThat(json(r.inspectionData().result())).isEqualTo(json("{\"Payload\": 41}"));
    }

    @Test
    @Covers("TestState")
    void aMockedResultReachingTheOutputUnchangedIsEchoedAsWritten() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                + "'End': true}")).mock(m -> m.result("[1, 1, 1]")));
        assertThat(r.output()).isEqualTo("[1, 1, 1]");
    }

    private static final String RETRYING_TASK = q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
            + "'Retry': [{'ErrorEquals': ['Other'], 'MaxAttempts': 9}, "
            + "{'ErrorEquals': ['Flaky'], 'IntervalSeconds': 3, 'BackoffRate': 2.0, 'MaxAttempts': 3}], "
            + "'Catch': [{'ErrorEquals': ['Other'], 'Next': 'Never'}, "
            + "{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Handle'}], 'End': true}");

    @Test
    @Covers("TestState")
    void anErrorIsRetriableWhileTheMatchingRetrierHasAttemptsLeft() {
        TestStateResponse first = test(b -> b.definition(RETRYING_TASK).input("{\"a\": 1}")
                .mock(m -> m.errorOutput(e -> e.error("Flaky").cause("try again")))
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(first.status()).isEqualTo(TestExecutionStatus.RETRIABLE);
        assertThat(first.error()).isEqualTo("Flaky");
        assertThat(first.cause()).isEqualTo("try again");
        assertThat(first.output()).isNull();
        assertThat(first.nextState()).isNull();
        assertThat(first.inspectionData().errorDetails().retryIndex()).isEqualTo(1);
        assertThat(first.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(3);
        assertThat(first.inspectionData().errorDetails().catchIndex()).isNull();

        // after two retries the third waits IntervalSeconds × BackoffRate²
        TestStateResponse third = test(b -> b.definition(RETRYING_TASK).input("{\"a\": 1}")
                .mock(m -> m.errorOutput(e -> e.error("Flaky").cause("try again")))
                .stateConfiguration(c -> c.retrierRetryCount(2)).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(third.status()).isEqualTo(TestExecutionStatus.RETRIABLE);
        assertThat(third.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(12);
    }

    @Test
    @Covers("TestState")
    void anErrorRetriesHaveRunOutOfIsCaught() {
        TestStateResponse r = test(b -> b.definition(RETRYING_TASK).input("{\"a\": 1}")
                .mock(m -> m.errorOutput(e -> e.error("Flaky").cause("try again")))
                .stateConfiguration(c -> c.retrierRetryCount(3)).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(r.error()).isEqualTo("Flaky");
        assertThat(r.nextState()).isEqualTo("Handle");
        assertThat(json(r.output())).isEqualTo(json("{\"a\": 1, \"error\": {\"Error\": \"Flaky\", \"Cause\": \"try again\"}}"));
        assertThat(r.inspectionData().errorDetails().catchIndex()).isEqualTo(1);
        assertThat(r.inspectionData().errorDetails().retryIndex()).isEqualTo(1);
        assertThat(r.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isNull();

        // at INFO the same outcome, without inspection data
        TestStateResponse info = test(b -> b.definition(RETRYING_TASK).input("{\"a\": 1}")
                .mock(m -> m.errorOutput(e -> e.error("Flaky").cause("try again")))
                .stateConfiguration(c -> c.retrierRetryCount(3)));
        assertThat(info.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(info.inspectionData()).isNull();
    }

    @Test
    @Covers("TestState")
    void anErrorNothingHandlesFailsTheState() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'Retry': [{'ErrorEquals': ['Flaky'], 'MaxAttempts': 2}], 'End': true}"))
                .mock(m -> m.errorOutput(e -> e.error("Flaky").cause("again")))
                .stateConfiguration(c -> c.retrierRetryCount(2)).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("Flaky");
        // the retrier that matched is named though it has no attempt left
        assertThat(r.inspectionData().errorDetails().retryIndex()).isZero();
        assertThat(r.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isNull();

        TestStateResponse unhandled = test(b -> b.definition(q("{'Type': 'Task', "
                + "'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}"))
                .mock(m -> m.errorOutput(e -> e.error("Boom"))).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(unhandled.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(unhandled.error()).isEqualTo("Boom");
        assertThat(unhandled.cause()).isNull();
        assertThat(unhandled.inspectionData().errorDetails()).isNull();
    }

    @Test
    @Covers("TestState")
    void callbackAndActivityTasksRunOnlyMocked() {
        String callback = q("{'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', "
                + "'Parameters': {'QueueUrl': 'q', 'MessageBody': {'token.$': '$$.Task.Token'}}, 'End': true}");
        TestStateResponse r = test(b -> b.definition(callback).mock(m -> m.result("{\"done\": true}"))
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(json(r.inspectionData().afterParameters()).path("MessageBody").path("token").isTextual()).isTrue();

        String activity = q("{'Type': 'Task', 'Resource': 'arn:aws:states:us-east-1:123456789012:activity:work', "
                + "'End': true}");
        assertThat(test(b -> b.definition(activity).mock(m -> m.result("{\"done\": true}"))).status())
                .isEqualTo(TestExecutionStatus.SUCCEEDED);
        String unsupported = "TestState API does not support Activity tasks or the .sync and .waitForTaskToken "
                + "service integration patterns without a mock.";
        expectError(() -> test(b -> b.definition(activity).roleArn(ROLE)), "InvalidDefinition", unsupported);
        expectError(() -> test(b -> b.definition(callback).roleArn(ROLE)), "InvalidDefinition", unsupported);
    }

    @Test
    @Covers("TestState")
    void aRealTaskNeedsARoleAndFailsWhenItsServiceIsNotConfigured() {
        String task = q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                + "'Parameters': {'FunctionName': 'f'}, 'End': true}");
        expectError(() -> test(b -> b.definition(task)), "ValidationException",
                "A roleArn is required to test a Task state without a mock.");
        TestStateResponse r = test(b -> b.definition(task).roleArn(ROLE).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        // the call is made for real: this server has no Lambda endpoint, and says so
        assertThat(r.cause()).startsWith("No Lambda endpoint is configured for 'arn:aws:states:::lambda:invoke'")
                .contains("--lambda-endpoint");
        assertThat(json(r.inspectionData().afterParameters())).isEqualTo(json("{\"FunctionName\": \"f\"}"));
    }

    // ---- Map and Parallel, with mocks

    private static final String MAP = q("{'Type': 'Map', 'QueryLanguage': 'JSONata', 'Items': '{% $states.input.items %}', "
            + "'MaxConcurrency': 2, 'ToleratedFailureCount': 1, "
            + "'ItemProcessor': {'StartAt': 'Work', 'States': {'Work': {'Type': 'Pass', 'End': true}}}, "
            + "'Retry': [{'ErrorEquals': ['States.ExceedToleratedFailureThreshold'], 'MaxAttempts': 1}], "
            + "'Catch': [{'ErrorEquals': ['States.ALL'], 'Output': '{% $states.errorOutput %}', 'Next': 'Handle'}], "
            + "'Output': {'results': '{% $states.result %}', 'count': '{% $count($states.result) %}'}, 'Next': 'Then'}");

    @Test
    @Covers("TestState")
    void aMapsMockedResultReplacesItsIterations() {
        TestStateResponse r = test(b -> b.definition(MAP).input("{\"items\": [\"a\", \"b\", \"c\"]}")
                .mock(m -> m.result("[10, 20, 30]")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("Then");
        assertThat(json(r.output())).isEqualTo(json("{\"results\": [10, 20, 30], \"count\": 3}"));
        assertThat(r.inspectionData().maxConcurrency()).isEqualTo(2);
        assertThat(r.inspectionData().toleratedFailureCount()).isEqualTo(1);
        assertThat(r.inspectionData().toleratedFailurePercentage()).isNull();
    }

    @Test
    @Covers("TestState")
    void mapIterationFailuresBeyondTheThresholdFailTheMap() {
        TestStateResponse retriable = test(b -> b.definition(MAP).input("{\"items\": [\"a\", \"b\", \"c\"]}")
                .mock(m -> m.result("[10, 20, 30]")).stateConfiguration(c -> c.mapIterationFailureCount(2))
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(retriable.status()).isEqualTo(TestExecutionStatus.RETRIABLE);
        assertThat(retriable.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(retriable.cause()).isEqualTo("The specified tolerated failure threshold was exceeded");
        assertThat(retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(1);

        TestStateResponse caught = test(b -> b.definition(MAP).input("{\"items\": [\"a\", \"b\", \"c\"]}")
                .mock(m -> m.result("[10, 20, 30]"))
                .stateConfiguration(c -> c.mapIterationFailureCount(2).retrierRetryCount(1)));
        assertThat(caught.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(caught.nextState()).isEqualTo("Handle");
        assertThat(json(caught.output())).isEqualTo(json("{\"Error\": \"States.ExceedToleratedFailureThreshold\", "
                + "\"Cause\": \"The specified tolerated failure threshold was exceeded\"}"));

        // within the threshold the Map succeeds
        assertThat(test(b -> b.definition(MAP).input("{\"items\": [\"a\", \"b\", \"c\"]}")
                .mock(m -> m.result("[10, 20, 30]")).stateConfiguration(c -> c.mapIterationFailureCount(1))).status())
                .isEqualTo(TestExecutionStatus.SUCCEEDED);

        expectError(() -> test(b -> b.definition(MAP).input("{\"items\": [\"a\"]}").mock(m -> m.result("[1]"))
                        .stateConfiguration(c -> c.mapIterationFailureCount(2))), "ValidationException",
                "mapIterationFailureCount cannot exceed the number of items the Map state processes.");
        expectError(() -> test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'End': true}")).roleArn(ROLE).stateConfiguration(c -> c.mapIterationFailureCount(1))),
                "ValidationException", "mapIterationFailureCount can only be specified when a mock is specified.");
    }

    @Test
    @Covers("TestState")
    void aJsonPathMapShowsItsItemsAndTheirSelection() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Map', 'ItemsPath': '$.items', "
                        + "'ItemSelector': {'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index'}, "
                        + "'ItemProcessor': {'StartAt': 'Work', 'States': {'Work': {'Type': 'Pass', 'End': true}}}, "
                        + "'ResultPath': '$.results', 'End': true}"))
                .input("{\"items\": [\"x\", \"y\"]}").mock(m -> m.result("[1, 2]")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(r.output())).isEqualTo(json("{\"items\": [\"x\", \"y\"], \"results\": [1, 2]}"));
        assertThat(json(r.inspectionData().afterItemsPath())).isEqualTo(json("[\"x\", \"y\"]"));
        assertThat(json(r.inspectionData().afterItemSelector()))
                .isEqualTo(json("[{\"value\": \"x\", \"index\": 0}, {\"value\": \"y\", \"index\": 1}]"));
        assertThat(r.inspectionData().maxConcurrency()).isZero();
    }

    @Test
    @Covers("TestState")
    void aParallelsMockedResultHasOneItemPerBranch() {
        String parallel = q("{'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}], "
                + "'ResultSelector': {'first.$': '$[0]'}, 'Next': 'Join'}");
        TestStateResponse r = test(b -> b.definition(parallel).input("{\"in\": 1}")
                .mock(m -> m.result("[{\"a\": 1}, {\"b\": 2}]")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("Join");
        assertThat(json(r.output())).isEqualTo(json("{\"first\": {\"a\": 1}}"));

        TestStateResponse failed = test(b -> b.definition(parallel).mock(m -> m.errorOutput(e -> e.error("BranchFailed"))));
        assertThat(failed.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("BranchFailed");

        expectError(() -> test(b -> b.definition(parallel).mock(m -> m.result("[{\"a\": 1}]"))), "ValidationException",
                "Mocked result must contain the same number of items as number of Parallel branches.");
    }

    @Test
    @Covers("TestState")
    void aMockedParallelShowsItsDataFlowButNoRawResult() {
        String branches = "'Branches': [{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}]";
        String jsonPath = q("{'Type': 'Parallel', " + branches + ", 'InputPath': '$.in', 'Parameters': {'v.$': '$.v'}, "
                + "'ResultSelector': {'both.$': '$'}, 'ResultPath': '$.out', 'End': true}");
        for (InspectionLevel level : new InspectionLevel[] {InspectionLevel.DEBUG, InspectionLevel.TRACE}) {
            InspectionData d = test(b -> b.definition(jsonPath).input("{\"in\": {\"v\": 1}}")
                    .mock(m -> m.result("[1, 2]")).inspectionLevel(level)).inspectionData();
            assertThat(json(d.input())).isEqualTo(json("{\"in\": {\"v\": 1}}"));
            assertThat(json(d.afterInputPath())).isEqualTo(json("{\"v\": 1}"));
            assertThat(json(d.afterParameters())).isEqualTo(json("{\"v\": 1}"));
            // the branches' results are not a call's raw result: like a mocked Map, no result is shown
            assertThat(d.result()).isNull();
            assertThat(json(d.afterResultSelector())).isEqualTo(json("{\"both\": [1, 2]}"));
            assertThat(json(d.afterResultPath())).isEqualTo(json("{\"in\": {\"v\": 1}, \"out\": {\"both\": [1, 2]}}"));
            assertThat(d.request()).isNull();
        }

        String jsonata = q("{'Type': 'Parallel', 'QueryLanguage': 'JSONata', " + branches + ", "
                + "'Arguments': {'v': '{% $states.input.v %}'}, 'Assign': {'first': '{% $states.result[0] %}'}, "
                + "'Output': '{% $states.result %}', 'End': true}");
        TestStateResponse r = test(b -> b.definition(jsonata).input("{\"v\": 1}").mock(m -> m.result("[1, 2]"))
                .inspectionLevel(InspectionLevel.TRACE));
        assertThat(json(r.output())).isEqualTo(json("[1, 2]"));
        assertThat(json(r.inspectionData().afterArguments())).isEqualTo(json("{\"v\": 1}"));
        assertThat(r.inspectionData().result()).isNull();
        assertThat(json(r.inspectionData().variables())).isEqualTo(json("{\"first\": 1}"));
    }

    @Test
    @Covers("TestState")
    void aMapsMockedResultIsAnArrayOrWithAResultWriterAnObject() {
        String processor = "'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, "
                + "'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";
        String plain = q("{'Type': 'Map', " + processor + ", 'End': true}");
        expectError(() -> test(b -> b.definition(plain).input("[1]").mock(m -> m.result("{\"a\": 1}"))),
                "ValidationException", "Mocked result must be an array when the Map state has no ResultWriter.");

        String writing = q("{'Type': 'Map', " + processor + ", 'ResultWriter': {'Resource': "
                + "'arn:aws:states:::s3:putObject', 'Parameters': {'Bucket': 'b', 'Prefix': 'p'}}, 'End': true}");
        expectError(() -> test(b -> b.definition(writing).input("[1]").mock(m -> m.result("[1]"))),
                "ValidationException", "Mocked result must be an object when the Map state has a ResultWriter.");
        String written = "{\"MapRunArn\": \"arn:aws:states:us-east-1:123456789012:mapRun:m/r:1\", "
                + "\"ResultWriterDetails\": {\"Bucket\": \"b\", \"Key\": \"p/manifest.json\"}}";
        TestStateResponse r = test(b -> b.definition(writing).input("[1]").mock(m -> m.result(written)));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(json(r.output())).isEqualTo(json(written));

        // a Parallel's result is an array with one item per branch, whatever else it is
        String parallel = q("{'Type': 'Parallel', 'Branches': [{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', "
                + "'End': true}}}], 'End': true}");
        expectError(() -> test(b -> b.definition(parallel).mock(m -> m.result("{\"a\": 1}"))), "ValidationException",
                "Mocked result must contain the same number of items as number of Parallel branches.");
    }

    @Test
    @Covers("TestState")
    void failedIterationsAreCheckedAgainstTheItemsWhateverTheMock() {
        expectError(() -> test(b -> b.definition(MAP).input("{\"items\": [\"a\"]}")
                        .mock(m -> m.errorOutput(e -> e.error("Boom"))).stateConfiguration(c -> c.mapIterationFailureCount(2))),
                "ValidationException", "mapIterationFailureCount cannot exceed the number of items the Map state processes.");
        // as many failures as items is allowed; the Map then raises the mocked error (its Catch takes it)
        TestStateResponse r = test(b -> b.definition(MAP).input("{\"items\": [\"a\"]}")
                .mock(m -> m.errorOutput(e -> e.error("Boom"))).stateConfiguration(c -> c.mapIterationFailureCount(1)));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(r.error()).isEqualTo("Boom");
    }

    @Test
    @Covers("TestState")
    void noFailedIterationExceedsAThresholdEvenInAnEmptyMap() {
        String map = q("{'Type': 'Map', 'ItemsPath': '$.items', 'ToleratedFailurePercentage': 10, "
                + "'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}, 'End': true}");
        TestStateResponse empty = test(b -> b.definition(map).input("{\"items\": []}").mock(m -> m.result("[]"))
                .stateConfiguration(c -> c.mapIterationFailureCount(0)).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(empty.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(empty.inspectionData().toleratedFailurePercentage()).isEqualTo(10.0f);

        // one failure of ten is 10%, which does not exceed 10%; two is 20%, which does
        String ten = "{\"items\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}";
        String results = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        assertThat(test(b -> b.definition(map).input(ten).mock(m -> m.result(results))
                .stateConfiguration(c -> c.mapIterationFailureCount(1))).status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        TestStateResponse over = test(b -> b.definition(map).input(ten).mock(m -> m.result(results))
                .stateConfiguration(c -> c.mapIterationFailureCount(2)));
        assertThat(over.status()).isEqualTo(TestExecutionStatus.FAILED);
        assertThat(over.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    @Covers("TestState")
    void aMapsItemSelectorSeesEachItemAndTheExecutionInput() {
        String processor = "'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";
        String jsonPath = q("{'Type': 'Map', 'ItemsPath': '$.items', 'ItemSelector': {'index.$': '$$.Map.Item.Index', "
                + "'value.$': '$$.Map.Item.Value', 'input.$': '$$.Execution.Input.tag', 'fromState.$': '$.tag'}, "
                + processor + ", 'End': true}");
        String input = "{\"items\": [\"x\", \"y\"], \"tag\": \"t\"}";
        String selected = "[{\"index\": 0, \"value\": \"x\", \"input\": \"t\", \"fromState\": \"t\"}, "
                + "{\"index\": 1, \"value\": \"y\", \"input\": \"t\", \"fromState\": \"t\"}]";
        for (InspectionLevel level : new InspectionLevel[] {InspectionLevel.DEBUG, InspectionLevel.TRACE}) {
            TestStateResponse r = test(b -> b.definition(jsonPath).input(input).mock(m -> m.result("[1, 2]"))
                    .inspectionLevel(level));
            assertThat(json(r.inspectionData().afterItemSelector())).isEqualTo(json(selected));
        }

        String jsonata = q("{'Type': 'Map', 'QueryLanguage': 'JSONata', 'Items': '{% $states.input.items %}', "
                + "'ItemSelector': {'index': '{% $states.context.Map.Item.Index %}', "
                + "'value': '{% $states.context.Map.Item.Value %}', 'input': '{% $states.context.Execution.Input.tag %}', "
                + "'fromState': '{% $states.input.tag %}'}, " + processor + ", 'End': true}");
        TestStateResponse r = test(b -> b.definition(jsonata).input(input).mock(m -> m.result("[1, 2]"))
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(r.inspectionData().afterItemSelector())).isEqualTo(json(selected));

        // a given context stands in for the execution's; the Map item still comes from the Map
        TestStateResponse given = test(b -> b.definition(jsonPath).input(input).mock(m -> m.result("[1, 2]"))
                .context("{\"Execution\": {\"Input\": {\"tag\": \"given\"}}}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(given.inspectionData().afterItemSelector())).isEqualTo(json(selected.replace("\"input\": \"t\"",
                "\"input\": \"given\"")));
    }

    @Test
    @Covers("TestState")
    void mapAndParallelAreOnlyTestedWithAMock() {
        String message = "TestState API does not support Map or Parallel states. Supported state types include: "
                + "[Task, Wait, Pass, Succeed, Fail, Choice]";
        expectError(() -> test(b -> b.definition(MAP)), "InvalidDefinition", message);
        expectError(() -> test(b -> b.definition(q("{'Type': 'Parallel', 'Branches': [{'StartAt': 'A', 'States': "
                + "{'A': {'Type': 'Pass', 'End': true}}}], 'End': true}"))), "InvalidDefinition", message);
    }

    // ---- a state of a whole state machine

    private static final String MACHINE = q("{'QueryLanguage': 'JSONata', 'StartAt': 'First', 'States': {"
            + "'First': {'Type': 'Pass', 'Output': {'step': 1}, 'Next': 'Loop'}, "
            + "'Loop': {'Type': 'Map', 'Items': '{% [1, 2] %}', 'ItemProcessor': {'StartAt': 'Inner', 'States': "
            + "{'Inner': {'Type': 'Pass', 'Output': '{% $states.input * 10 %}', 'End': true}}}, 'End': true}}}");

    @Test
    @Covers("TestState")
    void stateNamePicksAStateOfTheMachineNestedOrNot() {
        TestStateResponse first = test(b -> b.definition(MACHINE).stateName("First").input("{}"));
        assertThat(first.nextState()).isEqualTo("Loop");
        assertThat(json(first.output())).isEqualTo(json("{\"step\": 1}"));

        TestStateResponse inner = test(b -> b.definition(MACHINE).stateName("Inner").input("4"));
        assertThat(inner.output()).isEqualTo("40");
        assertThat(inner.nextState()).isNull();

        expectError(() -> test(b -> b.definition(MACHINE).stateName("Absent")), "ValidationException",
                "State 'Absent' does not exist in the state machine definition.");
    }

    @Test
    @Covers("TestState")
    void stateNameIsCheckedAsTheModelSaysAndNeedsAWholeStateMachine() {
        expectError(() -> test(b -> b.definition(MACHINE).stateName("")), "ValidationException",
                "1 validation error detected: Value at 'stateName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
        expectError(() -> test(b -> b.definition(MACHINE).stateName("S".repeat(81))), "ValidationException",
                "1 validation error detected: Value at 'stateName' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 80");
        // with a stateName the definition is a state machine: a lone state is not one
        expectError(() -> test(b -> b.definition(q("{'Type': 'Pass', 'End': true}")).stateName("StateName")),
                "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are "
                        + "required: [States, StartAt] at /, SCHEMA_VALIDATION_FAILED: Field 'Type' is not supported at /, "
                        + "SCHEMA_VALIDATION_FAILED: Field 'End' is not supported at /'");
        // a name of 80 characters is a name; the machine just has no such state
        String longName = "S".repeat(80);
        expectError(() -> test(b -> b.definition(MACHINE).stateName(longName)), "ValidationException",
                "State '" + longName + "' does not exist in the state machine definition.");
    }

    @Test
    @Covers("TestState")
    void theContextObjectNamesTheStateUnderTest() {
        TestStateResponse r = test(b -> b.definition(MACHINE).stateName("First").roleArn(ROLE)
                .definition(MACHINE.replace("'Output': {'step': 1}".replace('\'', '"'), "\"Output\": \"{% $states.context %}\"")));
        JsonNode context = json(r.output());
        assertThat(context.path("State").path("Name").asText()).isEqualTo("First");
        assertThat(context.path("State").path("RetryCount").asInt(-1)).isZero();
        assertThat(context.path("Execution").path("RoleArn").asText()).isEqualTo(ROLE);
        assertThat(context.path("Execution").path("Id").asText()).startsWith(Defs.ARN_PREFIX + "express:"
                + context.path("StateMachine").path("Name").asText() + ":");
        assertThat(context.path("Execution").path("Id").asText()).endsWith(":" + context.path("Execution").path("Name").asText());
        assertThat(context.path("StateMachine").path("Id").asText())
                .isEqualTo(Defs.ARN_PREFIX + "stateMachine:" + context.path("StateMachine").path("Name").asText());
    }

    // ---- variables and context objects

    @Test
    @Covers("TestState")
    void variablesAreInScopeAndShownWithTheStatesAssignments() {
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Pass', 'QueryLanguage': 'JSONata', "
                        + "'Assign': {'next': '{% $count + 1 %}'}, 'Output': '{% $count %}', 'End': true}"))
                .variables("{\"count\": 41}").inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.output()).isEqualTo("41");
        assertThat(json(r.inspectionData().variables())).isEqualTo(json("{\"count\": 41, \"next\": 42}"));
        expectError(() -> test(b -> b.definition(q("{'Type': 'Pass', 'End': true}")).variables("[1]")),
                "ValidationException", "Variables must be a valid JSON object.");
    }

    @Test
    @Covers("TestState")
    void variablesAreReadByEveryFieldThatReadsThem() {
        String variables = "{\"obj\": {\"k\": \"v\"}, \"list\": [1, 2], \"n\": 3, \"err\": \"E\", "
                + "\"at\": \"2030-01-01T00:00:00Z\"}";
        // JSONPath: $name wherever a path or a payload template is read
        assertThat(json(testVars(variables, "{'Type': 'Pass', 'InputPath': '$obj', 'End': true}"))).isEqualTo(json("{\"k\": \"v\"}"));
        assertThat(json(testVars(variables, "{'Type': 'Pass', 'Parameters': {'a.$': '$obj.k', "
                + "'len.$': 'States.ArrayLength($list)'}, 'End': true}"))).isEqualTo(json("{\"a\": \"v\", \"len\": 2}"));
        assertThat(json(testVars(variables, "{'Type': 'Pass', 'OutputPath': '$list', 'End': true}"))).isEqualTo(json("[1, 2]"));
        assertThat(testVars(variables, "{'Type': 'Wait', 'SecondsPath': '$n', 'End': true}")).isEqualTo("{}");
        assertThat(testVars(variables, "{'Type': 'Wait', 'TimestampPath': '$at', 'End': true}")).isEqualTo("{}");
        assertThat(test(b -> b.definition(q("{'Type': 'Choice', 'Choices': [{'Variable': '$n', 'NumericEqualsPath': '$.n', "
                + "'Next': 'Same'}], 'Default': 'Other'}")).input("{\"n\": 3}").variables(variables)).nextState())
                .isEqualTo("Same");
        assertThat(test(b -> b.definition(q("{'Type': 'Fail', 'ErrorPath': '$err', 'CausePath': '$obj.k'}"))
                .input("{}").variables(variables)).error()).isEqualTo("E");
        TestStateResponse task = test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'TimeoutSecondsPath': '$n', 'Parameters': {'p.$': '$obj'}, 'ResultSelector': {'r.$': '$.r', 'n.$': '$n'}, "
                        + "'Assign': {'copy.$': '$list'}, 'End': true}"))
                .input("{}").variables(variables).mock(m -> m.result("{\"r\": 0}")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(task.inspectionData().afterParameters())).isEqualTo(json("{\"p\": {\"k\": \"v\"}}"));
        assertThat(json(task.output())).isEqualTo(json("{\"r\": 0, \"n\": 3}"));
        assertThat(json(task.inspectionData().variables()).path("copy")).isEqualTo(json("[1, 2]"));
        TestStateResponse map = test(b -> b.definition(q("{'Type': 'Map', 'ItemsPath': '$list', 'MaxConcurrencyPath': '$n', "
                        + "'ToleratedFailureCountPath': '$n', 'ItemSelector': {'item.$': '$$.Map.Item.Value', 'k.$': '$obj.k'}, "
                        + "'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}, 'End': true}"))
                .input("{}").variables(variables).mock(m -> m.result("[1, 2]")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(map.inspectionData().afterItemSelector()))
                .isEqualTo(json("[{\"item\": 1, \"k\": \"v\"}, {\"item\": 2, \"k\": \"v\"}]"));
        assertThat(map.inspectionData().maxConcurrency()).isEqualTo(3);
        assertThat(map.inspectionData().toleratedFailureCount()).isEqualTo(3);

        // JSONata: $name in every expression
        assertThat(testVars(variables, "{'Type': 'Pass', 'QueryLanguage': 'JSONata', 'Output': '{% $n * 2 %}', 'End': true}"))
                .isEqualTo("6");
        assertThat(test(b -> b.definition(q("{'Type': 'Choice', 'QueryLanguage': 'JSONata', 'Choices': "
                + "[{'Condition': '{% $n = 3 %}', 'Next': 'Three'}], 'Default': 'Other'}")).variables(variables)).nextState())
                .isEqualTo("Three");
        TestStateResponse fail = test(b -> b.definition(q("{'Type': 'Fail', 'QueryLanguage': 'JSONata', "
                + "'Error': '{% $err %}', 'Cause': '{% $obj.k %}'}")).variables(variables));
        assertThat(fail.error()).isEqualTo("E");
        assertThat(fail.cause()).isEqualTo("v");
        TestStateResponse jsonataTask = test(b -> b.definition(q("{'Type': 'Task', 'QueryLanguage': 'JSONata', "
                        + "'Resource': 'arn:aws:states:::lambda:invoke', 'Arguments': {'p': '{% $obj %}'}, "
                        + "'TimeoutSeconds': '{% $n %}', 'Output': '{% $states.result.r + $n %}', 'End': true}"))
                .variables(variables).mock(m -> m.result("{\"r\": 1}")).inspectionLevel(InspectionLevel.DEBUG));
        assertThat(json(jsonataTask.inspectionData().afterArguments())).isEqualTo(json("{\"p\": {\"k\": \"v\"}}"));
        assertThat(jsonataTask.output()).isEqualTo("4");
    }

    /** The output of {@code state} (single-quoted) run on {@code {}} with {@code variables}. */
    private static String testVars(String variables, String state) {
        return test(b -> b.definition(q(state)).input("{}").variables(variables)).output();
    }

    @Test
    @Covers("TestState")
    void aContextComesWithAMockSoOnlyTaskMapAndParallelTakeOne() {
        String context = "{\"Execution\": {\"Name\": \"given\"}}";
        for (String state : new String[] {"{'Type': 'Pass', 'End': true}", "{'Type': 'Wait', 'Seconds': 1, 'End': true}",
                "{'Type': 'Succeed'}", "{'Type': 'Fail', 'Error': 'E'}",
                "{'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsNull': true, 'Next': 'X'}], 'Default': 'Y'}"}) {
            expectError(() -> test(b -> b.definition(q(state)).input("{\"a\": null}").context(context)),
                    "ValidationException", "A Context object can only be specified when a mock is specified.");
        }
        String nameOutput = "'Output': '{% $states.context.Execution.Name %}'";
        assertThat(test(b -> b.definition(q("{'Type': 'Map', 'QueryLanguage': 'JSONata', " + nameOutput + ", "
                + "'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}, 'End': true}"))
                .input("[]").mock(m -> m.result("[]")).context(context)).output()).isEqualTo("\"given\"");
        assertThat(test(b -> b.definition(q("{'Type': 'Parallel', 'QueryLanguage': 'JSONata', " + nameOutput + ", "
                + "'Branches': [{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}], 'End': true}"))
                .mock(m -> m.result("[1]")).context(context)).output()).isEqualTo("\"given\"");
    }

    @Test
    @Covers("TestState")
    void aGivenContextObjectIsWhatTheStateSees() {
        String context = "{\"Execution\": {\"Id\": \"exec-id\", \"Input\": {\"k\": 1}}, \"State\": {\"RetryCount\": 3}}";
        TestStateResponse r = test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'ResultSelector': {'ctx.$': '$$'}, 'End': true}"))
                .mock(m -> m.result("{}")).context(context));
        assertThat(json(r.output())).isEqualTo(json("{\"ctx\": " + context + "}"));
    }

    @Test
    @Covers("TestState")
    void aContextObjectIsCheckedField_by_field() {
        String task = q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}")).context("{\"Execution\": {\"pokemon\": 1}}")),
                "ValidationException", "Invalid Context object provided: Field 'pokemon' is not allowed");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}")).context("{\"Pokedex\": {}}")),
                "ValidationException", "Invalid Context object provided: Field 'Pokedex' is not allowed");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}")).context("{\"Execution\": {\"Id\": 1}}")),
                "ValidationException", "Invalid Context object provided: Execution.Id must be a string");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}")).context("{\"Map\": {}}")),
                "ValidationException",
                "Invalid Context object provided: 'Map' field is not supported when mocking a Context object");
        expectError(() -> test(b -> b.definition(task).roleArn(ROLE).context("{}")), "ValidationException",
                "A Context object can only be specified when a mock is specified.");
    }

    // ---- request errors

    @Test
    @Covers("TestState")
    void mocksAreCheckedBeforeTheStateRuns() {
        String task = q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}").errorOutput(e -> e.error("E")))),
                "ValidationException", "A test mock should have only one of the following fields: [result, errorOutput].");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("{}")).revealSecrets(true)),
                "ValidationException", "TestState does not support RevealSecrets when a mock is specified.");
        expectError(() -> test(b -> b.definition(task).mock(m -> m.result("not JSON"))), "ValidationException",
                "Mocked result must be valid JSON");
        for (String type : new String[] {"Pass", "Succeed", "Fail", "Choice", "Wait"}) {
            String state = switch (type) {
                case "Pass" -> "{'Type': 'Pass', 'End': true}";
                case "Succeed" -> "{'Type': 'Succeed'}";
                case "Fail" -> "{'Type': 'Fail', 'Error': 'E'}";
                case "Choice" -> "{'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsNull': true, 'Next': 'X'}]}";
                default -> "{'Type': 'Wait', 'Seconds': 1, 'End': true}";
            };
            expectError(() -> test(b -> b.definition(q(state)).mock(m -> m.result("{}"))), "ValidationException",
                    "State type '" + type + "' is not supported when a mock is specified");
        }
    }

    @Test
    @Covers("TestState")
    void aDefinitionWithProblemsIsAnInvalidDefinition() {
        expectError(() -> test(b -> b.definition(q("{'Type': 'Parallel', 'Branches': [], 'End': true}"))
                        .mock(m -> m.result("[]"))), "InvalidDefinition",
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at "
                        + "/States/StateName/Branches'");
        expectError(() -> test(b -> b.definition(q("{'StartAt': 'A', 'States': {'A': {'Type': 'Nope', 'End': true}}}"))
                        .stateName("A")), "InvalidDefinition",
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these "
                        + "values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/A/Type'");
    }

    @Test
    @Covers("TestState")
    void inputAndMembersAreCheckedAsTheModelSays() {
        expectError(() -> test(b -> b.definition(q("{'Type': 'Pass', 'End': true}")).input("{not json")),
                "InvalidExecutionInput", null);
        expectError(() -> test(b -> b.definition(q("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                        + "'End': true}")).mock(m -> m.result("{}")).stateConfiguration(c -> c.retrierRetryCount(-1))),
                "ValidationException", "1 validation error detected: Value '-1' at 'stateConfiguration.retrierRetryCount' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 0");
        expectError(() -> test(b -> b.definition(q("{'Type': 'Pass', 'End': true}")).inspectionLevel("LOUD")),
                "ValidationException", "1 validation error detected: Value 'LOUD' at 'inspectionLevel' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
        expectError(() -> test(b -> b.definition(q("{'Type': 'Pass', 'End': true}")).roleArn("not-an-arn")),
                "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
    }
}
