package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.ACTIVITY_STARTED;

import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Activity tasks across the nodes of a cluster, through the AWS SDK: a task scheduled by any node
 * is taken by a GetActivityTask poll on any node (a poll parked on another node wakes at once, by
 * NOTIFY, not at its next look), each task by one worker only; a task its execution no longer
 * waits for (timed out, stopped) is handed to no worker and leaves the shared table.
 */
class ClusterActivityTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    @Test
    void aPollParkedOnOneNodeTakesATaskScheduledOnAnotherAtOnce() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b", Duration.ofSeconds(20));
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String machine = machine(a.sfn, "tasks", activityTask(activity, ""));
        java.util.Set<String> parkedBefore = parkedPolls();
        CompletableFuture<GetActivityTaskResponse> poll = CompletableFuture.supplyAsync(
                () -> b.sfn.getActivityTask(r -> r.activityArn(activity).workerName("on-b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !parkedBefore.containsAll(parkedPolls()));

        long started = System.nanoTime();
        String arn = a.sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"n\":1}")).executionArn();
        GetActivityTaskResponse task = poll.get();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(task.input()).isEqualTo("{\"n\":1}");
        assertThat(waited).as("woken by the offer's notification, not by its next look at the table")
                .isLessThan(Duration.ofMillis(1_000));
        a.sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"by\":\"b\"}"));
        DescribedEnd end = awaitEnd(b.sfn, arn);
        assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> events = history(a.sfn, arn);
        assertThat(events).filteredOn(e -> e.type() == ACTIVITY_STARTED).singleElement()
                .satisfies(e -> assertThat(e.activityStartedEventDetails().workerName()).isEqualTo("on-b"));
        assertThat(offeredTasks()).isZero();
    }

    @Test
    void workersPollingEveryNodeGetEachTaskOfEveryNodeOnce() throws Exception {
        List<Node> nodes = List.of(cluster.start("node-a"), cluster.start("node-b"), cluster.start("node-c"));
        String activity = nodes.get(0).sfn.createActivity(r -> r.name("work")).activityArn();
        String machine = machine(nodes.get(0).sfn, "tasks", activityTask(activity, ""));
        int count = 30;
        Map<String, String> workerOfToken = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<String> arns = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                Node node = nodes.get(w % 3);
                String worker = "worker-" + w + "-" + node.name;
                workers.add(threads.submit(() -> {
                    while (!done.get()) {
                        String token = node.sfn.getActivityTask(r -> r.activityArn(activity).workerName(worker))
                                .taskToken();
                        if (token != null && workerOfToken.putIfAbsent(token, worker) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < count; i++) {
                int n = i;
                arns.add(nodes.get(i % 3).sfn.startExecution(r -> r.stateMachineArn(machine)
                        .input("{\"n\":" + n + "}")).executionArn());
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> workerOfToken.size() == count);
            done.set(true);
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        assertThat(duplicates).as("no task handed to two workers").hasValue(0);
        assertThat(workerOfToken.values()).as("polls on every node took tasks")
                .anyMatch(w -> w.endsWith("node-a")).anyMatch(w -> w.endsWith("node-b"))
                .anyMatch(w -> w.endsWith("node-c"));
        int k = 0;
        for (String token : workerOfToken.keySet()) {
            nodes.get(k++ % 3).sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}"));
        }
        for (String arn : arns) {
            assertThat(awaitEnd(nodes.get(1).sfn, arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<HistoryEvent> events = history(nodes.get(2).sfn, arn);
            assertThat(events).filteredOn(e -> e.type() == ACTIVITY_STARTED).hasSize(1);
        }
        assertThat(offeredTasks()).isZero();
    }

    @Test
    void aTaskTimedOutOrStoppedIsWithdrawnFromEveryNode() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String timed = machine(a.sfn, "timed", activityTask(activity, "\"TimeoutSeconds\": 1,"));
        String plain = machine(a.sfn, "plain", activityTask(activity, ""));
        String timesOut = a.sfn.startExecution(r -> r.stateMachineArn(timed)).executionArn();
        String stopped = a.sfn.startExecution(r -> r.stateMachineArn(plain)).executionArn();
        assertThat(offeredTasks()).isEqualTo(2);

        b.sfn.stopExecution(r -> r.executionArn(stopped).error("Halt"));
        assertThat(awaitEnd(b.sfn, timesOut).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(b.sfn.describeExecution(r -> r.executionArn(timesOut)).error()).isEqualTo("States.Timeout");
        assertThat(a.sfn.describeExecution(r -> r.executionArn(stopped)).status()).isEqualTo(ExecutionStatus.ABORTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> offeredTasks() == 0);
        for (Node node : List.of(a, b)) {
            assertThat(node.sfn.getActivityTask(r -> r.activityArn(activity)).taskToken()).isNull();
        }
    }

    // ---- helpers

    private record DescribedEnd(ExecutionStatus status) {}

    private static String activityTask(String activity, String extra) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", %s "End": true}}}"""
                .formatted(activity, extra);
    }

    private static String machine(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static DescribedEnd awaitEnd(SfnClient sfn, String arn) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> new DescribedEnd(sfn.describeExecution(r -> r.executionArn(arn)).status()),
                        end -> end.status() != ExecutionStatus.RUNNING);
    }

    private static List<HistoryEvent> history(SfnClient sfn, String arn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().stream().toList();
    }

    /** The rows of the shared activity task table. */
    private int offeredTasks() throws Exception {
        return cluster.count("SELECT count(*) FROM activity_task");
    }

    /** The polls of this JVM that wait in a shared activity queue for an offer (their threads' ids). */
    private static java.util.Set<String> parkedPolls() throws IOException {
        return ThreadDumps.threadsIn("PostgresActivityQueue$Pollers.awaitOffer");
    }
}
