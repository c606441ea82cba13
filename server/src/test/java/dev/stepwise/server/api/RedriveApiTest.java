package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.WaitScale;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** RedriveExecution: a failed execution runs again from the state that failed. */
class RedriveApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture(WaitScale.REAL, Duration.ofSeconds(2)));

    private static GetActivityTaskResponse nextTask(String activityArn) {
        for (int i = 0; i < 10; i++) {
            GetActivityTaskResponse task = server.sfn().getActivityTask(r -> r.activityArn(activityArn));
            if (task.taskToken() != null) {
                return task;
            }
        }
        throw new AssertionError("no task for " + activityArn);
    }

    @Test
    @Covers({"RedriveExecution", "DescribeExecution", "ListExecutions"})
    void redriveRunsTheFailedStateAgain() {
        String activity = server.sfn().createActivity(r -> r.name("redrive-work")).activityArn();
        String definition = """
                {"StartAt": "Before", "States": {
                  "Before": {"Type": "Pass", "Result": 1, "ResultPath": "$.before", "Next": "T"},
                  "T": {"Type": "Task", "Resource": "%s", "ResultPath": "$.work", "End": true}}}""".formatted(activity);
        String m = server.sfn().createStateMachine(r -> r.name("redrive").definition(definition).roleArn(ROLE)).stateMachineArn();
        String arn = server.sfn().startExecution(r -> r.stateMachineArn(m).name("x").input("{}")).executionArn();

        server.sfn().sendTaskFailure(r -> r.taskToken(nextTask(activity).taskToken()).error("Flaky").cause("first try"));
        DescribeExecutionResponse failed = Defs.awaitStatus(server.sfn(), arn, ExecutionStatus.FAILED);
        assertThat(failed.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(failed.redriveCount()).isZero();

        assertThat(server.sfn().redriveExecution(r -> r.executionArn(arn)).redriveDate()).isNotNull();
        DescribeExecutionResponse running = server.sfn().describeExecution(r -> r.executionArn(arn));
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.redriveCount()).isEqualTo(1);

        // the activity is scheduled again; the Pass before it is not run again
        GetActivityTaskResponse second = nextTask(activity);
        assertThat(second.input()).isEqualTo("{\"before\":1}");
        server.sfn().sendTaskSuccess(r -> r.taskToken(second.taskToken()).output("\"ok\""));
        DescribeExecutionResponse done = Defs.awaitStatus(server.sfn(), arn, ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"before\":1,\"work\":\"ok\"}");
        assertThat(done.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);

        var events = types(history(server.sfn(), arn));
        assertThat(events).containsOnlyOnce(HistoryEventType.EXECUTION_REDRIVEN, HistoryEventType.EXECUTION_FAILED)
                .containsOnlyOnce(HistoryEventType.PASS_STATE_EXITED);
        assertThat(events.indexOf(HistoryEventType.EXECUTION_REDRIVEN))
                .isGreaterThan(events.indexOf(HistoryEventType.EXECUTION_FAILED));

        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m).redriveFilter(ExecutionRedriveFilter.REDRIVEN))
                .executions()).extracting(e -> e.executionArn()).containsExactly(arn);
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m).redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN))
                .executions()).isEmpty();
    }

    @Test
    @Covers("RedriveExecution")
    void onlyFailedAbortedOrTimedOutExecutionsAreRedriven() {
        String m = server.sfn().createStateMachine(r -> r.name("redrive-ok").definition(Defs.PASS).roleArn(ROLE))
                .stateMachineArn();
        String arn = server.sfn().startExecution(r -> r.stateMachineArn(m)).executionArn();
        Defs.awaitStatus(server.sfn(), arn, ExecutionStatus.SUCCEEDED);
        expectError(() -> server.sfn().redriveExecution(r -> r.executionArn(arn)), "ExecutionNotRedrivable",
                "Execution is SUCCEEDED and cannot be redriven");
        assertThat(server.sfn().describeExecution(r -> r.executionArn(arn)).redriveCount()).isZero();

        String absent = Defs.ARN_PREFIX + "execution:redrive-ok:absent";
        expectError(() -> server.sfn().redriveExecution(r -> r.executionArn(absent)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + absent + "'");
        expectError(() -> server.sfn().redriveExecution(r -> r.executionArn("not-an-arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
    }
}
