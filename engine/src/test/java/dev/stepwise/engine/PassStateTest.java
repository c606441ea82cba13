package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Pass state: passes its input on, or its Result, through the usual data flow. */
@Timeout(10)
class PassStateTest {

    @Test
    void passCopiesItsInputToItsOutput() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""").input("{\"a\":1}").run();

        r.assertSucceeded("{\"a\":1}");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 PassStateEntered <0",
                "3 PassStateExited <2",
                "4 ExecutionSucceeded <3");
        assertJson(r.details(1), """
                {"input":"{\\"a\\":1}","inputDetails":{"truncated":false},"roleArn":"%s"}""".formatted(Runs.ROLE_ARN));
        assertJson(r.details(2), """
                {"name":"P","input":"{\\"a\\":1}","inputDetails":{"truncated":false}}""");
        assertJson(r.details(3), """
                {"name":"P","output":"{\\"a\\":1}","outputDetails":{"truncated":false}}""");
        assertJson(r.details(4), """
                {"output":"{\\"a\\":1}","outputDetails":{"truncated":false}}""");
    }

    /**
     * The first state's Entered event shows the execution input as the caller wrote it, like
     * ExecutionStarted; later payloads are compact (AWS's recording
     * scenarios/test_map_state_legacy_config_distributed: MapStateEntered input "[\"Hello\", \"World\"]",
     * MapStateExited output "[\"Hello\",\"World\"]").
     */
    @Test
    void executionInputKeepsTheCallersExactText() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""").input("{ \"a\" : 1.50 }").run();

        assertThat(r.details(1).get("input").asText()).isEqualTo("{ \"a\" : 1.50 }");
        assertThat(r.details(2).get("input").asText()).isEqualTo("{ \"a\" : 1.50 }");
        assertThat(r.details(3).get("output").asText()).isEqualTo("{\"a\":1.5}");
    }

    @Test
    void resultReplacesTheInput() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":[1,"two"]},"End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("{\"x\":[1,\"two\"]}");
    }

    @Test
    void resultIsTakenLiterallyEvenWithDollarKeys() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x.$":"$.a"},"End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("{\"x.$\":\"$.a\"}");
    }

    @Test
    void resultIsPlacedByResultPath() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":"done","ResultPath":"$.status","End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("{\"a\":1,\"status\":\"done\"}");
    }

    @Test
    void parametersWithoutResultBecomeTheResult() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"b.$":"$.a","c":true},"End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("{\"b\":1,\"c\":true}");
    }

    @Test
    void resultWinsOverParameters() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"b.$":"$.a"},"Result":"R","End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("\"R\"");
    }

    @Test
    void nextChainsStatesAndEachEnteredEventFollowsThePreviousExit() {
        Runs.Result r = Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Result":1,"Next":"B"},
                  "B":{"Type":"Pass","End":true}}}""").run();

        r.assertSucceeded("1");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 PassStateEntered <0",
                "3 PassStateExited <2",
                "4 PassStateEntered <3",
                "5 PassStateExited <4",
                "6 ExecutionSucceeded <5");
        assertJson(r.details(4), """
                {"name":"B","input":"1","inputDetails":{"truncated":false}}""");
    }

    @Test
    void jsonataPassOutputsItsOutputExpression() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{
                  "P":{"Type":"Pass","Output":{"sum":"{% $states.input.a + 1 %}"},"End":true}}}""")
                .input("{\"a\":1}").run();

        r.assertSucceeded("{\"sum\":2}");
    }

    @Test
    void jsonataPassWithoutOutputPassesItsInput() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""")
                .input("[1,2]").run();

        r.assertSucceeded("[1,2]");
    }

    @Test
    void passInputMayBeAnyJsonValue() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""").input("\"text\"").run();

        r.assertSucceeded("\"text\"");
        assertThat(r.details(2).get("input").asText()).isEqualTo("\"text\"");
    }
}
