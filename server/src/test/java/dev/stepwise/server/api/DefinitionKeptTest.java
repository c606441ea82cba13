package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.awaitEvent;
import static dev.stepwise.server.api.Defs.awaitStatus;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.WaitScale;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * An execution runs, and answers, the definition it started with: the store keeps each distinct
 * definition once and the execution names it, so an UpdateStateMachine after the start changes
 * neither what the execution does nor what DescribeStateMachineForExecution shows, also after a
 * restart that reloads the execution from the store.
 */
class DefinitionKeptTest {
    private static final String ACTIVITY = ARN_PREFIX + "activity:kept-worker";
    private static final String OLD = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "Next": "Say"},
              "Say": {"Type": "Pass", "Result": "old", "End": true}}}""".formatted(ACTIVITY);
    private static final String NEW = OLD.replace("\"old\"", "\"new\"");

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(new WaitScale(0), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void anExecutionKeepsItsDefinitionAfterUpdateStateMachineAndARestart() {
        SfnClient sfn = fixture.sfn();
        sfn.createActivity(r -> r.name("kept-worker"));
        String machine = sfn.createStateMachine(r -> r.name("kept").definition(OLD).roleArn(ROLE)).stateMachineArn();
        String before = sfn.startExecution(r -> r.stateMachineArn(machine).name("before")).executionArn();
        String twin = sfn.startExecution(r -> r.stateMachineArn(machine).name("twin")).executionArn();
        awaitEvent(sfn, before, HistoryEventType.ACTIVITY_SCHEDULED);
        awaitEvent(sfn, twin, HistoryEventType.ACTIVITY_SCHEDULED);
        sfn.updateStateMachine(r -> r.stateMachineArn(machine).definition(NEW));
        String after = sfn.startExecution(r -> r.stateMachineArn(machine).name("after")).executionArn();
        awaitEvent(sfn, after, HistoryEventType.ACTIVITY_SCHEDULED);

        fixture.restart();
        SfnClient again = fixture.sfn();
        assertThat(again.describeStateMachineForExecution(r -> r.executionArn(before)).definition()).isEqualTo(OLD);
        assertThat(again.describeStateMachineForExecution(r -> r.executionArn(twin)).definition()).isEqualTo(OLD);
        assertThat(again.describeStateMachineForExecution(r -> r.executionArn(after)).definition()).isEqualTo(NEW);
        for (int i = 0; i < 3; i++) {
            // the restarted server offers the open executions' tasks again
            GetActivityTaskResponse task = await().atMost(Duration.ofSeconds(30))
                    .until(() -> again.getActivityTask(r -> r.activityArn(ACTIVITY)), t -> t.taskToken() != null);
            again.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}"));
        }
        assertThat(awaitStatus(again, before, ExecutionStatus.SUCCEEDED).output()).isEqualTo("\"old\"");
        assertThat(awaitStatus(again, twin, ExecutionStatus.SUCCEEDED).output()).isEqualTo("\"old\"");
        assertThat(awaitStatus(again, after, ExecutionStatus.SUCCEEDED).output()).isEqualTo("\"new\"");
    }
}
