package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Task state: the event family of each resource kind (activity, Lambda function ARN, service
 * integration), task failures, TimeoutSeconds and HeartbeatSeconds (and their Path forms), and the
 * timers and tasks a finished task leaves behind.
 */
@Timeout(10)
class TaskStateTest {
    private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:worker";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";

    private static String task(String resource, String fields) {
        return "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\""
                + (fields.isEmpty() ? "" : "," + fields) + ",\"End\":true}}}";
    }

    // ---- event families

    /** Shapes as in AWS's recordings of service integrations (conformance sfn_integration/*). */
    @Test
    void serviceIntegrationsRecordTaskEvents() {
        Runs.Result r = Runs.of(task(INVOKE, "\"Parameters\":{\"FunctionName\":\"fn\",\"Payload.$\":\"$\"}"))
                .input("{\"x\":1}").tasks(Tasks.replying(Tasks.succeed("{\"StatusCode\":200}"))).run();

        r.assertSucceeded("{\"StatusCode\":200}");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 TaskScheduled <2",
                "4 TaskStarted <3",
                "5 TaskSucceeded <4",
                "6 TaskStateExited <5",
                "7 ExecutionSucceeded <6");
        assertJson(r.details(3), """
                {"resourceType":"lambda","resource":"invoke","region":"us-east-1",
                 "parameters":"{\\"FunctionName\\":\\"fn\\",\\"Payload\\":{\\"x\\":1}}"}""");
        assertJson(r.details(4), "{\"resourceType\":\"lambda\",\"resource\":\"invoke\"}");
        assertJson(r.details(5), """
                {"resourceType":"lambda","resource":"invoke","output":"{\\"StatusCode\\":200}","outputDetails":{"truncated":false}}""");
        assertJson(r.details(6), """
                {"name":"T","output":"{\\"StatusCode\\":200}","outputDetails":{"truncated":false}}""");
    }

    @Test
    void sdkIntegrationsKeepTheServiceInTheResourceType() {
        Runs.Result r = Runs.of(task("arn:aws:states:::aws-sdk:s3:listBuckets", "\"Parameters\":{}"))
                .tasks(Tasks.replying(Tasks.succeed("{}"))).run();

        assertJson(r.details(3), """
                {"resourceType":"aws-sdk:s3","resource":"listBuckets","region":"us-east-1","parameters":"{}"}""");
    }

    @Test
    void lambdaFunctionArnsRecordLambdaFunctionEvents() {
        Runs.Result r = Runs.of(task(FUNCTION, "")).input("{\"x\":1}")
                .tasks(Tasks.replying(Tasks.succeed("\"ok\""))).run();

        r.assertSucceeded("\"ok\"");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 LambdaFunctionScheduled <2",
                "4 LambdaFunctionStarted <3",
                "5 LambdaFunctionSucceeded <4",
                "6 TaskStateExited <5",
                "7 ExecutionSucceeded <6");
        assertJson(r.details(3), """
                {"resource":"%s","input":"{\\"x\\":1}","inputDetails":{"truncated":false}}""".formatted(FUNCTION));
        assertThat(r.details(4)).as("LambdaFunctionStarted has no details").isNull();
        assertJson(r.details(5), "{\"output\":\"\\\"ok\\\"\",\"outputDetails\":{\"truncated\":false}}");
    }

    @Test
    void activitiesRecordActivityEvents() {
        Tasks worker = Tasks.replying((t, signals) -> {
            signals.accept(new Signal.TaskStarted(t.taskId(), "worker-1"));
            signals.accept(new Signal.TaskSucceeded(t.taskId(), Runs.json("{\"done\":true}")));
        });
        Runs.Result r = Runs.of(task(ACTIVITY, "\"TimeoutSeconds\":300,\"HeartbeatSeconds\":60"))
                .input("{\"job\":7}").tasks(worker).run();

        r.assertSucceeded("{\"done\":true}");
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertJson(r.details(3), """
                {"resource":"%s","input":"{\\"job\\":7}","inputDetails":{"truncated":false},
                 "timeoutInSeconds":300,"heartbeatInSeconds":60}""".formatted(ACTIVITY));
        assertJson(r.details(4), "{\"workerName\":\"worker-1\"}");
        assertJson(r.details(5), "{\"output\":\"{\\\"done\\\":true}\",\"outputDetails\":{\"truncated\":false}}");
    }

    @Test
    void theTaskReceivesTheEffectiveInput() {
        Tasks tasks = Tasks.replying(Tasks.echo());
        Runs.of(task(INVOKE, "\"InputPath\":\"$.in\",\"Parameters\":{\"v.$\":\"$.v\"}")).input("{\"in\":{\"v\":3}}")
                .tasks(tasks).run().assertSucceeded("{\"v\":3}");

        assertThat(tasks.calls).hasSize(1);
        assertJson(tasks.calls.get(0).input(), "{\"v\":3}");
        assertThat(tasks.calls.get(0).resource().text()).isEqualTo(INVOKE);
        assertThat(tasks.calls.get(0).stateName()).isEqualTo("T");
    }

    // ---- failures

    /** As AWS recorded (sfn_integration/test_start_execution_sync_delegate_failure): no TaskStateExited. */
    @Test
    void aFailedTaskFailsTheExecutionWithTheTasksErrorAndCause() {
        Runs.Result r = Runs.of(task(INVOKE, "\"Parameters\":{}"))
                .tasks(Tasks.replying(Tasks.fail("Lambda.Unknown", "it broke"))).run();

        r.assertFailed("Lambda.Unknown", "it broke");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 TaskScheduled <2",
                "4 TaskStarted <3",
                "5 TaskFailed <4",
                "6 ExecutionFailed <5");
        assertJson(r.details(5), """
                {"resourceType":"lambda","resource":"invoke","error":"Lambda.Unknown","cause":"it broke"}""");
        assertJson(r.details(6), "{\"error\":\"Lambda.Unknown\",\"cause\":\"it broke\"}");
    }

    @Test
    void aFailedLambdaFunctionRecordsLambdaFunctionFailed() {
        Runs.Result r = Runs.of(task(FUNCTION, "")).tasks(Tasks.replying(Tasks.fail("Err", "c"))).run();

        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed");
        assertJson(r.details(5), "{\"error\":\"Err\",\"cause\":\"c\"}");
    }

    @Test
    void aFailedActivityRecordsActivityFailed() {
        Runs.Result r = Runs.of(task(ACTIVITY, "")).tasks(Tasks.replying(Tasks.fail("Err", null))).run();

        r.assertFailed("Err", null);
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                "ActivityStarted", "ActivityFailed", "ExecutionFailed");
        assertJson(r.details(5), "{\"error\":\"Err\"}");
        assertJson(r.details(6), "{\"error\":\"Err\"}");
    }

    /** A dispatcher for which the activity cannot be scheduled (it does not exist). */
    private static TaskDispatcher activityMissing(Tasks tasks) {
        return new TaskDispatcher() {
            @Override
            public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
                tasks.dispatch(origin, task, report);
            }

            @Override
            public Failure scheduleFailure(TaskResource resource) {
                return Failure.of("ActivityDoesNotExist", "Activity Does Not Exist: '" + resource.text() + "'");
            }
        };
    }

    @Test
    void anActivityThatCannotBeScheduledRecordsActivityScheduleFailedAndFailsTheState() {
        Tasks tasks = Tasks.replying(Tasks.succeed("{}"));
        Runs.Result r = Runs.of(task(ACTIVITY, "")).tasks(activityMissing(tasks)).run();

        r.assertFailed("ActivityDoesNotExist", "Activity Does Not Exist: '" + ACTIVITY + "'");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 ActivityScheduleFailed <2",
                "4 ExecutionFailed <3");
        assertJson(r.details(3), "{\"error\":\"ActivityDoesNotExist\",\"cause\":\"Activity Does Not Exist: '"
                + ACTIVITY + "'\"}");
        assertThat(tasks.calls).as("nothing was dispatched").isEmpty();
    }

    @Test
    void anActivityScheduleFailureIsCaughtAsAnyTaskError() {
        String definition = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + ACTIVITY
                + "\",\"Catch\":[{\"ErrorEquals\":[\"ActivityDoesNotExist\"],\"Next\":\"Handled\"}],\"End\":true},"
                + "\"Handled\":{\"Type\":\"Pass\",\"End\":true}}}";
        Runs.Result r = Runs.of(definition).tasks(activityMissing(Tasks.replying())).run();

        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "ActivityScheduleFailed",
                "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    // ---- TimeoutSeconds

    /**
     * AWS (floci-io/floci#2733, verbatim): an activity with TimeoutSeconds 5 ends after 5 seconds
     * with ActivityTimedOut, error States.Timeout and no cause.
     */
    @Test
    void timeoutSecondsFailsTheTaskWithStatesTimeout() {
        Tasks tasks = Tasks.replying(Tasks.hang());
        Runs.Result r = Runs.of(task(ACTIVITY, "\"TimeoutSeconds\":5")).tasks(tasks).run();

        r.assertFailed("States.Timeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 ActivityScheduled <2",
                "4 ActivityStarted <3",
                "5 ActivityTimedOut <4",
                "6 ExecutionFailed <5");
        assertJson(r.details(3), """
                {"resource":"%s","input":"{}","inputDetails":{"truncated":false},"timeoutInSeconds":5}""".formatted(ACTIVITY));
        assertJson(r.details(5), "{\"error\":\"States.Timeout\"}");
        assertJson(r.details(6), "{\"error\":\"States.Timeout\"}");
        assertThat(tasks.cancelled).containsExactly(tasks.calls.get(0).taskId());
    }

    @Test
    void timeoutSecondsCountsFromSchedulingEvenIfTheTaskNeverStarts() {
        Runs.Result r = Runs.of(task(ACTIVITY, "\"TimeoutSeconds\":5")).tasks(Tasks.replying(Tasks.silent())).run();

        r.assertFailed("States.Timeout", null);
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                "ActivityTimedOut", "ExecutionFailed");
        assertThat(r.last().get("previousEventId").asLong()).isEqualTo(4);
        assertThat(r.event(4).get("previousEventId").asLong()).isEqualTo(3);
    }

    @Test
    void serviceIntegrationTimeoutsRecordTaskTimedOut() {
        Runs.Result r = Runs.of(task(INVOKE, "\"Parameters\":{},\"TimeoutSeconds\":3"))
                .tasks(Tasks.replying(Tasks.hang())).run();

        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskTimedOut", "ExecutionFailed");
        assertJson(r.details(3), """
                {"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}","timeoutInSeconds":3}""");
        assertJson(r.details(5), "{\"resourceType\":\"lambda\",\"resource\":\"invoke\",\"error\":\"States.Timeout\"}");
    }

    @Test
    void lambdaFunctionTimeoutsRecordLambdaFunctionTimedOut() {
        Runs.Result r = Runs.of(task(FUNCTION, "\"TimeoutSeconds\":3")).tasks(Tasks.replying(Tasks.hang())).run();

        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionTimedOut", "ExecutionFailed");
        assertJson(r.details(3), """
                {"resource":"%s","input":"{}","inputDetails":{"truncated":false},"timeoutInSeconds":3}""".formatted(FUNCTION));
        assertJson(r.details(5), "{\"error\":\"States.Timeout\"}");
    }

    @Test
    void timeoutSecondsPathReadsTheTimeoutFromTheInput() {
        Runs.Result r = Runs.of(task(ACTIVITY, "\"TimeoutSecondsPath\":\"$.t\"")).input("{\"t\":8}")
                .tasks(Tasks.replying(Tasks.hang())).run();

        r.assertFailed("States.Timeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(8));
        assertThat(r.details(3).get("timeoutInSeconds").asLong()).isEqualTo(8);
    }

    /** The cause's wording is the engine's; no AWS recording of this failure was found. */
    @Test
    void timeoutSecondsPathThatIsNotAPositiveIntegerFailsWithStatesRuntime() {
        Runs.Result r = Runs.of(task(ACTIVITY, "\"TimeoutSecondsPath\":\"$.t\"")).input("{\"t\":\"soon\"}")
                .tasks(Tasks.replying(Tasks.hang())).run();

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'T' (entered at the event id #2). "
                + "The TimeoutSeconds field must be a positive integer, but was: \"soon\"");
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "ExecutionFailed");
    }

    @Test
    void jsonataTimeoutSecondsIsAnExpression() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s",
                  "TimeoutSeconds":"{% $states.input.t + 1 %}","End":true}}}""".replace("%s", ACTIVITY))
                .input("{\"t\":4}").tasks(Tasks.replying(Tasks.hang())).run();

        r.assertFailed("States.Timeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    // ---- HeartbeatSeconds

    @Test
    void heartbeatSecondsFailsATaskThatStopsSendingHeartbeats() {
        Stepper s = new Stepper(task(ACTIVITY, "\"HeartbeatSeconds\":10"), "{}").start();
        String id = s.task().taskId();
        s.signal(new Signal.TaskStarted(id, "w"));
        s.advance(Duration.ofSeconds(8)).signal(new Signal.TaskHeartbeat(id));
        s.advance(Duration.ofSeconds(8)).signal(new Signal.TaskHeartbeat(id));
        assertThat(s.result().status()).isEqualTo(ExecutionStatus.RUNNING);

        s.advance(Duration.ofSeconds(10));

        Runs.Result r = s.result();
        r.assertFailed("States.HeartbeatTimeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(26));
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 ActivityScheduled <2",
                "4 ActivityStarted <3",
                "5 ActivityTimedOut <4",
                "6 ExecutionFailed <5");
        assertJson(r.details(5), "{\"error\":\"States.HeartbeatTimeout\"}");
        assertThat(s.cancelledTasks).containsExactly(id);
        assertThat(s.timers).isEmpty();
    }

    @Test
    void heartbeatsDoNotExtendTimeoutSeconds() {
        Stepper s = new Stepper(task(ACTIVITY, "\"TimeoutSeconds\":10,\"HeartbeatSeconds\":4"), "{}").start();
        String id = s.task().taskId();
        s.signal(new Signal.TaskStarted(id, "w"));
        for (int i = 0; i < 3; i++) {
            s.advance(Duration.ofSeconds(3)).signal(new Signal.TaskHeartbeat(id));
        }

        s.advance(Duration.ofSeconds(5));

        Runs.Result r = s.result();
        r.assertFailed("States.Timeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.timers).isEmpty();
    }

    @Test
    void heartbeatSecondsPathReadsTheIntervalFromTheInput() {
        Runs.Result r = Runs.of(task(ACTIVITY, "\"HeartbeatSecondsPath\":\"$.hb\"")).input("{\"hb\":6}")
                .tasks(Tasks.replying(Tasks.hang())).run();

        r.assertFailed("States.HeartbeatTimeout", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(6));
        assertThat(r.details(3).get("heartbeatInSeconds").asLong()).isEqualTo(6);
    }

    // ---- what a finished task leaves behind

    @Test
    void aTaskThatFinishesInTimeCancelsItsTimers() {
        Stepper s = new Stepper(task(ACTIVITY, "\"TimeoutSeconds\":100,\"HeartbeatSeconds\":30"), "{}").start();
        String id = s.task().taskId();
        s.signal(new Signal.TaskStarted(id, "w"));
        assertThat(s.armed()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(100));

        s.advance(Duration.ofSeconds(1)).signal(new Signal.TaskSucceeded(id, Runs.json("1")));

        assertThat(s.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(s.timers).as("timers left armed").isEmpty();
        assertThat(s.cancelledTimers).hasSize(2);
    }

    @Test
    void aCallbackThatOvertakesTheSubmissionCountsRightAfterIt() {
        Stepper s = new Stepper(task("arn:aws:states:::lambda:invoke.waitForTaskToken", ""), "{}").start();
        String id = s.task().taskId();
        s.signal(new Signal.TaskStarted(id, null));
        // the callee called back before its invocation's answer was recorded
        s.signal(new Signal.TaskSucceeded(id, Runs.json("\"done\""), true));
        assertThat(s.result().status()).isEqualTo(ExecutionStatus.RUNNING);

        s.signal(new Signal.TaskSubmitted(id, Runs.json("{\"StatusCode\":202}")));

        s.result().assertSucceeded("\"done\"");
        assertThat(s.result().types()).containsSubsequence("TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void signalsForAFinishedTaskAreIgnored() {
        Stepper s = new Stepper(task(ACTIVITY, ""), "{}").start();
        String id = s.task().taskId();
        s.signal(new Signal.TaskSucceeded(id, Runs.json("1")));
        int events = s.result().events().size();

        s.signal(new Signal.TaskFailed(id, "Late", null)).signal(new Signal.TaskHeartbeat(id));

        assertThat(s.result().events()).hasSize(events);
        s.result().assertSucceeded("1");
    }

    // ---- the context object

    @Test
    void theTaskTokenIsInTheContextObjectWhenParametersAreEvaluated() {
        Tasks tasks = Tasks.replying(Tasks.echo());
        Runs.Result r = Runs.of(task("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "\"Parameters\":{\"token.$\":\"$$.Task.Token\"}")).tasks(tasks).run();

        String token = r.output().get("token").asText();
        // the token names the task (a callback finds it without a lookup) but is opaque to the user
        assertThat(TaskTokens.EPHEMERAL.verify(token)).contains(tasks.calls.get(0).taskId());
        assertThat(token).doesNotContain("arn:");
    }

    @Test
    void retryCountIsInTheContextObjectOfATaskState() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", null), Tasks.fail("E", null), Tasks.echo());
        Runs.Result r = Runs.of(task(INVOKE, "\"Parameters\":{\"n.$\":\"$$.State.RetryCount\"},"
                + "\"Retry\":[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":1}]")).tasks(tasks).run();

        r.assertSucceeded("{\"n\":2}");
        assertThat(tasks.calls.stream().map(c -> c.input().get("n").asInt())).containsExactly(0, 1, 2);
    }
}
