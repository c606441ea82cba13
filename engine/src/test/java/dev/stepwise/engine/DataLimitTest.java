package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The payload quota: "256 KiB of data as a UTF-8 encoded string" (Step Functions service quotas).
 * A state whose output is larger fails with States.DataLimitExceeded, which States.ALL does not cover.
 */
@Timeout(10)
class DataLimitTest {
    private static final int LIMIT = 262_144;

    /** A JSON string whose serialised form ("…" with its quotes) is exactly {@code bytes} UTF-8 bytes. */
    private static String jsonStringOfBytes(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    private static Runs.Result passWithResult(String resultJson) {
        return Runs.of("{\"StartAt\":\"State_1\",\"States\":{\"State_1\":{\"Type\":\"Pass\",\"Result\":" + resultJson
                + ",\"End\":true}}}").run();
    }

    /** As AWS recorded (error_handling/test_states_errors__test_start_large_input). */
    @Test
    void anOutputOverTheQuotaFailsWithDataLimitExceeded() {
        Runs.Result r = passWithResult("{\"Arg1\":" + jsonStringOfBytes(LIMIT) + "}");

        String cause = "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.";
        r.assertFailed("States.DataLimitExceeded", cause);
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 PassStateEntered <0", "3 ExecutionFailed <2");
        assertJson(r.details(3), "{\"error\":\"States.DataLimitExceeded\",\"cause\":\"" + cause + "\"}");
    }

    @Test
    void anOutputOfExactlyTheQuotaIsAllowed() {
        Runs.Result r = passWithResult(jsonStringOfBytes(LIMIT));

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).hasSize(LIMIT - 2);
    }

    @Test
    void anOutputOneByteOverTheQuotaIsNot() {
        assertThat(passWithResult(jsonStringOfBytes(LIMIT + 1)).error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void theQuotaCountsUtf8BytesNotCharacters() {
        // 140,000 two-byte characters: 140,002 characters, 280,002 bytes
        Runs.Result r = passWithResult("\"" + "é".repeat(140_000) + "\"");

        assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void statesAllCatchesNeitherAndTheErrorEndsTheExecution() {
        Tasks tasks = Tasks.replying(Tasks.succeed(jsonStringOfBytes(LIMIT + 10)));
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{},
                  "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
                 "H":{"Type":"Succeed"}}}""").tasks(tasks).run();

        r.assertFailed("States.DataLimitExceeded",
                "The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit.");
        assertThat(tasks.calls).hasSize(1);
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "ExecutionFailed");
    }

    @Test
    void aSmallOutputFromALargeResultIsFine() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Result":%s,"ResultPath":null,"End":true}}}"""
                .formatted(jsonStringOfBytes(LIMIT + 100))).input("{\"small\":true}").run();

        r.assertSucceeded("{\"small\":true}");
    }
}
