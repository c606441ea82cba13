package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.eval.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retry: which errors a retrier's ErrorEquals covers, the backoff (IntervalSeconds ×
 * BackoffRate^n, capped by MaxDelaySeconds, FULL jitter from the injected random source), MaxAttempts,
 * and that the first matching retrier decides.
 */
@Timeout(10)
class RetryTest {
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";

    private static String taskWithRetry(String retry) {
        return "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + INVOKE
                + "\",\"Parameters\":{},\"Retry\":" + retry + ",\"End\":true}}}";
    }

    /** When each attempt of state T was scheduled, relative to the start. */
    private static List<Duration> attempts(Runs.Result r) {
        List<Duration> out = new ArrayList<>();
        for (var e : r.events()) {
            if (e.get("type").asText().equals("TaskScheduled")) {
                out.add(r.at(e.get("id").asLong()));
            }
        }
        return out;
    }

    @Test
    void defaultsRetryThreeTimesAfterOneTwoAndFourSeconds() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", "boom"));
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"E\"]}]")).tasks(tasks).run();

        r.assertFailed("E", "boom");
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(7));
    }

    @Test
    void aRetriedTaskIsRescheduledAfterItsFailureWithNoEventForTheRetry() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", null), Tasks.succeed("\"ok\""));
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"E\"]}]")).tasks(tasks).run();

        r.assertSucceeded("\"ok\"");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 TaskScheduled <2",
                "4 TaskStarted <3",
                "5 TaskFailed <4",
                "6 TaskScheduled <5",
                "7 TaskStarted <6",
                "8 TaskSucceeded <7",
                "9 TaskStateExited <8",
                "10 ExecutionSucceeded <9");
        assertThat(r.at(6)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void intervalSecondsTimesBackoffRateToTheAttempt() {
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":2,\"BackoffRate\":3,\"MaxAttempts\":3}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).run();

        // delays 2, 6, 18
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(8),
                Duration.ofSeconds(26));
    }

    @Test
    void fractionalBackoffRate() {
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":2,\"BackoffRate\":1.5,\"MaxAttempts\":3}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).run();

        // delays 2, 3, 4.5
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofMillis(9500));
    }

    @Test
    void maxDelaySecondsCapsTheDelay() {
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":10,\"BackoffRate\":10,\"MaxDelaySeconds\":50,\"MaxAttempts\":3}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).run();

        // delays 10, 50 (not 100), 50 (not 1000)
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(110));
    }

    @Test
    void fullJitterDrawsTheDelayFromTheInjectedRandomSource() {
        double[] draws = {0.5, 0.25, 0.0};
        int[] next = {0};
        RandomSource random = new RandomSource() {
            @Override
            public UUID uuid() {
                return new UUID(0, next[0]);
            }

            @Override
            public double nextDouble() {
                return draws[next[0]++];
            }
        };
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":4,\"BackoffRate\":2,\"MaxAttempts\":3,\"JitterStrategy\":\"FULL\"}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).random(random).run();

        // full delays 4, 8, 16 scaled by 0.5, 0.25, 0.0
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(4));
        assertThat(next[0]).isEqualTo(3);
    }

    @Test
    void fullJitterAppliesAfterTheMaxDelayCap() {
        RandomSource half = new RandomSource() {
            @Override
            public UUID uuid() {
                return new UUID(0, 0);
            }

            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":100,\"MaxDelaySeconds\":10,"
                + "\"MaxAttempts\":1,\"JitterStrategy\":\"FULL\"}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).random(half).run();

        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(5));
    }

    @Test
    void maxAttemptsZeroNeverRetries() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", null));
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":0}]")).tasks(tasks).run();

        r.assertFailed("E", null);
        assertThat(tasks.calls).hasSize(1);
    }

    @Test
    void theFirstMatchingRetrierDecidesEvenWhenItsAttemptsAreSpent() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", null));
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":1},{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":5}]"))
                .tasks(tasks).run();

        r.assertFailed("E", null);
        assertThat(tasks.calls).hasSize(2);
    }

    @Test
    void eachRetrierCountsItsOwnAttempts() {
        Tasks tasks = Tasks.replying(Tasks.fail("A", null), Tasks.fail("B", null), Tasks.fail("A", null),
                Tasks.succeed("{}"));
        Runs.Result r = Runs.of(taskWithRetry(
                "[{\"ErrorEquals\":[\"A\"],\"MaxAttempts\":1,\"IntervalSeconds\":1},{\"ErrorEquals\":[\"B\"],\"MaxAttempts\":1,\"IntervalSeconds\":5}]"))
                .tasks(tasks).run();

        // A is retried once, B once, then A again finds its retrier spent
        r.assertFailed("A", null);
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(6));
    }

    @Test
    void aRetrierMatchesAnyOfItsErrorNames() {
        Tasks tasks = Tasks.replying(Tasks.fail("B", null), Tasks.succeed("1"));
        Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"A\",\"B\"]}]")).tasks(tasks).run().assertSucceeded("1");

        assertThat(tasks.calls).hasSize(2);
    }

    @Test
    void errorNamesAreMatchedExactlyAndCaseSensitively() {
        Tasks tasks = Tasks.replying(Tasks.fail("error", null));
        Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"Error\",\"err\"]}]")).tasks(tasks).run().assertFailed("error", null);

        assertThat(tasks.calls).hasSize(1);
    }

    @Test
    void statesAllMatchesAnyTaskError() {
        Tasks tasks = Tasks.replying(Tasks.fail("Anything.AtAll", null), Tasks.succeed("1"));
        Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"States.ALL\"]}]")).tasks(tasks).run().assertSucceeded("1");
    }

    @Test
    void statesAllDoesNotMatchStatesRuntime() {
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Parameters":{"x.$":"$.missing"},
                  "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
                 "Caught":{"Type":"Succeed"}}}""".formatted(INVOKE)).tasks(Tasks.replying(Tasks.succeed("1"))).run();

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'T' (entered at the event id #2). "
                + "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{}'");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 TaskStateEntered <0", "3 ExecutionFailed <2");
    }

    @Test
    void statesAllDoesNotMatchStatesDataLimitExceeded() {
        String big = "\"" + "x".repeat(262_144) + "\"";
        Tasks tasks = Tasks.replying(Tasks.succeed(big));
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"States.ALL\"]}]")).tasks(tasks).run();

        assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(tasks.calls).hasSize(1);
    }

    @Test
    void statesTimeoutMatchesHeartbeatTimeouts() {
        Tasks tasks = Tasks.replying(Tasks.hang(), Tasks.succeed("\"second\""));
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Parameters":{},"HeartbeatSeconds":5,
                  "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1}],"End":true}}}""".formatted(INVOKE))
                .tasks(tasks).run();

        r.assertSucceeded("\"second\"");
        assertThat(r.types()).containsSubsequence("TaskStarted", "TaskTimedOut", "TaskScheduled", "TaskSucceeded");
        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ofSeconds(6));
    }

    @Test
    void statesHeartbeatTimeoutDoesNotMatchATaskTimeout() {
        Tasks tasks = Tasks.replying(Tasks.hang());
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Parameters":{},"TimeoutSeconds":5,
                  "Retry":[{"ErrorEquals":["States.HeartbeatTimeout"]}],"End":true}}}""".formatted(INVOKE))
                .tasks(tasks).run();

        r.assertFailed("States.Timeout", null);
        assertThat(tasks.calls).hasSize(1);
    }

    @Test
    void statesTaskFailedMatchesTaskErrorsButNotTimeouts() {
        Tasks failing = Tasks.replying(Tasks.fail("Custom", null), Tasks.succeed("1"));
        Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"States.TaskFailed\"]}]")).tasks(failing).run().assertSucceeded("1");

        Tasks hanging = Tasks.replying(Tasks.hang());
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Parameters":{},"TimeoutSeconds":5,
                  "Retry":[{"ErrorEquals":["States.TaskFailed"]}],"End":true}}}""".formatted(INVOKE))
                .tasks(hanging).run();
        r.assertFailed("States.Timeout", null);
        assertThat(hanging.calls).hasSize(1);
    }

    @Test
    void retryingAParallelStateRunsAllItsBranchesAgain() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,
                  "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":1,"IntervalSeconds":2}],
                  "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"c"}}}]}}}""").run();

        r.assertFailed("Boom", "c");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 ParallelStateEntered <0",
                "3 ParallelStateStarted <2",
                "4 FailStateEntered <3",
                "5 ParallelStateStarted <4",
                "6 FailStateEntered <5",
                "7 ParallelStateFailed <6",
                "8 ExecutionFailed <7");
        assertThat(r.at(5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryIntervalsAreScaledByTheWaitScale() {
        Runs.Result r = Runs.of(taskWithRetry("[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":10,\"MaxAttempts\":2}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).waitScale(0).run();

        assertThat(attempts(r)).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
