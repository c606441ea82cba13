package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.store.PostgresDatabase;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The failover the cluster is for: three nodes on one PostgreSQL, a few hundred executions in
 * flight on all of them (Waits, activities whose workers poll every node, task-token callbacks,
 * Parallel, Map, nested {@code .sync} executions), and one node halted as kill -9 would. The
 * others take its executions over within the lease; every execution ends, its history gap-free,
 * without duplicates, and of the same event sequence as a crash-free run of its state machine.
 */
class ClusterFailoverTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    /** Executions of each state machine. */
    private static final int EACH = 40;

    private final LambdaStandIn lambda = new LambdaStandIn();
    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db, lambda);
    private final LinkedBlockingQueue<String> callbackTokens = new LinkedBlockingQueue<>();
    /** Report attempts that failed (a node died under them, or did not answer in time): a failure names them. */
    private static final java.util.Queue<String> lostReports = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ClusterFailoverTest() throws IOException {
        FailoverMachines.collectCallbackTokens(lambda, callbackTokens);
    }

    @Test
    void hundredsOfExecutionsInFlightSurviveANodeKilledAndEndAsACrashFreeRunWould() throws Exception {
        List<Node> nodes = List.of(cluster.start("node-a"), cluster.start("node-b"), cluster.start("node-c"));
        Node victim = nodes.get(0);
        SfnClient sfn = nodes.get(1).sfn;
        FailoverMachines failover = FailoverMachines.create(sfn);
        String activity = failover.activity();
        Map<String, String> machines = failover.machines();
        String input = FailoverMachines.INPUT;

        AtomicBoolean done = new AtomicBoolean();
        int ownedByVictim;
        // workers take tasks on every node from the start, and report them (and the callbacks) once
        // the node has died: at the kill, every execution waits for something
        CountDownLatch killed = new CountDownLatch(1);
        AtomicInteger handedOut = new AtomicInteger();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            // two workers poll each node; reports and callbacks go to whichever node is alive
            for (int w = 0; w < 6; w++) {
                Node polled = nodes.get(w % 3);
                String worker = "w" + w;
                threads.submit(() -> work(threads, nodes, polled, activity, worker, done, handedOut, killed));
            }
            threads.submit(() -> callBack(threads, nodes, done, killed));

            // started three at a time, one per node; the Waits last, so that they are still waiting at the kill
            Map<String, List<String>> started = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : machines.entrySet()) {
                List<java.util.concurrent.Future<List<String>>> perNode = new ArrayList<>();
                for (Node node : nodes) {
                    perNode.add(threads.submit(() -> {
                        List<String> arns = new ArrayList<>();
                        for (int i = nodes.indexOf(node); i < EACH; i += nodes.size()) {
                            arns.add(node.sfn.startExecution(r -> r.stateMachineArn(m.getValue()).input(input))
                                    .executionArn());
                        }
                        return arns;
                    }));
                }
                for (java.util.concurrent.Future<List<String>> arns : perNode) {
                    started.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).addAll(arns.get());
                }
            }
            ownedByVictim = FailoverMachines.openOwnedBy(db.url(), victim.name);
            assertThat(ownedByVictim).as("executions in flight on the node about to die").isGreaterThan(EACH);

            victim.kill();
            Instant killedAt = Instant.now();
            killed.countDown();
            await().atMost(ClusterNodes.LEASE.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> FailoverMachines.openOwnedBy(db.url(), victim.name) == 0);
            Duration takeover = Duration.between(killedAt, Instant.now());
            assertThat(takeover).as("taken over within the lease and a scan (and some slack)")
                    .isLessThan(ClusterNodes.LEASE.plus(ClusterNodes.SCAN).plusSeconds(2));

            SfnClient survivor = nodes.get(2).sfn;
            try {
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                        .until(() -> FailoverMachines.running(db.url()) == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("still running: " + FailoverMachines.stillRunning(db.url(), survivor) + "; failed reports: "
                        + lostReports, e);
            }

            // a crash-free run of each machine, for the event sequence every execution must have
            Map<String, List<HistoryEventType>> expected = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : machines.entrySet()) {
                String arn = survivor.startExecution(r -> r.stateMachineArn(m.getValue()).input(input)).executionArn();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(
                        () -> survivor.describeExecution(r -> r.executionArn(arn)).status() != ExecutionStatus.RUNNING);
                expected.put(m.getKey(), types(history(survivor, arn)));
            }
            done.set(true);

            for (Map.Entry<String, List<String>> m : started.entrySet()) {
                for (String arn : m.getValue()) {
                    List<HistoryEvent> events = history(nodes.get(1).sfn, arn);
                    assertThat(survivor.describeExecution(r -> r.executionArn(arn)).status())
                            .as("%s, ending %s", arn, events.subList(Math.max(0, events.size() - 4), events.size()))
                            .isEqualTo(ExecutionStatus.SUCCEEDED);
                    assertThat(events).extracting(HistoryEvent::id).as("gap-free and duplicate-free: %s", arn)
                            .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
                    assertThat(types(events)).as("as a crash-free run: %s", arn)
                            .containsExactlyElementsOf(expected.get(m.getKey()));
                }
            }
        } finally {
            // the workers stop even when an assertion failed
            done.set(true);
            threads.close();
        }
        // activities: one task each, two per Map, one per Parallel, one per child, and the crash-free runs'
        assertThat(handedOut.get()).isGreaterThanOrEqualTo(5 * EACH + 5);
        assertThat(lambda.invocations()).as("no callback function called twice").hasSize(EACH + 1);
        assertThat(nodes.get(1).server.cluster().stats().takeovers() + nodes.get(2).server.cluster().stats()
                .takeovers()).as("the survivors took over what the dead node ran").isPositive();
    }

    /**
     * A worker: polls its node (while it lives, then the next one) and, once the node has died,
     * reports each task's success to a live node.
     */
    private static Void work(ExecutorService threads, List<Node> nodes, Node polled, String activity, String worker,
                             AtomicBoolean done, AtomicInteger handedOut, CountDownLatch killed) {
        int k = nodes.indexOf(polled);
        while (!done.get()) {
            Node node = live(nodes, k);
            String token;
            try {
                token = node.sfn.getActivityTask(r -> r.activityArn(activity).workerName(worker)).taskToken();
            } catch (RuntimeException nodeDied) {
                k++;
                continue;
            }
            if (token != null) {
                handedOut.incrementAndGet();
                int to = k + 1;
                threads.submit(() -> {
                    killed.await();
                    report(nodes, to, sfn -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"by\":\"w\"}")));
                    return null;
                });
            }
        }
        return null;
    }

    private Void callBack(ExecutorService threads, List<Node> nodes, AtomicBoolean done, CountDownLatch killed)
            throws InterruptedException {
        killed.await();
        int k = 0;
        while (!done.get()) {
            String token = callbackTokens.poll(100, TimeUnit.MILLISECONDS);
            if (token != null) {
                report(nodes, k++, sfn -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"ok\":true}")));
            }
        }
        return null;
    }

    /**
     * Sends a report to a live node; a node that dies under the call is replaced by the next. A
     * task handed out twice (offered again after the crash) is answered TaskTimedOut the second time.
     */
    private static void report(List<Node> nodes, int k, java.util.function.Consumer<SfnClient> call) {
        for (int attempt = 0; attempt < 6; attempt++) {
            Node node = live(nodes, k + attempt);
            try {
                call.accept(node.sfn);
                return;
            } catch (TaskTimedOutException already) {
                return;
            } catch (RuntimeException nodeDied) {
                // the next live node
                lostReports.add("attempt " + attempt + " on " + node.name + ": " + nodeDied.getMessage());
            }
        }
        lostReports.add("no node took a report");
        throw new AssertionError("no node took the report");
    }

    private static Node live(List<Node> nodes, int k) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(Math.floorMod(k + i, nodes.size()));
            if (!node.killed) {
                return node;
            }
        }
        throw new AssertionError("no node alive");
    }

    // ---- helpers

    private static List<HistoryEvent> history(SfnClient sfn, String arn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().stream().toList();
    }

    private static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }
}
