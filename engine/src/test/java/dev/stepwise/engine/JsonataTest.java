package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JSONata states: $states (input, result, errorOutput, context), Output, Arguments, the functions
 * AWS adds, and evaluation failures as States.QueryEvaluationError with an EvaluationFailed event.
 */
@Timeout(10)
class JsonataTest {
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";

    private static Runs.Result output(String expression, String input) {
        return Runs.of("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Output\":"
                + expression + ",\"End\":true}}}").input(input).run();
    }

    // ---- $states

    @Test
    void statesInputIsTheStateInput() {
        output("\"{% $states.input.a.b %}\"", "{\"a\":{\"b\":[1,2]}}").assertSucceeded("[1,2]");
    }

    @Test
    void statesContextIsTheContextObject() {
        output("{\"name\":\"{% $states.context.Execution.Name %}\",\"state\":\"{% $states.context.State.Name %}\","
                + "\"in\":\"{% $states.context.Execution.Input.k %}\"}", "{\"k\":1}")
                .assertSucceeded("{\"name\":\"run1\",\"state\":\"P\",\"in\":1}");
    }

    @Test
    void statesResultIsTheTaskResultAndArgumentsIsWhatTheTaskReceives() {
        Tasks tasks = Tasks.replying(Tasks.succeed("{\"Payload\":{\"sum\":3}}"));
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
                  "Arguments":{"FunctionName":"add","Payload":{"xs":"{% $states.input.xs %}"}},
                  "Output":{"sum":"{% $states.result.Payload.sum %}","was":"{% $states.input.xs %}"},"End":true}}}"""
                .replace("%s", INVOKE)).input("{\"xs\":[1,2]}").tasks(tasks).run();

        r.assertSucceeded("{\"sum\":3,\"was\":[1,2]}");
        assertJson(tasks.calls.get(0).input(), "{\"FunctionName\":\"add\",\"Payload\":{\"xs\":[1,2]}}");
        assertJson(r.details(3), """
                {"resourceType":"lambda","resource":"invoke","region":"us-east-1",
                 "parameters":"{\\"FunctionName\\":\\"add\\",\\"Payload\\":{\\"xs\\":[1,2]}}"}""");
    }

    @Test
    void withoutOutputATaskOutputsItsResult() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","End":true}}}"""
                .replace("%s", INVOKE)).input("{\"in\":1}").tasks(Tasks.replying(Tasks.succeed("{\"r\":2}")))
                .run().assertSucceeded("{\"r\":2}");
    }

    @Test
    void statesErrorOutputIsTheCaughtError() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","End":true,
                       "Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Next":"H"}]},
                  "H":{"Type":"Succeed"}}}""".replace("%s", INVOKE))
                .tasks(Tasks.replying(Tasks.fail("E", "c"))).run().assertSucceeded("{\"Error\":\"E\",\"Cause\":\"c\"}");
    }

    @Test
    void expressionsMayAppearAnywhereInsideObjectsAndArrays() {
        output("{\"list\":[\"{% $states.input.n %}\",{\"deep\":\"{% $states.input.n * 2 %}\"},\"literal\"],\"text\":\"no {% here\"}",
                "{\"n\":3}").assertSucceeded("{\"list\":[3,{\"deep\":6},\"literal\"],\"text\":\"no {% here\"}");
    }

    @Test
    void stateLevelQueryLanguageOverridesTheMachines() {
        Runs.of("""
                {"StartAt":"J","States":{
                  "J":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"v":"{% $states.input.a %}"},"Next":"P"},
                  "P":{"Type":"Pass","Parameters":{"w.$":"$.v"},"End":true}}}""")
                .input("{\"a\":1}").run().assertSucceeded("{\"w\":1}");
    }

    // ---- functions AWS adds

    @Test
    void partitionSplitsAnArrayIntoChunks() {
        output("\"{% $partition([1,2,3,4,5,6,7,8,9], 4) %}\"", "{}").assertSucceeded("[[1,2,3,4],[5,6,7,8],[9]]");
    }

    /** As AWS recorded (intrinsic_functions/test_array_jsonata__test_array_range). */
    @Test
    void rangeCountsFromStartToEndInclusiveByStep() {
        output("\"{% $range(0, 10, 3) %}\"", "{}").assertSucceeded("[0,3,6,9]");
        output("\"{% $range(0, 10, 2) %}\"", "{}").assertSucceeded("[0,2,4,6,8,10]");
        output("\"{% $range(5, 1, -2) %}\"", "{}").assertSucceeded("[5,3,1]");
    }

    @Test
    void hashComputesAHexDigest() {
        output("{\"md5\":\"{% $hash('abc', 'MD5') %}\",\"sha1\":\"{% $hash('abc', 'SHA-1') %}\",\"sha256\":\"{% $hash('abc', 'SHA-256') %}\"}", "{}")
                .assertSucceeded("""
                        {"md5":"900150983cd24fb0d6963f7d28e17f72","sha1":"a9993e364706816aba3e25717850c26c9cd0d89d",
                         "sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}""");
    }

    @Test
    void randomDrawsFromTheInjectedSourceAndASeedMakesItRepeatable() {
        RandomSource fixed = new RandomSource() {
            @Override
            public UUID uuid() {
                return UUID.fromString("6ba7b810-9dad-41d1-80b4-00c04fd430c8");
            }

            @Override
            public double nextDouble() {
                return 0.25;
            }
        };
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{
                  "r":"{% $random() %}","s1":"{% $random(42) %}","s2":"{% $random(42) %}","id":"{% $uuid() %}"},"End":true}}}""")
                .random(fixed).run();

        assertThat(r.output().get("r").doubleValue()).isEqualTo(0.25);
        assertThat(r.output().get("s1").doubleValue()).isEqualTo(r.output().get("s2").doubleValue())
                .isBetween(0.0, 1.0);
        assertThat(r.output().get("id").asText()).isEqualTo("6ba7b810-9dad-41d1-80b4-00c04fd430c8");
    }

    /** As AWS recorded (intrinsic_functions/test_json_manipulation_jsonata__test_parse). */
    @Test
    void parseReadsAJsonString() {
        output("\"{% $parse($states.input.s) %}\"", "{\"s\":\"{\\\"a\\\":[1,true]}\"}").assertSucceeded("{\"a\":[1,true]}");
        output("\"{% $parse('1') %}\"", "{}").assertSucceeded("1");
    }

    // ---- failures

    /** As AWS recorded (assign/test_undefined_reference__BASE_UNDEFINED_OUTPUT_FIELD): EvaluationFailed hangs off event 0. */
    @Test
    void anUndefinedResultFailsWithQueryEvaluationError() {
        Runs.Result r = output("{\"result\":\"{% $doesNotExist %}\"}", "{}");

        String cause = "An error occurred while executing the state 'P' (entered at the event id #2). "
                + "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).";
        r.assertFailed("States.QueryEvaluationError", cause);
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 PassStateEntered <0",
                "3 EvaluationFailed <0",
                "4 ExecutionFailed <3");
        assertJson(r.details(3), """
                {"error":"States.QueryEvaluationError","cause":"%s","location":"Output/result","state":"P"}"""
                .formatted(cause));
    }

    @Test
    void anEvaluationErrorNamesTheJsonataErrorCode() {
        output("\"{% $states.input.n + 'x' %}\"", "{\"n\":1}").assertFailed("States.QueryEvaluationError",
                "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression "
                        + "'$states.input.n + 'x'' specified for the field 'Output' threw an error during evaluation. "
                        + "T2002: The right side of the \"+\" operator must evaluate to a number");
    }

    /** As AWS recorded (intrinsic_functions/test_math_operations_jsonata__test_math_random_seeded). */
    @Test
    void callingAFunctionThatDoesNotExistFails() {
        output("{\"FunctionResult\":\"{% $randomSeeded(1) %}\"}", "{}").assertFailed("States.QueryEvaluationError",
                "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression "
                        + "'$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error during evaluation. "
                        + "T1006: Attempted to invoke a non-function");
    }

    /**
     * A field's value must be JSON: an expression whose value is a function ({@code $sum}, a lambda),
     * or holds one, fails with States.QueryEvaluationError before any check of the type the field
     * expects; the EvaluationFailed event is located at the field, as for every expression failure.
     */
    @Test
    void anExpressionWhoseValueIsAFunctionFailsAtItsField() {
        String[][] cases = {
            {"\"Output\":\"{% $sum %}\"", "$sum", "Output"},
            {"\"Output\":{\"f\":[\"{% function($x) { $x } %}\"]}", "function($x) { $x }", "Output/f[0]"},
            {"\"Output\":\"{% [1, $string] %}\"", "[1, $string]", "Output"},
            {"\"Assign\":{\"v\":\"{% $sum %}\"}", "$sum", "Assign/v"}};
        for (String[] c : cases) {
            Runs.Result r = Runs.of("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                    + c[0] + ",\"End\":true}}}").run();

            assertFunctionValueFailed(r, "P", 2, c[1], c[2]);
            assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 PassStateEntered <0",
                    "3 EvaluationFailed <0", "4 ExecutionFailed <3");
        }
    }

    @Test
    void aFunctionValueFailsInItemsConditionAndArgumentsAlike() {
        assertFunctionValueFailed(Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $sum %}",
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""").run(),
                "M", 2, "$sum", "Items");
        assertFunctionValueFailed(Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice",
                  "Choices":[{"Condition":"{% $not %}","Next":"S"}],"Default":"S"},"S":{"Type":"Succeed"}}}""").run(),
                "C", 2, "$not", "Condition");
        assertFunctionValueFailed(Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
                  "Arguments":{"Payload":"{% $sum %}"},"End":true}}}""".replace("%s", INVOKE))
                .tasks(Tasks.replying(Tasks.succeed("{}"))).run(), "T", 2, "$sum", "Arguments/Payload");
    }

    private static void assertFunctionValueFailed(Runs.Result r, String state, long entered, String expression,
                                                  String field) {
        String cause = "An error occurred while executing the state '" + state + "' (entered at the event id #" + entered
                + "). The JSONata expression '" + expression + "' specified for the field '" + field
                + "' returned an unsupported result type.";
        r.assertFailed("States.QueryEvaluationError", cause);
        assertJson(r.details(entered + 1), Json.write(Json.object().put("error", "States.QueryEvaluationError")
                .put("cause", cause).put("location", field).put("state", state)));
    }

    @Test
    void aTaskStatesEvaluationFailureFollowsItsEnteredEvent() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
                  "Arguments":{"x":"{% $nothing %}"},"End":true}}}""".replace("%s", INVOKE))
                .tasks(Tasks.replying(Tasks.succeed("{}"))).run();

        assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 EvaluationFailed <2",
                "4 ExecutionFailed <3");
        assertThat(r.details(3).get("location").asText()).isEqualTo("Arguments/x");
    }

    @Test
    void queryEvaluationErrorsCanBeCaught() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Output":"{% $nothing %}","End":true,
                       "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Output":"{% $states.errorOutput.Error %}","Next":"H"}]},
                  "H":{"Type":"Succeed"}}}""".replace("%s", INVOKE))
                .tasks(Tasks.replying(Tasks.succeed("{}"))).run().assertSucceeded("\"States.QueryEvaluationError\"");
    }
}
