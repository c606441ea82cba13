package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The state machine's TimeoutSeconds: the execution times out with ExecutionTimedOut. */
@Timeout(10)
class ExecutionTimeoutTest {

    /**
     * The history: ExecutionStarted, WaitStateEntered, ExecutionTimedOut with previousEventId 0
     * (AWS as reported verbatim in floci-io/floci#2733). DescribeExecution has status TIMED_OUT and
     * no error or cause (conformance timeouts/test_global_timeout). The event's cause text is the
     * engine's; AWS's could not be determined.
     */
    @Test
    void timeoutSecondsEndsTheExecutionWithExecutionTimedOut() {
        Runs.Result r = Runs.of("""
                {"TimeoutSeconds":5,"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","End":true}}}""").run();

        assertThat(r.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 WaitStateEntered <0", "3 ExecutionTimedOut <0");
        assertJson(r.details(3), "{\"error\":\"States.Timeout\",\"cause\":\"The execution timed out.\"}");
        assertThat(r.at(3)).isEqualTo(Duration.ofSeconds(5));

        ObjectNode describe = r.describe();
        assertThat(describe.get("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(describe.has("error")).isFalse();
        assertThat(describe.has("cause")).isFalse();
        assertThat(describe.has("output")).isFalse();
    }

    @Test
    void anExecutionThatEndsInTimeCancelsItsTimeout() {
        Stepper s = new Stepper("""
                {"TimeoutSeconds":100,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}""", "{}")
                .start();
        assertThat(s.armed()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(100));

        s.advance(Duration.ofSeconds(10));

        assertThat(s.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(s.timers).as("no timer is left armed").isEmpty();
        assertThat(s.cancelledTimers).hasSize(1);
    }

    @Test
    void theTimeoutIsNotScaledByTheWaitScale() {
        Runs.Result r = Runs.of("""
                {"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}""")
                .waitScale(0.1).run();

        // the wait takes 10 s scaled; the time-out still fires after 5 s
        assertThat(r.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutDuringATaskCancelsTheTask() {
        Stepper s = new Stepper("""
                {"TimeoutSeconds":30,"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}}}""",
                "{}").start();
        String taskId = s.task().taskId();
        s.signal(new Signal.TaskStarted(taskId, null));

        s.advance(Duration.ofSeconds(30));

        Runs.Result r = s.result();
        assertThat(r.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(s.cancelledTasks).containsExactly(taskId);
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskStateAborted", "ExecutionTimedOut");
        assertThat(r.last().get("previousEventId").asLong()).isZero();
    }

    @Test
    void aTaskThatAnswersAfterTheTimeoutIsIgnored() {
        Stepper s = new Stepper("""
                {"TimeoutSeconds":1,"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a","End":true}}}""",
                "{}").start();
        String taskId = s.task().taskId();
        s.advance(Duration.ofSeconds(1));
        int events = s.result().events().size();

        s.signal(new Signal.TaskSucceeded(taskId, Runs.json("{}")));

        assertThat(s.result().events()).hasSize(events);
        assertThat(s.result().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void anExecutionWithoutTimeoutSecondsRunsAsLongAsItNeeds() {
        TaskDispatcher never = (origin, task, signals) -> { };
        Runs.Result r = Runs.of("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":31536000,"End":true}}}""").tasks(never).run();

        r.assertSucceeded("{}");
        assertThat(r.elapsed()).isEqualTo(Duration.ofDays(365));
    }
}
