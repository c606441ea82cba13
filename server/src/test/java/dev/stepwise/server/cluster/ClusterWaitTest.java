package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * Waiting for an execution's end across the nodes of a cluster, through the AWS SDK: a parent's
 * {@code .sync} Task on one node waits for a child that another node runs, and a StartSyncExecution
 * caller hears the outcome of its execution after another node took it over.
 */
class ClusterWaitTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    @Test
    void aSyncTaskOnOneNodeWaitsForItsChildRunningOnAnother() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String child = machine(a.sfn, "child", "STANDARD", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        // the child runs on node B; the parent's StartExecution of the same name and input finds it there
        String childArn = b.sfn.startExecution(r -> r.stateMachineArn(child).name("c1").input("{\"n\":1}"))
                .executionArn();
        String parent = machine(a.sfn, "parent", "STANDARD", """
                {"StartAt": "Run", "States": {"Run": {"Type": "Task",
                 "Resource": "arn:aws:states:::states:startExecution.sync:2",
                 "Parameters": {"StateMachineArn": "%s", "Name": "c1", "Input": {"n": 1}}, "End": true}}}"""
                .formatted(child));
        String parentArn = a.sfn.startExecution(r -> r.stateMachineArn(parent)).executionArn();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.server.runtime().isOpen(parentArn)
                && a.sfn.getExecutionHistory(r -> r.executionArn(parentArn)).events().stream()
                        .anyMatch(e -> e.type().toString().equals("TaskSubmitted")));
        assertThat(cluster.owner(childArn)).isEqualTo("node-b");
        assertThat(a.sfn.describeExecution(r -> r.executionArn(parentArn)).status())
                .as("the parent waits while its child runs elsewhere").isEqualTo(ExecutionStatus.RUNNING);

        String token = a.sfn.getActivityTask(r -> r.activityArn(activity)).taskToken();
        b.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"result\":42}"));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                a.sfn.describeExecution(r -> r.executionArn(parentArn)).status() != ExecutionStatus.RUNNING);
        var described = b.sfn.describeExecution(r -> r.executionArn(parentArn));
        assertThat(described.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(described.output());
        assertThat(output.path("ExecutionArn").asText()).isEqualTo(childArn);
        assertThat(output.path("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.path("Output").path("result").asInt()).isEqualTo(42);
    }

    @Test
    void aSyncExecutionsCallerHearsTheOutcomeAfterAnotherNodeTookTheExecutionOver() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        // (EXPRESS machines run no activities nor callbacks: a Wait holds the execution open)
        String express = machine(a.sfn, "express", "EXPRESS", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "Next": "P"},
                 "P": {"Type": "Pass", "Parameters": {"result.$": "$.n"}, "End": true}}}""");
        CompletableFuture<StartSyncExecutionResponse> call = CompletableFuture.supplyAsync(
                () -> b.sfn.startSyncExecution(r -> r.stateMachineArn(express).input("{\"n\":2}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.server.runtime().openCount() == 1);
        String arn = runningExecution();

        // node B's lease lapses as the database sees it (B was paused): node A takes the execution over
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            expireLease("node-b");
            return "node-a".equals(cluster.owner(arn));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !b.server.runtime().isOpen(arn));
        assertThat(call).as("still waiting").isNotDone();

        StartSyncExecutionResponse answer = call.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.executionArn()).isEqualTo(arn);
        assertThat(answer.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(answer.output()).isEqualTo("{\"result\":2}");
        assertThat(a.server.cluster().stats().takeovers()).isGreaterThanOrEqualTo(1);
    }

    // ---- helpers

    private static String machine(SfnClient sfn, String name, String type, String definition) {
        return sfn.createStateMachine(r -> r.name(name).type(type).definition(definition).roleArn(ROLE))
                .stateMachineArn();
    }

    private static String runningExecution() throws Exception {
        try (Connection c = PostgresFixture.connect(db.url());
             PreparedStatement p = c.prepareStatement("SELECT arn FROM execution WHERE status = 'RUNNING'");
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    private static void expireLease(String node) throws Exception {
        try (Connection c = PostgresFixture.connect(db.url());
             PreparedStatement p = c.prepareStatement("UPDATE node SET lease_expires_ms = 0 WHERE name = ?")) {
            p.setString(1, node);
            p.executeUpdate();
        }
    }
}
