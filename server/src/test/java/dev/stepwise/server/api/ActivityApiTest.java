package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.activityTask;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.WaitScale;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityListItem;
import software.amazon.awssdk.services.sfn.model.CreateActivityResponse;
import software.amazon.awssdk.services.sfn.model.DescribeActivityResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.ListActivitiesResponse;
import software.amazon.awssdk.services.sfn.model.Tag;

/**
 * Activities and their workers: create, describe, delete, list, GetActivityTask (a long poll,
 * here answering empty after 2 seconds instead of AWS's 60), and the task callbacks.
 */
class ActivityApiTest {
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final String TASK_TIMED_OUT = "Task Timed Out: 'Provided task does not exist anymore'";
    private static final String INVALID_TOKEN = "Invalid Token: 'Invalid token'";

    private static ServerFixture fixture;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws IOException {
        // retry intervals skipped; task time-outs and heartbeats keep their real length
        fixture = new ServerFixture(new WaitScale(0), POLL);
        sfn = fixture.sfn();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String activity(String name) {
        return sfn.createActivity(r -> r.name(name)).activityArn();
    }

    private static String machine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** Polls (each poll a long poll) until a task comes; fails after a few empty answers. */
    private static GetActivityTaskResponse nextTask(String activityArn, String worker) {
        for (int i = 0; i < 10; i++) {
            GetActivityTaskResponse task = sfn.getActivityTask(r -> r.activityArn(activityArn).workerName(worker));
            if (task.taskToken() != null) {
                return task;
            }
        }
        throw new AssertionError("no task for " + activityArn);
    }

    @Test
    @Covers({"CreateActivity", "DescribeActivity", "ListActivities", "DeleteActivity", "ListTagsForResource"})
    void activityLifecycle() {
        CreateActivityResponse created = sfn.createActivity(r -> r.name("lifecycle")
                .tags(Tag.builder().key("k").value("v").build()));
        String arn = created.activityArn();
        assertThat(arn).isEqualTo(ARN_PREFIX + "activity:lifecycle");

        DescribeActivityResponse d = sfn.describeActivity(r -> r.activityArn(arn));
        assertThat(d.name()).isEqualTo("lifecycle");
        assertThat(d.activityArn()).isEqualTo(arn);
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(sfn.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("k").value("v").build());
        assertThat(sfn.listActivitiesPaginator(r -> { }).activities().stream().map(ActivityListItem::activityArn))
                .contains(arn);

        // creating it again answers with the same activity, as on AWS
        CreateActivityResponse again = sfn.createActivity(r -> r.name("lifecycle"));
        assertThat(again.activityArn()).isEqualTo(arn);
        assertThat(again.creationDate()).isEqualTo(created.creationDate());

        sfn.deleteActivity(r -> r.activityArn(arn));
        expectError(() -> sfn.describeActivity(r -> r.activityArn(arn)), "ActivityDoesNotExist",
                "Activity Does Not Exist: '" + arn + "'");
        assertThat(sfn.listActivitiesPaginator(r -> { }).activities().stream().map(ActivityListItem::activityArn))
                .doesNotContain(arn);
        expectError(() -> sfn.getActivityTask(r -> r.activityArn(arn)), "ActivityDoesNotExist",
                "Activity Does Not Exist: '" + arn + "'");
    }

    @Test
    @Covers({"StartExecution", "GetExecutionHistory", "DeleteActivity", "GetActivityTask"})
    void aTaskWhoseActivityWasDeletedIsNotScheduledAndFailsTheExecution() {
        String arn = activity("deleted-before-run");
        String machine = machine("runs-a-deleted-activity", activityTask(arn, ""));
        sfn.deleteActivity(r -> r.activityArn(arn));
        // deleting it again succeeds; polling it is ActivityDoesNotExist
        sfn.deleteActivity(r -> r.activityArn(arn));
        expectError(() -> sfn.getActivityTask(r -> r.activityArn(arn)), "ActivityDoesNotExist",
                "Activity Does Not Exist: '" + arn + "'");

        String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
        DescribeExecutionResponse failed = Defs.awaitStatus(sfn, execution, ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("ActivityDoesNotExist");
        assertThat(failed.cause()).isEqualTo("Activity Does Not Exist: '" + arn + "'");
        List<HistoryEvent> events = history(sfn, execution);
        assertThat(types(events)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.ACTIVITY_SCHEDULE_FAILED,
                HistoryEventType.EXECUTION_FAILED);
        assertThat(events.get(2).activityScheduleFailedEventDetails().error()).isEqualTo("ActivityDoesNotExist");
        assertThat(events.get(2).previousEventId()).isEqualTo(2L);
    }

    @Test
    @Covers("CreateStateMachine")
    void expressMachinesRefuseActivityTasks() {
        String arn = activity("express-worker");
        expectError(() -> sfn.createStateMachine(r -> r.name("express-activity").definition(activityTask(arn, ""))
                .roleArn(ROLE).type(software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS)),
                "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state "
                        + "machine does not support Activity ARN at /States/T/Resource'");
    }

    @Test
    @Covers({"CreateActivity", "DescribeActivity", "DeleteActivity", "GetActivityTask"})
    void activityErrors() {
        expectError(() -> sfn.createActivity(r -> r.name("activity name")), "InvalidName",
                "Invalid Name: 'activity name'");
        expectError(() -> sfn.createActivity(r -> r.name("activity~name")), "InvalidName",
                "Invalid Name: 'activity~name'");
        expectError(() -> sfn.describeActivity(r -> r.activityArn("no_an_activity_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'");
        expectError(() -> sfn.getActivityTask(r -> r.activityArn("no_an_activity_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'");
        expectError(() -> sfn.deleteActivity(r -> r.activityArn("no_an_activity_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'");
        String missing = ARN_PREFIX + "activity:missing";
        expectError(() -> sfn.describeActivity(r -> r.activityArn(missing)), "ActivityDoesNotExist",
                "Activity Does Not Exist: '" + missing + "'");
        expectError(() -> sfn.getActivityTask(r -> r.activityArn(missing)), "ActivityDoesNotExist",
                "Activity Does Not Exist: '" + missing + "'");
    }

    @Test
    @Covers("ListActivities")
    void listActivitiesPages() {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arns.add(activity("paged-" + i));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListActivitiesResponse page = sfn.listActivities(r -> r.maxResults(2).nextToken(t));
            assertThat(page.activities()).hasSizeLessThanOrEqualTo(2);
            page.activities().forEach(a -> {
                assertThat(a.activityArn()).isEqualTo(ARN_PREFIX + "activity:" + a.name());
                assertThat(a.creationDate()).isNotNull();
                seen.add(a.activityArn());
            });
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(arns);
        expectError(() -> sfn.listActivities(r -> r.maxResults(1001)), "ValidationException",
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
        expectError(() -> sfn.listActivities(r -> r.nextToken("garbage")), "InvalidToken", INVALID_TOKEN);
    }

    @Test
    @Covers({"GetActivityTask", "SendTaskSuccess", "StartExecution", "DescribeExecution", "GetExecutionHistory"})
    void aWorkerTakesTheTaskAndReportsSuccess() {
        String activity = activity("worked");
        String m = machine("worked", activityTask(activity, "\"Parameters\": {\"job.$\": \"$.job\"}"));
        String execution = sfn.startExecution(r -> r.stateMachineArn(m).input("{\"job\": 42}")).executionArn();

        GetActivityTaskResponse task = nextTask(activity, "worker-1");
        assertThat(task.input()).isEqualTo("{\"job\":42}");
        sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"result\": \"done\"}"));

        DescribeExecutionResponse d = Defs.awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"result\":\"done\"}");
        List<HistoryEvent> events = history(sfn, execution);
        assertThat(types(events)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.ACTIVITY_SCHEDULED,
                HistoryEventType.ACTIVITY_STARTED, HistoryEventType.ACTIVITY_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events.get(2).activityScheduledEventDetails().resource()).isEqualTo(activity);
        assertThat(events.get(3).activityStartedEventDetails().workerName()).isEqualTo("worker-1");

        // the task is closed: reporting again is too late
        expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}")), "TaskTimedOut",
                TASK_TIMED_OUT);
    }

    @Test
    @Covers("GetActivityTask")
    void getActivityTaskAnswersEmptyWhenNoTaskComes() {
        String activity = activity("idle");
        long before = System.nanoTime();
        GetActivityTaskResponse none = sfn.getActivityTask(r -> r.activityArn(activity).workerName("idle-worker"));
        assertThat(none.taskToken()).isNull();
        assertThat(none.input()).isNull();
        // it waited for a task (the long poll) before answering
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(POLL.minusMillis(100));
    }

    @Test
    @Covers({"GetActivityTask", "SendTaskFailure", "DescribeExecution", "GetExecutionHistory"})
    void aWorkerReportsFailure() {
        String activity = activity("failing");
        String m = machine("failing", activityTask(activity, ""));
        String execution = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();
        GetActivityTaskResponse task = nextTask(activity, "w");
        sfn.sendTaskFailure(r -> r.taskToken(task.taskToken()).error("Worker.Broken").cause("disk full"));

        DescribeExecutionResponse d = Defs.awaitStatus(sfn, execution, ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Worker.Broken");
        assertThat(d.cause()).isEqualTo("disk full");
        HistoryEvent failed = history(sfn, execution).stream()
                .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED).findFirst().orElseThrow();
        assertThat(failed.activityFailedEventDetails().error()).isEqualTo("Worker.Broken");
        assertThat(failed.activityFailedEventDetails().cause()).isEqualTo("disk full");
        expectError(() -> sfn.sendTaskFailure(r -> r.taskToken(task.taskToken())), "TaskTimedOut", TASK_TIMED_OUT);
    }

    @Test
    @Covers({"GetActivityTask", "SendTaskHeartbeat", "SendTaskSuccess", "SendTaskFailure", "GetExecutionHistory"})
    void aMissedHeartbeatTimesTheTaskOutAndRetryRunsItAgain() {
        String activity = activity("heartbeat");
        String m = machine("heartbeat", activityTask(activity, """
                "HeartbeatSeconds": 2, "TimeoutSeconds": 60,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 1}]"""));
        String execution = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();

        GetActivityTaskResponse first = nextTask(activity, "slow");
        sfn.sendTaskHeartbeat(r -> r.taskToken(first.taskToken()));
        // no more heartbeats: the task times out and the retrier offers it again
        GetActivityTaskResponse second = nextTask(activity, "fast");
        assertThat(second.taskToken()).isNotEqualTo(first.taskToken());

        expectError(() -> sfn.sendTaskHeartbeat(r -> r.taskToken(first.taskToken())), "TaskTimedOut", TASK_TIMED_OUT);
        expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(first.taskToken()).output("{}")), "TaskTimedOut",
                TASK_TIMED_OUT);
        expectError(() -> sfn.sendTaskFailure(r -> r.taskToken(first.taskToken())), "TaskTimedOut", TASK_TIMED_OUT);

        sfn.sendTaskHeartbeat(r -> r.taskToken(second.taskToken()));
        sfn.sendTaskSuccess(r -> r.taskToken(second.taskToken()).output("{\"attempt\": 2}"));
        assertThat(Defs.awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED).output()).isEqualTo("{\"attempt\":2}");

        List<HistoryEvent> events = history(sfn, execution);
        assertThat(types(events)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.ACTIVITY_SCHEDULED, HistoryEventType.ACTIVITY_STARTED,
                HistoryEventType.ACTIVITY_TIMED_OUT,
                HistoryEventType.ACTIVITY_SCHEDULED, HistoryEventType.ACTIVITY_STARTED,
                HistoryEventType.ACTIVITY_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events.get(2).activityScheduledEventDetails().heartbeatInSeconds()).isEqualTo(2L);
        assertThat(events.get(2).activityScheduledEventDetails().timeoutInSeconds()).isEqualTo(60L);
        assertThat(events.get(4).activityTimedOutEventDetails().error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(events.get(6).activityStartedEventDetails().workerName()).isEqualTo("fast");
    }

    @Test
    @Covers({"GetActivityTask", "SendTaskSuccess", "DescribeExecution"})
    void aTaskPastItsTimeoutSecondsFailsTheExecutionWithStatesTimeout() {
        String activity = activity("timeout");
        String m = machine("timeout", activityTask(activity, "\"TimeoutSeconds\": 1"));
        String execution = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();
        GetActivityTaskResponse task = nextTask(activity, "late");

        DescribeExecutionResponse d = Defs.awaitStatus(sfn, execution, ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("States.Timeout");
        assertThat(types(history(sfn, execution))).contains(HistoryEventType.ACTIVITY_TIMED_OUT);
        expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}")), "TaskTimedOut",
                TASK_TIMED_OUT);
    }

    @Test
    @Covers({"SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat"})
    void forgedAndAlteredTaskTokensAreInvalidTokenAndChangeNothing() {
        String activity = activity("signed");
        String machine = machine("signed-tokens", "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", "
                + "\"Resource\": \"" + activity + "\", \"End\": true}}}");
        String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
        String token = sfn.getActivityTask(r -> r.activityArn(activity).workerName("w")).taskToken();
        int dot = token.indexOf('.');
        assertThat(dot).as("a signed token").isPositive();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        // the same task id with another signature, another task id with this signature, the id alone
        char c = token.charAt(dot + 1);
        String otherSignature = token.substring(0, dot + 1) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 2);
        String otherTask = b64.encodeToString((execution + "#2").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + token.substring(dot);
        String unsigned = token.substring(0, dot);
        for (String forged : List.of(otherSignature, otherTask, unsigned)) {
            expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(forged).output("{\"forged\": true}")),
                    "InvalidToken", INVALID_TOKEN);
            expectError(() -> sfn.sendTaskFailure(r -> r.taskToken(forged).error("Forged")), "InvalidToken",
                    INVALID_TOKEN);
            expectError(() -> sfn.sendTaskHeartbeat(r -> r.taskToken(forged)), "InvalidToken", INVALID_TOKEN);
        }
        assertThat(sfn.describeExecution(r -> r.executionArn(execution)).status()).isEqualTo(ExecutionStatus.RUNNING);
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"genuine\": true}"));
        assertThat(sfn.describeExecution(r -> r.executionArn(execution)).output()).isEqualTo("{\"genuine\":true}");
    }

    @Test
    @Covers({"SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat"})
    void malformedTaskTokensAreInvalidToken() {
        for (String token : List.of("not-a-token", "AAAA", "%%%")) {
            expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")), "InvalidToken", INVALID_TOKEN);
            expectError(() -> sfn.sendTaskFailure(r -> r.taskToken(token).error("E")), "InvalidToken", INVALID_TOKEN);
            expectError(() -> sfn.sendTaskHeartbeat(r -> r.taskToken(token)), "InvalidToken", INVALID_TOKEN);
        }
        expectError(() -> sfn.sendTaskHeartbeat(r -> r.taskToken("t".repeat(2049))), "ValidationException", null);
    }

    @Test
    @Covers({"SendTaskSuccess", "DescribeExecution"})
    void successWithOutputThatIsNotJsonIsInvalidOutput() {
        String activity = activity("bad-output");
        String m = machine("bad-output", activityTask(activity, ""));
        String execution = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();
        GetActivityTaskResponse task = nextTask(activity, "w");
        // (no recording of AWS's wording: the code only)
        expectError(() -> sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{oops")), "InvalidOutput",
                null);
        // the task is still open and can still succeed
        sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("[1]"));
        assertThat(Defs.awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED).output()).isEqualTo("[1]");
    }
}
