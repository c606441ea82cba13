package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.run.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One state run in isolation on a manual clock and seeded randomness, as TestState runs it. */
class StateTesterTest {
    private final ManualClock clock = new ManualClock(Runs.START);
    private final List<Command.StartTask> calls = new ArrayList<>();

    private StateTester tester(RandomSource random) {
        return new StateTester(clock, random, (origin, task, report) -> {
            calls.add(task);
            report.accept(new Signal.TaskSucceeded(task.taskId(), json("{\"called\": true}")));
        });
    }

    private static StateTester.Request request(String state, String input, StateTester.Mock mock,
                                               StateTester.Configuration configuration) {
        ParsedDefinition parsed = DefinitionParser.parseState(state.replace('\'', '"'), "S");
        assertThat(parsed.ok()).as("%s", parsed.diagnostics()).isTrue();
        StateMachine machine = parsed.machine();
        ExecutionInfo info = new ExecutionInfo(Runs.EXECUTION_ARN, Runs.NAME, Runs.MACHINE_ARN, Runs.MACHINE,
                Runs.ROLE_ARN, Runs.START, Payload.of(json(input), input), null, null, 0);
        return new StateTester.Request(info, machine, StateTester.find(machine, "S"), json(input), Map.of(), null, mock,
                configuration);
    }

    @Test
    void aWaitEndsWithoutTimePassing() {
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(
                "{'Type': 'Wait', 'Seconds': 3600, 'Next': 'N'}", "{}", null, StateTester.Configuration.NONE));
        assertThat(r.status()).isEqualTo(StateTester.Status.SUCCEEDED);
        assertThat(r.nextState()).isEqualTo("N");
        assertThat(clock.instant()).isEqualTo(Runs.START);
    }

    @Test
    void theDefaultContextObjectComesFromTheExecutionAndTheClock() {
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(
                "{'Type': 'Pass', 'Parameters': {'ctx.$': '$$'}, 'End': true}", "{\"a\": 1}", null,
                StateTester.Configuration.NONE));
        JsonNode context = r.output().path("ctx");
        assertThat(context).isEqualTo(json("""
                {"Execution": {"Id": "%s", "Input": {"a": 1}, "Name": "%s", "RoleArn": "%s",
                               "StartTime": "2024-01-01T00:00:00.000Z"},
                 "StateMachine": {"Id": "%s", "Name": "%s"},
                 "State": {"Name": "S", "EnteredTime": "2024-01-01T00:00:00.000Z", "RetryCount": 0}}"""
                .formatted(Runs.EXECUTION_ARN, Runs.NAME, Runs.ROLE_ARN, Runs.MACHINE_ARN, Runs.MACHINE)));
    }

    @Test
    void aTaskWithoutAMockIsCarriedOutWithItsEffectiveInput() {
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(
                "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': {'v.$': '$.a'}, "
                        + "'End': true}", "{\"a\": 5}", null, StateTester.Configuration.NONE));
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().input()).isEqualTo(json("{\"v\": 5}"));
        assertThat(r.output()).isEqualTo(json("{\"called\": true}"));
    }

    @Test
    void aJitteredBackoffComesFromTheInjectedRandomness() {
        String state = "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Retry': [{'ErrorEquals': "
                + "['E'], 'IntervalSeconds': 100, 'BackoffRate': 1.0, 'MaxAttempts': 3, 'JitterStrategy': 'FULL'}], "
                + "'End': true}";
        StateTester.Mock error = new StateTester.Mock.Error("E", null);
        int first = tester(RandomSource.seeded(42)).run(request(state, "{}", error, StateTester.Configuration.NONE))
                .inspection().errorDetails().retryBackoffIntervalSeconds();
        int again = tester(RandomSource.seeded(42)).run(request(state, "{}", error, StateTester.Configuration.NONE))
                .inspection().errorDetails().retryBackoffIntervalSeconds();
        assertThat(first).isEqualTo(again).isBetween(0, 99);
    }

    @Test
    void theBackoffIsCappedByMaxDelaySeconds() {
        String state = "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Retry': [{'ErrorEquals': "
                + "['E'], 'IntervalSeconds': 2, 'BackoffRate': 3.0, 'MaxAttempts': 10, 'MaxDelaySeconds': 50}], "
                + "'End': true}";
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(state, "{}", new StateTester.Mock.Error("E", null),
                new StateTester.Configuration(5, null, null)));
        assertThat(r.status()).isEqualTo(StateTester.Status.RETRIABLE);
        assertThat(r.inspection().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(50);
    }

    @Test
    void aMapWithAnItemReaderTakesTheConfiguredItems() {
        String state = "{'Type': 'Map', 'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject', "
                + "'ReaderConfig': {'InputType': 'JSON'}, 'Parameters': {'Bucket': 'b', 'Key': 'k'}}, "
                + "'ItemSelector': {'n.$': '$$.Map.Item.Value'}, 'ToleratedFailurePercentage': 50, "
                + "'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, "
                + "'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}, 'End': true}";
        StateTester.Mock mock = new StateTester.Mock.Result(json("[1, 4]"));
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(state, "{}", mock,
                new StateTester.Configuration(null, 1, List.of(json("1"), json("2")))));
        assertThat(r.status()).isEqualTo(StateTester.Status.SUCCEEDED);
        assertThat(r.inspection().data().get("afterItemSelector")).isEqualTo(json("[{\"n\": 1}, {\"n\": 2}]"));
        assertThat(r.inspection().toleratedFailurePercentage()).isEqualTo(50.0);

        // two of two items failing is more than 50%
        StateTester.Result over = tester(RandomSource.seeded(1)).run(request(state, "{}", mock,
                new StateTester.Configuration(null, 2, List.of(json("1"), json("2")))));
        assertThat(over.status()).isEqualTo(StateTester.Status.FAILED);
        assertThat(over.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }
    @Test
    void aMockedParallelShowsItsDataFlowButNoRawResult() {
        String state = "{'Type': 'Parallel', 'Branches': [{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', "
                + "'End': true}}}], 'ResultPath': '$.r', 'End': true}";
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(state, "{}",
                new StateTester.Mock.Result(json("[7]")), StateTester.Configuration.NONE));
        assertThat(r.output()).isEqualTo(json("{\"r\": [7]}"));
        assertThat(r.inspection().data()).containsOnlyKeys("input", "afterInputPath", "afterParameters",
                "afterResultSelector", "afterResultPath");
    }

    @Test
    void iterationFailuresBeyondTheItemsAreRefusedWhateverTheMock() {
        String state = "{'Type': 'Map', 'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', "
                + "'End': true}}}, 'End': true}";
        StateTester.Configuration threeFailures = new StateTester.Configuration(null, 3, null);
        for (StateTester.Mock mock : List.of(new StateTester.Mock.Result(json("[1, 2]")),
                new StateTester.Mock.Error("Boom", null))) {
            assertThatThrownBy(() -> tester(RandomSource.seeded(1)).run(request(state, "[1, 2]", mock, threeFailures)))
                    .isInstanceOf(StateTester.Refused.class)
                    .hasMessage("mapIterationFailureCount cannot exceed the number of items the Map state processes.");
        }
    }

    @Test
    void noFailedIterationExceedsAThresholdEvenInAnEmptyMap() {
        String state = "{'Type': 'Map', 'ToleratedFailurePercentage': 0, 'ItemProcessor': {'StartAt': 'P', "
                + "'States': {'P': {'Type': 'Pass', 'End': true}}}, 'End': true}";
        StateTester.Result r = tester(RandomSource.seeded(1)).run(request(state, "[]",
                new StateTester.Mock.Result(json("[]")), new StateTester.Configuration(null, 0, null)));
        assertThat(r.status()).isEqualTo(StateTester.Status.SUCCEEDED);
        assertThat(r.output()).isEqualTo(json("[]"));
    }
}
