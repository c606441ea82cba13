package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.WaitScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

/**
 * Map runs of DISTRIBUTED Map states: ListMapRuns, DescribeMapRun and UpdateMapRun, each
 * iteration a child execution whose work an activity worker (the test) holds.
 */
class MapRunApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture(WaitScale.REAL, Duration.ofSeconds(1)));

    /** The tasks waiting on {@code activityArn} now (polls until one comes back empty). */
    private static List<GetActivityTaskResponse> drain(String activityArn) {
        List<GetActivityTaskResponse> tasks = new ArrayList<>();
        while (true) {
            GetActivityTaskResponse task = server.sfn().getActivityTask(r -> r.activityArn(activityArn));
            if (task.taskToken() == null) {
                return tasks;
            }
            tasks.add(task);
        }
    }

    private static DescribeMapRunResponse awaitRunning(String mapRunArn, long running) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(
                () -> server.sfn().describeMapRun(r -> r.mapRunArn(mapRunArn)).executionCounts().running() == running);
        return server.sfn().describeMapRun(r -> r.mapRunArn(mapRunArn));
    }

    @Test
    @Covers({"ListMapRuns", "DescribeMapRun", "UpdateMapRun", "ListExecutions"})
    void aMapRunIsListedDescribedAndUpdatedWhileItRuns() {
        String activity = server.sfn().createActivity(r -> r.name("map-item")).activityArn();
        String definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "M", "MaxConcurrency": 1, "ToleratedFailureCount": 2,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}""".formatted(activity);
        String m = server.sfn().createStateMachine(r -> r.name("mapruns").definition(definition).roleArn(ROLE)).stateMachineArn();
        String execution = server.sfn().startExecution(r -> r.stateMachineArn(m).input("[1, 2, 3, 4]")).executionArn();

        await().atMost(Duration.ofSeconds(30)).until(
                () -> !server.sfn().listMapRuns(r -> r.executionArn(execution)).mapRuns().isEmpty());
        MapRunListItem item = server.sfn().listMapRuns(r -> r.executionArn(execution)).mapRuns().getFirst();
        assertThat(item.executionArn()).isEqualTo(execution);
        assertThat(item.stateMachineArn()).isEqualTo(m);
        assertThat(item.mapRunArn()).startsWith(Defs.ARN_PREFIX + "mapRun:mapruns/M:");
        String run = item.mapRunArn();

        DescribeMapRunResponse first = awaitRunning(run, 1);
        assertThat(first.status()).isEqualTo(MapRunStatus.RUNNING);
        assertThat(first.maxConcurrency()).isEqualTo(1);
        assertThat(first.toleratedFailureCount()).isEqualTo(2);
        assertThat(first.executionCounts().total()).isEqualTo(4);
        assertThat(first.executionCounts().pending()).isEqualTo(3);
        assertThat(first.itemCounts().total()).isEqualTo(4);

        // MaxConcurrency 1 holds the other items back: one task is offered
        List<GetActivityTaskResponse> offered = drain(activity);
        assertThat(offered).hasSize(1);

        server.sfn().updateMapRun(r -> r.mapRunArn(run).maxConcurrency(3).toleratedFailureCount(0L));
        DescribeMapRunResponse widened = awaitRunning(run, 3);
        assertThat(widened.maxConcurrency()).isEqualTo(3);
        assertThat(widened.toleratedFailureCount()).isZero();
        offered.addAll(drain(activity));
        assertThat(offered).hasSize(3);

        // the iterations are child executions, listed by their map run
        assertThat(server.sfn().listExecutions(r -> r.mapRunArn(run)).executions())
                .hasSize(3).allSatisfy(e -> assertThat(e.mapRunArn()).isEqualTo(run));

        for (int i = 0; i < 4; i++) {
            if (offered.isEmpty()) {
                offered.addAll(drain(activity));
            }
            GetActivityTaskResponse task = offered.removeFirst();
            server.sfn().sendTaskSuccess(r -> r.taskToken(task.taskToken()).output(task.input()));
        }
        assertThat(Defs.awaitStatus(server.sfn(), execution, ExecutionStatus.SUCCEEDED).output()).isEqualTo("[1,2,3,4]");
        DescribeMapRunResponse done = server.sfn().describeMapRun(r -> r.mapRunArn(run));
        assertThat(done.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(done.executionCounts().succeeded()).isEqualTo(4);
        assertThat(done.stopDate()).isNotNull();
        assertThat(server.sfn().listMapRuns(r -> r.executionArn(execution)).mapRuns().getFirst().stopDate()).isNotNull();
    }

    @Test
    @Covers({"DescribeMapRun", "UpdateMapRun", "ListMapRuns"})
    void mapRunErrors() {
        String absent = Defs.ARN_PREFIX + "mapRun:nothing/M:4f6b9a0e-5c1d-4a8e-9d3b-2e7f1a6c8b90";
        expectError(() -> server.sfn().describeMapRun(r -> r.mapRunArn(absent)), "ResourceNotFound",
                "Resource not found: '" + absent + "'");
        expectError(() -> server.sfn().updateMapRun(r -> r.mapRunArn(absent).maxConcurrency(2)), "ResourceNotFound",
                "Resource not found: '" + absent + "'");
        expectError(() -> server.sfn().updateMapRun(r -> r.mapRunArn(absent).toleratedFailurePercentage(101f)),
                "ValidationException", null);
        String execution = Defs.ARN_PREFIX + "execution:nothing:none";
        expectError(() -> server.sfn().listMapRuns(r -> r.executionArn(execution)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + execution + "'");
    }
}
