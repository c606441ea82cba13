package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.Main;
import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * One name, one live node: a second node started with the name of a node that runs on the same
 * database is refused at start (a message, exit 1, no stack trace, nothing served) and the running
 * node keeps its lease and its executions; a node restarted under its name after it died waits for
 * its former lease to lapse, then carries its executions on.
 */
class DuplicateNodeNameTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    @Test
    void aSecondNodeWithTheNameOfALiveOneIsRefusedAtStart(@TempDir Path tmp) throws Exception {
        Node running = cluster.start("node-1");
        Waiting waiting = waitingExecution(running.sfn);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // (were it not refused, the command would serve until stopped: bounded here)
        int code = CompletableFuture.supplyAsync(() -> Main.execute(new PrintWriter(out, true),
                new PrintWriter(err, true), "server", "--port", "0", "--data", tmp.resolve("data").toString(),
                "--node-id", "node-1", "--database", db.url().url(), "--database-user", db.url().user(),
                "--database-password", db.url().password())).get(60, TimeUnit.SECONDS);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("listening");
        assertThat(err.toString()).startsWith("stepwise: node node-1 is already running on this database")
                .contains("each node needs its own --node-id").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(running.server.cluster().leaseHeld()).as("the running node keeps its lease").isTrue();
        assertThat(cluster.owner(waiting.arn)).isEqualTo("node-1");
        String token = running.sfn.getActivityTask(r -> r.activityArn(waiting.activity)).taskToken();
        running.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}"));
        awaitStatus(running.sfn, waiting.arn, ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aNodeRestartedUnderItsNameAfterItDiedWaitsForItsLeaseToLapseAndCarriesItsExecutionsOn() throws Exception {
        Node first = cluster.start("node-1");
        Waiting waiting = waitingExecution(first.sfn);
        first.kill();

        long restarted = System.nanoTime();
        Node again = cluster.start("node-1");
        Duration waited = Duration.ofNanos(System.nanoTime() - restarted);
        assertThat(waited).as("at most the former lease, and some slack").isLessThan(ClusterNodes.LEASE.plusSeconds(5));
        assertThat(cluster.owner(waiting.arn)).isEqualTo("node-1");
        String token = again.sfn.getActivityTask(r -> r.activityArn(waiting.activity)).taskToken();
        assertThat(token).isNotNull();
        again.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}"));
        awaitStatus(again.sfn, waiting.arn, ExecutionStatus.SUCCEEDED);
    }

    private record Waiting(String activity, String arn) {}

    /** An execution on the node that waits for an activity's worker. */
    private static Waiting waitingExecution(SfnClient sfn) {
        String activity = sfn.createActivity(r -> r.name("work")).activityArn();
        String machine = sfn.createStateMachine(r -> r.name("tasks").roleArn(ROLE).definition("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(activity))).stateMachineArn();
        return new Waiting(activity, sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn());
    }

    private static void awaitStatus(SfnClient sfn, String arn, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> sfn.describeExecution(r -> r.executionArn(arn)).status() == status);
    }
}
