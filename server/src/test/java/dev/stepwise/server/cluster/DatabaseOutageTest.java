package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import dev.stepwise.store.PostgresUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The database lost while a node runs: calls answer a 503 ServiceUnavailableException (which AWS
 * SDKs retry), nothing acknowledged before is lost, and the node serves again once the database
 * accepts connections again. The outage is real: the database stops accepting connections and
 * the node's sessions are terminated.
 */
class DatabaseOutageTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    /** Runs before the cluster stops its nodes: they stop on a database that is back. */
    @AfterEach
    void stop() throws Exception {
        acceptConnections(true);
    }

    @Test
    void callsAnswerServiceUnavailableWhileTheDatabaseIsLostAndTheNodeRecoversWithNothingLost() throws Exception {
        Node a = cluster.start("node-a");
        String machine = a.sfn.createStateMachine(r -> r.name("pass").roleArn(ROLE).definition("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""")).stateMachineArn();
        String before = a.sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"n\":1}")).executionArn();

        acceptConnections(false);
        assertThatThrownBy(() -> a.sfn.startExecution(r -> r.stateMachineArn(machine).name("during")))
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Service Unavailable");
                });

        acceptConnections(true);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> a.sfn.describeExecution(r -> r.executionArn(before)).status() == ExecutionStatus.SUCCEEDED);
        assertThat(a.sfn.describeExecution(r -> r.executionArn(before)).output()).isEqualTo("{\"n\":1}");
        String after = a.sfn.startExecution(r -> r.stateMachineArn(machine).name("during")).executionArn();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> a.sfn.describeExecution(r -> r.executionArn(after)).status() == ExecutionStatus.SUCCEEDED);
        assertThat(a.sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(2);
    }

    /** Lets connections to the test's database in or not; shutting them out also ends those open. */
    private static void acceptConnections(boolean accept) throws SQLException {
        PostgresUrl url = db.url();
        String name = url.url().substring(url.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        PostgresUrl admin = new PostgresUrl(url.url().substring(0, url.url().lastIndexOf('/') + 1) + "postgres",
                url.user(), url.password());
        try (Connection c = PostgresFixture.connect(admin); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS " + accept);
            if (!accept) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }
}
