package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Map state: items from ItemsPath or Items, ItemSelector (and the legacy Parameters and
 * Iterator), MaxConcurrency, inline and distributed runs with their events, tolerated failures.
 */
@Timeout(10)
class MapStateTest {

    private static final String PASS_PROCESSOR =
            "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    private static Runs.Result map(String fields, String input) {
        return Runs.of("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\"," + fields + ",\"End\":true}}}")
                .input(input).run();
    }

    // ---- items

    @Test
    void mapRunsItsProcessorOnEveryItemOfTheInputArray() {
        Runs.Result r = map(PASS_PROCESSOR, "[1,\"two\",{\"three\":3}]");

        r.assertSucceeded("[1,\"two\",{\"three\":3}]");
    }

    @Test
    void itemsPathSelectsTheArray() {
        map("\"ItemsPath\":\"$.list\"," + PASS_PROCESSOR, "{\"list\":[1,2],\"other\":0}").assertSucceeded("[1,2]");
    }

    @Test
    void itemsPathAppliesAfterInputPath() {
        map("\"InputPath\":\"$.in\",\"ItemsPath\":\"$.list\"," + PASS_PROCESSOR, "{\"in\":{\"list\":[3]}}")
                .assertSucceeded("[3]");
    }

    /** The cause's wording is the engine's; no AWS recording of this failure was found. */
    @Test
    void itemsPathThatIsNotAnArrayFailsWithStatesRuntime() {
        map("\"ItemsPath\":\"$.list\"," + PASS_PROCESSOR, "{\"list\":{}}").assertFailed("States.Runtime",
                "An error occurred while executing the state 'M' (entered at the event id #2). "
                        + "Item path $.list must point to a JSON array, but was: {}");
    }

    @Test
    void jsonataItemsIsAnExpression() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.xs[$ > 1] %}",
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input * 10 %}","End":true}}},
                  "End":true}}}""").input("{\"xs\":[1,2,3]}").run().assertSucceeded("[20,30]");
    }

    private static Runs.Result jsonataMap(String items, String input) {
        return Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",%s
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"""
                .formatted(items)).input(input).run();
    }

    /**
     * As AWS recorded (scenarios/test_map_state_items_eval_jsonata_variable_sampling_fail__*): Items
     * that is not an array fails the state with its type and value, the event located at Items;
     * the same holds for an expression written in place.
     */
    @Test
    void jsonataItemsThatIsNotAnArrayFailsTheStateAtItems() {
        String[][] cases = {
            {"'string'", "string", "\"string\""},
            {"1", "number", "1"},
            {"true", "boolean", "true"},
            {"null", "null", "null"},
            {"{'foo': 'bar'}", "object", "{\"foo\":\"bar\"}"}};
        for (String[] c : cases) {
            Runs.Result r = jsonataMap("\"Items\":\"{% " + c[0] + " %}\",", "{}");

            String cause = "An error occurred while executing the state 'M' (entered at the event id #2). The JSONata "
                    + "expression '" + c[0] + "' specified for the field 'Items' returned an unexpected result type. "
                    + "Expected 'array', but was '" + c[1] + "' for value: " + c[2];
            r.assertFailed("States.QueryEvaluationError", cause);
            assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 MapStateEntered <0",
                    "3 EvaluationFailed <0", "4 MapStateFailed <3", "5 ExecutionFailed <4");
            assertJson(r.details(3), Json.write(Json.object().put("error", "States.QueryEvaluationError")
                    .put("cause", cause).put("location", "Items").put("state", "M")));
        }
    }

    /**
     * Without an Items field a JSONata Map iterates over its input; when that is not an array the
     * EvaluationFailed event has no location, since no field of the state failed (the event's
     * location names "the field in the state in which the evaluation error occurred").
     */
    @Test
    void jsonataMapWithoutItemsOverAnInputThatIsNotAnArrayFailsWithoutALocation() {
        Runs.Result r = jsonataMap("", "{\"a\":1}");

        assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(r.types()).containsExactly("ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed",
                "ExecutionFailed");
        assertThat(r.details(3).has("location")).isFalse();
        assertThat(r.details(3).get("state").asText()).isEqualTo("M");
        assertThat(r.details(3).get("cause").asText()).isEqualTo(r.cause());
    }

    /** As AWS recorded (scenarios/test_map_state_items_input_array__empty). */
    @Test
    void anEmptyItemListSucceedsAtOnceWithAnEmptyArray() {
        Runs.Result r = map(PASS_PROCESSOR, "[]");

        r.assertSucceeded("[]");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 MapStateEntered <0",
                "3 MapStateStarted <2",
                "4 MapStateSucceeded <3",
                "5 MapStateExited <3",
                "6 ExecutionSucceeded <5");
        assertJson(r.details(3), "{\"length\":0}");
    }

    // ---- events of an inline map

    /** As AWS recorded (scenarios/test_map_state): each iteration starts after the previous one's last state event. */
    @Test
    void historyOfAnInlineMap() {
        Runs.Result r = map("\"MaxConcurrency\":1," + PASS_PROCESSOR, "[\"a\",\"b\"]");

        r.assertSucceeded("[\"a\",\"b\"]");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 MapStateEntered <0",
                "3 MapStateStarted <2",
                "4 MapIterationStarted <3",
                "5 PassStateEntered <4",
                "6 PassStateExited <5",
                "7 MapIterationSucceeded <6",
                "8 MapIterationStarted <6",
                "9 PassStateEntered <8",
                "10 PassStateExited <9",
                "11 MapIterationSucceeded <10",
                "12 MapStateSucceeded <11",
                "13 MapStateExited <11",
                "14 ExecutionSucceeded <13");
        assertJson(r.details(3), "{\"length\":2}");
        assertJson(r.details(4), "{\"name\":\"M\",\"index\":0}");
        assertJson(r.details(11), "{\"name\":\"M\",\"index\":1}");
        assertThat(r.details(12)).isNull();
    }

    /** As AWS recorded (scenarios/test_map_state_retry): MapStateFailed follows the failed iteration's last state event. */
    @Test
    void aFailedIterationFailsTheMap() {
        Runs.Result r = map("\"MaxConcurrency\":1,\"ItemProcessor\":{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"ItemError\",\"Cause\":\"bad item\"}}}",
                "[1,2]");

        r.assertFailed("ItemError", "bad item");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 MapStateEntered <0",
                "3 MapStateStarted <2",
                "4 MapIterationStarted <3",
                "5 FailStateEntered <4",
                "6 MapIterationFailed <5",
                "7 MapStateFailed <5",
                "8 ExecutionFailed <7");
    }

    // ---- ItemSelector and the context object

    @Test
    void itemSelectorBuildsEachIterationsInputWithTheItemIndexAndValue() {
        map("\"ItemsPath\":\"$.xs\",\"ItemSelector\":{\"i.$\":\"$$.Map.Item.Index\",\"v.$\":\"$$.Map.Item.Value\",\"tag.$\":\"$.tag\"},"
                + PASS_PROCESSOR, "{\"xs\":[\"a\",\"b\"],\"tag\":\"T\"}")
                .assertSucceeded("[{\"i\":0,\"v\":\"a\",\"tag\":\"T\"},{\"i\":1,\"v\":\"b\",\"tag\":\"T\"}]");
    }

    @Test
    void legacyParametersActsAsItemSelector() {
        map("\"Parameters\":{\"v.$\":\"$$.Map.Item.Value\"}," + PASS_PROCESSOR, "[5]").assertSucceeded("[{\"v\":5}]");
    }

    @Test
    void legacyIteratorActsAsItemProcessor() {
        map("\"Iterator\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"x\",\"End\":true}}}", "[1,2]")
                .assertSucceeded("[\"x\",\"x\"]");
    }

    @Test
    void mapItemIsNotInTheContextObjectOfTheIterationsStates() {
        map("\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"ctx.$\":\"$$\"},\"OutputPath\":\"$.ctx.State\",\"End\":true}}}",
                "[1]").assertSucceeded("[{\"Name\":\"P\",\"EnteredTime\":\"2024-01-01T00:00:00.000Z\"}]");
    }

    @Test
    void jsonataItemSelectorSeesTheItemInStatesContext() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
                  "ItemSelector":{"i":"{% $states.context.Map.Item.Index %}","v":"{% $states.context.Map.Item.Value %}"},
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""")
                .input("[\"a\"]").run().assertSucceeded("[{\"i\":0,\"v\":\"a\"}]");
    }

    @Test
    void theResultGoesThroughResultSelectorResultPathAndOutputPath() {
        map("\"ResultSelector\":{\"n.$\":\"States.ArrayLength($)\"},\"ResultPath\":\"$.res\"," + PASS_PROCESSOR.replace("\"ProcessorConfig\":{\"Mode\":\"INLINE\"},", "")
                        .replace("ItemProcessor", "ItemsPath\":\"$.xs\",\"ItemProcessor"),
                "{\"xs\":[1,2,3]}").assertSucceeded("{\"xs\":[1,2,3],\"res\":{\"n\":3}}");
    }

    // ---- MaxConcurrency

    private static final String WAIT_PROCESSOR =
            "\"ItemProcessor\":{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":10,\"End\":true}}}";

    @Test
    void maxConcurrencyLimitsHowManyIterationsRunAtOnce() {
        Runs.Result r = map("\"MaxConcurrency\":2," + WAIT_PROCESSOR, "[1,2,3,4,5]");

        r.assertSucceeded("[1,2,3,4,5]");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void maxConcurrencyZeroRunsEveryIterationAtOnce() {
        Runs.Result r = map("\"MaxConcurrency\":0," + WAIT_PROCESSOR, "[1,2,3,4,5]");

        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void maxConcurrencyPathReadsTheLimitFromTheInput() {
        Runs.Result r = map("\"ItemsPath\":\"$.xs\",\"MaxConcurrencyPath\":\"$.limit\"," + WAIT_PROCESSOR,
                "{\"xs\":[1,2,3],\"limit\":1}");

        r.assertSucceeded("[1,2,3]");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void iterationResultsKeepItemOrderWhenIterationsFinishOutOfOrder() {
        map("\"ItemProcessor\":{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\",\"End\":true}}}",
                "[{\"s\":30},{\"s\":1},{\"s\":10}]").assertSucceeded("[{\"s\":30},{\"s\":1},{\"s\":10}]");
    }

    // ---- distributed

    private static final String DISTRIBUTED_PASS =
            "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
                    + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    /** As AWS recorded (scenarios/test_map_state_legacy_config_distributed): MapRun events, no iteration events. */
    @Test
    void aDistributedMapRecordsMapRunEventsInsteadOfIterations() {
        Runs.Result r = map(DISTRIBUTED_PASS, "[\"Hello\",\"World\"]");

        r.assertSucceeded("[\"Hello\",\"World\"]");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 MapStateEntered <0",
                "3 MapStateStarted <2",
                "4 MapRunStarted <3",
                "5 MapRunSucceeded <4",
                "6 MapStateSucceeded <5",
                "7 MapStateExited <5",
                "8 ExecutionSucceeded <7");
        assertThat(r.details(4).get("mapRunArn").asText())
                .matches("arn:aws:states:us-east-1:123456789012:mapRun:machine/[0-9a-f-]{36}:[0-9a-f-]{36}");
    }

    @Test
    void aDistributedMapRunArnUsesTheLabel() {
        Runs.Result r = map("\"Label\":\"files\"," + DISTRIBUTED_PASS, "[1]");

        assertThat(r.details(4).get("mapRunArn").asText())
                .matches("arn:aws:states:us-east-1:123456789012:mapRun:machine/files:[0-9a-f-]{36}");
    }

    private static final String DISTRIBUTED_FAIL_ODD =
            "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
                    + "\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$\",\"NumericEquals\":1,\"Next\":\"F\"}],\"Default\":\"P\"},"
                    + "\"F\":{\"Type\":\"Fail\",\"Error\":\"Odd\",\"Cause\":\"one\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    /**
     * Error and cause as AWS reports them (test_state/test_map_state_failure_count recordings).
     * The MapRunFailed and MapStateFailed events around them are the engine's.
     */
    @Test
    void failuresBeyondToleratedFailureCountFailTheMapRun() {
        Runs.Result r = map("\"ToleratedFailureCount\":1," + DISTRIBUTED_FAIL_ODD, "[1,1,0]");

        r.assertFailed("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 MapStateEntered <0",
                "3 MapStateStarted <2",
                "4 MapRunStarted <3",
                "5 MapRunFailed <4",
                "6 MapStateFailed <5",
                "7 ExecutionFailed <6");
        assertJson(r.details(5), """
                {"error":"States.ExceedToleratedFailureThreshold","cause":"The specified tolerated failure threshold was exceeded"}""");
    }

    @Test
    void failuresWithinToleratedFailureCountLeaveTheErrorOutputInTheResult() {
        map("\"ToleratedFailureCount\":2," + DISTRIBUTED_FAIL_ODD, "[1,0,1]")
                .assertSucceeded("[{\"Error\":\"Odd\",\"Cause\":\"one\"},0,{\"Error\":\"Odd\",\"Cause\":\"one\"}]");
    }

    @Test
    void toleratedFailurePercentageIsThePercentageOfItemsThatMayFail() {
        map("\"ToleratedFailurePercentage\":50," + DISTRIBUTED_FAIL_ODD, "[1,1,0,0]").assertSucceeded(
                "[{\"Error\":\"Odd\",\"Cause\":\"one\"},{\"Error\":\"Odd\",\"Cause\":\"one\"},0,0]");
        map("\"ToleratedFailurePercentage\":49.9," + DISTRIBUTED_FAIL_ODD, "[1,1,0,0]")
                .assertFailed("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
    }

    /**
     * Each setting is "the maximum number (percentage) of failed items before the Map Run fails"
     * (the Step Functions service model): exceeding either one fails the run.
     */
    @Test
    void withBothThresholdsExceedingEitherFailsTheMapRun() {
        // 2 of 4 failed: within the count of 5, beyond 25 %
        map("\"ToleratedFailureCount\":5,\"ToleratedFailurePercentage\":25," + DISTRIBUTED_FAIL_ODD, "[1,1,0,0]")
                .assertFailed("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
        // 2 of 4 failed: within 60 %, beyond the count of 1
        map("\"ToleratedFailureCount\":1,\"ToleratedFailurePercentage\":60," + DISTRIBUTED_FAIL_ODD, "[1,1,0,0]")
                .assertFailed("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
        // 2 of 4 failed: within both
        map("\"ToleratedFailureCount\":2,\"ToleratedFailurePercentage\":50," + DISTRIBUTED_FAIL_ODD, "[1,1,0,0]")
                .assertSucceeded("[{\"Error\":\"Odd\",\"Cause\":\"one\"},{\"Error\":\"Odd\",\"Cause\":\"one\"},0,0]");
    }

    @Test
    void toleratedFailureCountPathAndPercentagePathReadTheirValuesFromTheInput() {
        map("\"ItemsPath\":\"$.xs\",\"ToleratedFailureCountPath\":\"$.n\"," + DISTRIBUTED_FAIL_ODD, "{\"xs\":[1,0],\"n\":1}")
                .assertSucceeded("[{\"Error\":\"Odd\",\"Cause\":\"one\"},0]");
        map("\"ItemsPath\":\"$.xs\",\"ToleratedFailurePercentagePath\":\"$.p\"," + DISTRIBUTED_FAIL_ODD, "{\"xs\":[1,0],\"p\":50}")
                .assertSucceeded("[{\"Error\":\"Odd\",\"Cause\":\"one\"},0]");
    }

    /** As AWS recorded (scenarios/test_map_state_tolerated_failure_count_path__-1). */
    @Test
    void aNegativeToleratedFailureCountFailsWithStatesRuntime() {
        map("\"ItemsPath\":\"$.xs\",\"ToleratedFailureCountPath\":\"$.n\"," + DISTRIBUTED_FAIL_ODD, "{\"xs\":[0],\"n\":-1}")
                .assertFailed("States.Runtime", "An error occurred while executing the state 'M' (entered at the event id #2). "
                        + "ToleratedFailureCount cannot be negative.");
    }

    @Test
    void withoutAThresholdOneFailedItemFailsTheMapRun() {
        map(DISTRIBUTED_FAIL_ODD, "[0,1,0]")
                .assertFailed("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded");
    }

    // ---- variables

    @Test
    void iterationsReadTheMapsInputThroughTheirOwnInputOnly() {
        map("\"ItemsPath\":\"$.xs\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"item.$\":\"$\",\"exec.$\":\"$$.Execution.Input.k\"},\"End\":true}}}", "{\"xs\":[1],\"k\":\"K\"}")
                .assertSucceeded("[{\"item\":1,\"exec\":\"K\"}]");
    }

    /**
     * A distributed Map run inside a branch that is aborted (its Parallel failed) is aborted too:
     * its child executions are stopped and the run ends ABORTED, as when the execution is stopped.
     */
    @Test
    void aDistributedMapRunInAnAbortedBranchStopsItsChildExecutions() {
        Stepper s = new Stepper("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "F"},
                                              "F": {"Type": "Fail", "Error": "Broken"}}},
                  {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}}}}]}}}""", "[1, 2]").start();
        List<String> children = s.commands.stream().filter(c -> c instanceof Command.StartChildExecution)
                .map(c -> ((Command.StartChildExecution) c).executionArn()).toList();
        assertThat(children).hasSize(2);
        assertThat(s.mapRuns).extracting(MapRunState::status).containsExactly("RUNNING");

        s.advance(java.time.Duration.ofSeconds(10));

        assertThat(s.commands.stream().filter(c -> c instanceof Command.StopChildExecution)
                .map(c -> ((Command.StopChildExecution) c).executionArn())).containsExactlyElementsOf(children);
        assertThat(s.mapRuns).extracting(MapRunState::status).containsExactly("RUNNING", "ABORTED");
        assertThat(s.result().status()).isEqualTo(ExecutionStatus.FAILED);
    }
}
