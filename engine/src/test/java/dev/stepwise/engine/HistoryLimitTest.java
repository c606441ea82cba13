package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An execution's history holds at most 25,000 events; an execution that would write more fails. */
class HistoryLimitTest {

    @Test
    void anEndlessLoopFailsWhenItsHistoryIsFull() {
        Runs.Result r = Runs.of("""
                {"StartAt": "Loop", "States": {
                  "Loop": {"Type": "Pass", "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}],
                            "Default": "Loop"},
                  "Done": {"Type": "Succeed"}}}""").run();

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.events()).hasSizeLessThanOrEqualTo(25_000).hasSizeGreaterThan(24_990);
        assertThat(r.types().get(r.types().size() - 1)).isEqualTo("ExecutionFailed");
    }
}
