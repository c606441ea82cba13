package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Wait state: Seconds, Timestamp, SecondsPath, TimestampPath, on simulated time. */
@Timeout(10)
class WaitStateTest {

    private static Runs.Result waitThenPass(String waitFields, String input) {
        return Runs.of("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\"," + waitFields
                + ",\"Next\":\"P\"},\"P\":{\"Type\":\"Pass\",\"End\":true}}}").input(input).run();
    }

    @Test
    void secondsWaitsThatManySeconds() {
        Runs.Result r = waitThenPass("\"Seconds\":10", "{\"a\":1}");

        r.assertSucceeded("{\"a\":1}");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 WaitStateEntered <0",
                "3 WaitStateExited <2",
                "4 PassStateEntered <3",
                "5 PassStateExited <4",
                "6 ExecutionSucceeded <5");
        assertThat(r.at(2)).isEqualTo(Duration.ZERO);
        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(10));
        assertJson(r.details(3), """
                {"name":"W","output":"{\\"a\\":1}","outputDetails":{"truncated":false}}""");
    }

    @Test
    void aOneHourWaitEndsAtOnceOnSimulatedTime() {
        long wallStart = System.nanoTime();
        Runs.Result r = waitThenPass("\"Seconds\":3600", "{}");

        r.assertSucceeded("{}");
        assertThat(r.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void secondsZeroDoesNotWait() {
        Runs.Result r = waitThenPass("\"Seconds\":0", "{}");

        r.assertSucceeded("{}");
        assertThat(r.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aTimestampCenturiesAheadIsWaitedFor() {
        // more than the 292 years a long of nanoseconds can count
        Runs.Result r = waitThenPass("\"Timestamp\":\"2999-01-01T00:00:00Z\"", "{}");

        r.assertSucceeded("{}");
        assertThat(r.at(3)).isEqualTo(Duration.between(Runs.START, java.time.Instant.parse("2999-01-01T00:00:00Z")));
    }

    @Test
    void timestampWaitsUntilThatInstant() {
        Runs.Result r = waitThenPass("\"Timestamp\":\"2024-01-01T02:30:00Z\"", "{}");

        assertThat(r.at(3)).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void timestampWithAnOffsetAndFractionalSeconds() {
        Runs.Result r = waitThenPass("\"Timestamp\":\"2024-01-01T01:00:00.500+01:00\"", "{}");

        assertThat(r.at(3)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aTimestampInThePastEndsTheWaitAtOnce() {
        Runs.Result r = waitThenPass("\"Timestamp\":\"2020-01-01T00:00:00Z\"", "{}");

        r.assertSucceeded("{}");
        assertThat(r.at(3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void secondsPathReadsTheSecondsFromTheInput() {
        Runs.Result r = waitThenPass("\"SecondsPath\":\"$.delay\"", "{\"delay\":42}");

        r.assertSucceeded("{\"delay\":42}");
        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void secondsPathAppliesAfterInputPath() {
        Runs.Result r = waitThenPass("\"InputPath\":\"$.cfg\",\"SecondsPath\":\"$.delay\"", "{\"cfg\":{\"delay\":7}}");

        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(7));
        r.assertSucceeded("{\"delay\":7}");
    }

    @Test
    void secondsPathThatIsNotAnIntegerFailsWithStatesRuntime() {
        waitThenPass("\"SecondsPath\":\"$.delay\"", "{\"delay\":1.5}").assertFailed("States.Runtime",
                "An error occurred while executing the state 'W' (entered at the event id #2). "
                        + "The SecondsPath parameter cannot be parsed as a long value: $.delay == 1.5");
    }

    @Test
    void secondsPathThatIsNegativeFailsWithStatesRuntime() {
        Runs.Result r = waitThenPass("\"SecondsPath\":\"$.delay\"", "{\"delay\":-1}");

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'W' (entered at the event id #2). "
                + "The SecondsPath parameter references a negative value: $.delay == -1");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 WaitStateEntered <0", "3 ExecutionFailed <2");
    }

    @Test
    void timestampPathReadsTheInstantFromTheInput() {
        Runs.Result r = waitThenPass("\"TimestampPath\":\"$.until\"", "{\"until\":\"2024-01-01T00:00:30Z\"}");

        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void timestampPathThatIsNotATimestampFailsWithStatesRuntime() {
        waitThenPass("\"TimestampPath\":\"$.until\"", "{\"until\":\"2016-12-05 21:29:29Z\"}").assertFailed("States.Runtime",
                "An error occurred while executing the state 'W' (entered at the event id #2). The TimestampPath parameter "
                        + "does not reference a valid ISO-8601 extended offset date-time format string: $.until == 2016-12-05 21:29:29Z");
    }

    @Test
    void waitScaleZeroSkipsWaiting() {
        Runs.Result r = Runs.of("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""").waitScale(0).run();

        r.assertSucceeded("{}");
        assertThat(r.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void waitScaleOneTenthMakesWaitsTenTimesShorter() {
        Runs.Result r = Runs.of("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"T"},
                 "T":{"Type":"Wait","Timestamp":"2024-01-01T02:00:00Z","End":true}}}""").waitScale(0.1).run();

        // 3600 s become 360 s; the time left until 02:00 (6840 s) becomes 684 s
        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(360));
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(360 + 684));
    }

    @Test
    void jsonataSecondsIsAnExpression() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":"{% $states.input.d * 2 %}","Output":"{% $states.input.d %}","End":true}}}""")
                .input("{\"d\":5}").run();

        r.assertSucceeded("5");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jsonataTimestampIsAnExpression() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"W","States":{
                  "W":{"Type":"Wait","Timestamp":"{% $states.input.t %}","End":true}}}""")
                .input("{\"t\":\"2024-01-01T00:01:00Z\"}").run();

        assertThat(r.elapsed()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jsonataTimestampThatIsNotATimestampFailsWithQueryEvaluationError() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"W","States":{
                  "W":{"Type":"Wait","Timestamp":"{% $states.input.t %}","End":true}}}""")
                .input("{\"t\":\"2016-12-05T21:29:29\"}").run();

        r.assertFailed("States.QueryEvaluationError", "An error occurred while executing the state 'W' (entered at the event id #2). "
                + "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05T21:29:29");
    }

    /**
     * AWS's recording of StopExecution during a Wait (describe_list/test_stop_execution): the
     * history ends with ExecutionAborted, previousEventId 0, empty details, and no WaitStateAborted.
     */
    @Test
    void stopExecutionDuringAWaitRecordsOnlyExecutionAborted() {
        Stepper s = new Stepper("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","End":true}}}""",
                "{}").start();
        s.advance(Duration.ofSeconds(5)).signal(new Signal.Stop(null, null));

        Runs.Result r = s.result();
        assertThat(r.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 WaitStateEntered <0", "3 ExecutionAborted <0");
        assertJson(r.details(3), "{}");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.timers).as("the wait's timer is cancelled").isEmpty();
    }

    @Test
    void stopExecutionRecordsTheGivenErrorAndCause() {
        Stepper s = new Stepper("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""", "{}").start();
        s.signal(new Signal.Stop("Halted", "by hand"));

        Runs.Result r = s.result();
        assertThat(r.error()).isEqualTo("Halted");
        assertThat(r.cause()).isEqualTo("by hand");
        assertJson(r.details(3), "{\"error\":\"Halted\",\"cause\":\"by hand\"}");
    }

    /**
     * A state that passes its input on records the input's text once, for its Entered and Exited
     * events (Payload.reusedFor); a state that waits keeps its input's tree for its later steps but
     * lets the text go, so a waiting execution holds no more than before.
     */
    @Test
    void aWaitingStateKeepsItsInputsTreeButNotItsText() {
        Stepper s = new Stepper("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},
                 "W":{"Type":"Wait","Seconds":10,"End":true}}}""", "{ \"a\" : [1, 2] }").start();

        assertThat(s.execution.root.state.name()).isEqualTo("W");
        assertThat(s.execution.root.stateInput).isNotNull();
        assertThat(s.execution.root.stateInputPayload).isNull();

        s.advance(Duration.ofSeconds(10));
        Runs.Result r = s.result();
        r.assertSucceeded("{\"a\":[1,2]}");
        assertThat(r.details(3).get("output").asText()).isEqualTo("{\"a\":[1,2]}"); // P's Exited
        assertThat(r.details(5).get("output").asText()).isEqualTo("{\"a\":[1,2]}"); // W's Exited, after the wait
    }
}
