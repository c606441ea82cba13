package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.ACTIVITY_STARTED;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * A GetActivityTask answer that never reaches its worker does not lose the task: a worker's poll
 * on a real socket that the worker resets while the poll waits takes the task (its ActivityStarted
 * is recorded), the answer cannot be written, and the task is offered again with the same token.
 * The next worker gets it; the execution records no second ActivityStarted, and ends when that
 * worker reports. On one node (the queue in memory) and on a cluster (the shared queue, the poll
 * on a node that does not own the execution). The other half of the contract, a node dying with a
 * task it claimed, is {@code NodeLeaseTest}'s: the claim lapses with the node's lease.
 */
class UndeliveredActivityTaskTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";
    private static final String POLL_FRAME = "dev.stepwise.sfn.ActivityOperations.getTask";

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    @Test
    void aTaskWhoseAnswerCouldNotBeWrittenIsHandedToTheNextWorkerOnOneNode() throws Exception {
        try (ServerFixture server = new ServerFixture(WaitScale.REAL, Duration.ofSeconds(20))) {
            lostAnswerIsOfferedAgain(server.port(), server.sfn(), server.sfn());
        }
    }

    @Test
    void aTaskWhoseAnswerCouldNotBeWrittenIsHandedToTheNextWorkerOnAnyNodeOfACluster() throws Exception {
        Node owner = cluster.start("node-a", Duration.ofSeconds(20));
        Node polled = cluster.start("node-b", Duration.ofSeconds(20));
        String arn = lostAnswerIsOfferedAgain(polled.server.port(), owner.sfn, owner.sfn);
        assertThat(cluster.owner(arn)).as("the start was reported across nodes").isEqualTo("node-a");
        assertThat(cluster.count("SELECT count(*) FROM activity_task")).as("the task left the shared queue").isZero();
    }

    /**
     * Parks a poll on a raw connection to {@code pollPort}, resets the connection, starts an
     * execution through {@code starter} and polls again through {@code worker}; returns the
     * execution's ARN.
     */
    private static String lostAnswerIsOfferedAgain(int pollPort, SfnClient starter, SfnClient worker)
            throws Exception {
        String activity = starter.createActivity(r -> r.name("work")).activityArn();
        String machine = starter.createStateMachine(r -> r.name("tasks").roleArn(ROLE).definition("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(activity))).stateMachineArn();

        java.util.Set<String> polling = ThreadDumps.threadsIn(POLL_FRAME);
        try (Socket lost = new Socket()) {
            lost.connect(new InetSocketAddress("127.0.0.1", pollPort));
            send(lost, activity, "lost-worker");
            // the request was read and its poll waits for a task: the reset cannot keep it from running
            await().atMost(Duration.ofSeconds(10)).until(() -> !polling.containsAll(ThreadDumps.threadsIn(POLL_FRAME)));
            lost.setSoLinger(true, 0); // close() sends RST: the answer's write fails
        }

        String arn = starter.startExecution(r -> r.stateMachineArn(machine).input("{\"n\":7}")).executionArn();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                history(starter, arn).stream().anyMatch(e -> e.type() == ACTIVITY_STARTED));

        GetActivityTaskResponse again = worker.getActivityTask(r -> r.activityArn(activity).workerName("next"));
        assertThat(again.taskToken()).as("offered again after the lost answer").isNotNull();
        assertThat(again.input()).isEqualTo("{\"n\":7}");
        worker.sendTaskSuccess(r -> r.taskToken(again.taskToken()).output("{\"done\":true}"));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                starter.describeExecution(r -> r.executionArn(arn)).status() != ExecutionStatus.RUNNING);
        assertThat(starter.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> events = history(starter, arn);
        assertThat(events).filteredOn(e -> e.type() == ACTIVITY_STARTED).as("the start of the lost answer, once")
                .singleElement().satisfies(e ->
                        assertThat(e.activityStartedEventDetails().workerName()).isEqualTo("lost-worker"));
        assertThat(events).extracting(HistoryEvent::id).as("gap-free").containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        return arn;
    }

    /** Writes a GetActivityTask request as a client would (the server reads the caller from its credential scope). */
    private static void send(Socket socket, String activity, String workerName) throws IOException {
        byte[] body = ("{\"activityArn\":\"" + activity + "\",\"workerName\":\"" + workerName + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: AWSStepFunctions.GetActivityTask\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states/aws4_request, "
                + "SignedHeaders=host, Signature=0\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static List<HistoryEvent> history(SfnClient sfn, String arn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().stream().toList();
    }
}
