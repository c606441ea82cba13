package dev.stepwise.server.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.cluster.FailoverMachines;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import dev.stepwise.store.PostgresUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The cluster's failover with a real kill -9: three nodes as three processes on one PostgreSQL,
 * executions of every kind in flight on all of them (Waits, activities whose workers poll every
 * node and answer through another, task-token callbacks, Parallel, inline Map, nested
 * {@code startExecution.sync:2} children), and one node's process killed with SIGKILL. The
 * survivors take its executions over within the lease and a scan; every execution ends SUCCEEDED
 * with a gap-free, duplicate-free history whose events are those of a crash-free run of its state
 * machine; no callback is made twice, and an activity task reaches a second worker only when the
 * takeover offered it again, that worker's answer then refused; the killed node, started again
 * under its name, rejoins and runs executions of its own.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterKillTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SCAN = Duration.ofMillis(250);
    /**
     * How long the survivors may take to claim every open execution of the killed node: its lease
     * (which lapses at most a lease after the kill) and a scan, plus slack for claiming and loading
     * them in batches with three JVMs, PostgreSQL and the build sharing two busy cores (about 2 s
     * measured on a quiet machine, 6 s on a loaded one). Generous on purpose: it catches a takeover
     * that waits for something else (a restart of the node, a claim limit), not a slow scan.
     */
    private static final Duration TAKEOVER_BOUND = LEASE.plus(SCAN).plusSeconds(10);
    /** Executions of each state machine: a third started on each node. */
    private static final int EACH = 18;
    /** GetActivityTask long-polls 60 s: the client waits longer than that for the answer. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(70);

    private final LambdaStandIn lambda = new LambdaStandIn();
    private final LinkedBlockingQueue<String> callbackTokens = new LinkedBlockingQueue<>();
    /** How often each task token was handed out to a worker, by any node. */
    private final Map<String, Integer> handedOut = new ConcurrentHashMap<>();
    /** Tokens handed out a second time after the kill (a takeover offered the task again). */
    private final Set<String> againAfterKill = ConcurrentHashMap.newKeySet();
    /** Tokens whose answer was refused with TaskTimedOut: the task had been answered already. */
    private final Queue<String> refusedAsAnswered = new ConcurrentLinkedQueue<>();
    /** Calls that failed (a node died under them): a failure message names them. */
    private final Queue<String> failedCalls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean done = new AtomicBoolean();
    /** Opened by the kill: until then workers hold their tasks, so that every execution waits on something. */
    private final CountDownLatch killed = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Node> nodes = new ArrayList<>();

    ClusterKillTest() throws IOException {
    }

    @BeforeEach
    void collectCallbackTokens() {
        FailoverMachines.collectCallbackTokens(lambda, callbackTokens);
    }

    @AfterEach
    void stop() throws IOException {
        // the workers' long polls end when their nodes go; then the workers see done and stop
        done.set(true);
        killed.countDown();
        for (Node node : nodes) {
            node.close();
        }
        threads.close();
        lambda.close();
    }

    @Test
    void aNodeKilledWithSigkillLosesNothingItsExecutionsAreTakenOverAndItRejoinsUnderItsName() throws Exception {
        for (String name : List.of("node-a", "node-b", "node-c")) {
            nodes.add(new Node(name));
        }
        for (Future<?> started : nodes.stream().map(n -> threads.submit(() -> {
            n.start();
            return null;
        })).toList()) {
            started.get();
        }
        Node victim = nodes.get(0);
        FailoverMachines failover = FailoverMachines.create(nodes.get(1).sfn);
        String activity = failover.activity();

        // two workers poll each node; their answers (and the callbacks') go through another node
        for (int w = 0; w < 6; w++) {
            int polled = w % nodes.size();
            String worker = "w" + w;
            threads.submit(() -> work(activity, polled, worker));
        }
        threads.submit(this::callBack);

        Map<String, String> waiting = new LinkedHashMap<>(failover.machines());
        String waits = waiting.remove("waits");
        Map<String, List<String>> started = startExecutions(waiting);
        // every execution waits on something: its tasks are with workers, its callback token with
        // the test. Nothing is half-done, so a kill now must lose nothing.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(handedOut).as("activity tasks with workers").hasSize(FailoverMachines.FIRST_ACTIVITY_TASKS * EACH);
            assertThat(started.get("callbacks")).as("callbacks whose token was sent")
                    .allMatch(arn -> types(history(nodes.get(1).sfn, arn)).contains(HistoryEventType.TASK_SUBMITTED));
        });

        // the Waits start last, so that they are under way at the kill
        started.putAll(startExecutions(Map.of("waits", waits)));
        victim.kill();
        Instant killedAt = Instant.now();
        killed.countDown();
        int orphaned = FailoverMachines.openOwnedBy(db.url(), victim.name);
        assertThat(orphaned).as("open executions of the killed node (all but its Waits are certainly open)")
                .isGreaterThanOrEqualTo(5 * EACH / nodes.size());
        // a crash-free run of each machine on a survivor: the events every execution must have
        Node survivor = nodes.get(2);
        Map<String, String> references = new LinkedHashMap<>();
        failover.machines().forEach((name, machine) -> references.put(name, start(survivor.sfn, machine)));

        await().atMost(TAKEOVER_BOUND.plusSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> FailoverMachines.openOwnedBy(db.url(), victim.name) == 0);
        Duration takeover = Duration.between(killedAt, Instant.now());
        assertThat(takeover).as("every execution of the killed node taken over within lease %s + scan %s (and slack)",
                LEASE, SCAN).isLessThan(TAKEOVER_BOUND);
        // the counter counts a claim just after its commit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(takeovers(nodes.get(1))
                + takeovers(nodes.get(2))).as("the survivors' stepwise_takeovers_total: each open execution of "
                + "the killed node, once").isEqualTo(orphaned));

        // the killed node starts again under its name while the survivors finish its executions
        Future<?> restarted = threads.submit(() -> {
            victim.start();
            return null;
        });
        awaitNoneRunning(survivor);

        // it rejoins: it is ready, and runs executions of its own (a worker polls it too)
        restarted.get();
        assertThat(get(victim.endpoint.resolve("/health"))).contains("\"node\":\"" + victim.name + "\"")
                .contains("\"ready\":true");
        threads.submit(() -> work(activity, 0, "rejoined"));
        Map<String, String> rejoined = new LinkedHashMap<>();
        failover.machines().forEach((name, machine) -> rejoined.put(name, start(victim.sfn, machine)));
        awaitNoneRunning(survivor);
        assertThat(owners(rejoined.values())).as("executions started on the rejoined node ran there")
                .containsOnly(victim.name);

        Map<String, List<String>> expected = new LinkedHashMap<>();
        references.forEach((name, arn) -> expected.put(name, shape(history(survivor.sfn, arn))));
        rejoined.forEach((name, arn) -> started.get(name).add(arn));
        for (Map.Entry<String, List<String>> machine : started.entrySet()) {
            for (String arn : machine.getValue()) {
                assertEndedAsACrashFreeRun(survivor.sfn, arn, expected.get(machine.getKey()));
            }
        }
        assertThat(lambda.invocations()).as("each callback function called once: the killed node's not again")
                .hasSize(EACH + 2);
        // a task handed out shortly before the killed node's last commit is offered again by the
        // takeover (the node may have died before its answer left the machine: ExecutionRuntime's
        // REOFFER_WINDOW): delivered at least once, as AWS delivers, and the second worker's answer
        // is refused (TaskTimedOut) rather than applied twice
        Map<String, Integer> handedOutTwice = new LinkedHashMap<>(handedOut);
        handedOutTwice.values().removeIf(times -> times == 1);
        assertThat(handedOutTwice).as("tasks handed out more than once").allSatisfy((token, times) -> {
            assertThat(times).isEqualTo(2);
            assertThat(againAfterKill).contains(token);
        });
        assertThat(refusedAsAnswered).as("answers refused as already given: the second of a task handed out twice")
                .containsExactlyInAnyOrderElementsOf(handedOutTwice.keySet());
    }

    /** Starts EACH executions of every machine, a third on each node, concurrently: their ARNs by machine. */
    private Map<String, List<String>> startExecutions(Map<String, String> machines) throws Exception {
        Map<String, List<String>> started = new LinkedHashMap<>();
        for (String name : machines.keySet()) {
            List<Future<List<String>>> perNode = new ArrayList<>();
            for (Node node : nodes) {
                perNode.add(threads.submit(() -> {
                    List<String> arns = new ArrayList<>();
                    for (int i = nodes.indexOf(node); i < EACH; i += nodes.size()) {
                        arns.add(start(node.sfn, machines.get(name)));
                    }
                    return arns;
                }));
            }
            for (Future<List<String>> arns : perNode) {
                started.computeIfAbsent(name, k -> new ArrayList<>()).addAll(arns.get());
            }
        }
        return started;
    }

    private void assertEndedAsACrashFreeRun(SfnClient sfn, String arn, List<String> expected) {
        List<HistoryEvent> events = history(sfn, arn);
        assertThat(sfn.describeExecution(r -> r.executionArn(arn)).status())
                .as("%s, ending %s", arn, events.subList(Math.max(0, events.size() - 4), events.size()))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(events).extracting(HistoryEvent::id).as("event ids 1..n: %s", arn)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events).as("each previousEventId an earlier event: %s", arn)
                .allMatch(e -> e.previousEventId() >= 0 && e.previousEventId() < e.id());
        assertThat(types(events).stream().filter(HistoryEventType.ACTIVITY_STARTED::equals))
                .as("one ActivityStarted per ActivityScheduled: %s", arn)
                .hasSameSizeAs(types(events).stream().filter(HistoryEventType.ACTIVITY_SCHEDULED::equals).toList());
        assertThat(shape(events)).as("the events of a crash-free run: %s", arn).containsExactlyElementsOf(expected);
    }

    /**
     * A worker: long-polls node {@code k} (while it is dead, the next live one) and has each task's
     * success sent through the node after it — once the victim is dead: until then it holds them.
     */
    private Void work(String activity, int k, String worker) {
        while (!done.get()) {
            Node node = live(k);
            SfnClient sfn = node.sfn;
            String token;
            try {
                token = sfn.getActivityTask(r -> r.activityArn(activity).workerName(worker)).taskToken();
            } catch (RuntimeException nodeDied) {
                failedCalls.add("GetActivityTask on " + node.name + ": " + nodeDied.getMessage());
                k++;
                continue;
            }
            if (token != null) {
                if (handedOut.merge(token, 1, Integer::sum) > 1 && killed.getCount() == 0) {
                    againAfterKill.add(token);
                }
                int through = nodes.indexOf(node) + 1;
                threads.submit(() -> {
                    killed.await();
                    report(through, token, "{\"by\":\"w\"}");
                    return null;
                });
            }
        }
        return null;
    }

    /** Answers each callback's token, from the kill on, through the nodes in turn. */
    private Void callBack() throws InterruptedException {
        killed.await();
        int k = 0;
        while (!done.get()) {
            String token = callbackTokens.poll(100, TimeUnit.MILLISECONDS);
            if (token != null) {
                report(k++, token, "{\"ok\":true}");
            }
        }
        return null;
    }

    /**
     * Sends a task's success to a live node, the next one if a node dies under the call. A task
     * answered already (a copy handed out twice) is answered TaskTimedOut.
     */
    private void report(int k, String token, String output) {
        for (int attempt = 0; attempt < 2 * nodes.size(); attempt++) {
            Node node = live(k + attempt);
            try {
                node.sfn.sendTaskSuccess(r -> r.taskToken(token).output(output));
                return;
            } catch (TaskTimedOutException already) {
                refusedAsAnswered.add(token);
                return;
            } catch (RuntimeException nodeDied) {
                failedCalls.add("report on " + node.name + ": " + nodeDied.getMessage());
            }
        }
        throw new AssertionError("no node took a report: " + failedCalls);
    }

    private Node live(int k) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(Math.floorMod(k + i, nodes.size()));
            if (node.sfn != null) {
                return node;
            }
        }
        throw new AssertionError("no node alive");
    }

    private void awaitNoneRunning(Node node) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> FailoverMachines.running(db.url()) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("still running: " + FailoverMachines.stillRunning(db.url(), node.sfn) + "; failed calls: " + failedCalls, e);
        }
    }

    // ---- what an execution is made of

    private static String start(SfnClient sfn, String machine) {
        return sfn.startExecution(r -> r.stateMachineArn(machine).input(FailoverMachines.INPUT)).executionArn();
    }

    private static List<HistoryEvent> history(SfnClient sfn, String arn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().stream().toList();
    }

    private static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }

    /** Each event's type, the state it enters or leaves, and the event it follows: a run's shape, times aside. */
    private static List<String> shape(List<HistoryEvent> events) {
        return events.stream().map(e -> e.type() + " " + stateName(e) + " after " + e.previousEventId()).toList();
    }

    private static String stateName(HistoryEvent event) {
        if (event.stateEnteredEventDetails() != null) {
            return event.stateEnteredEventDetails().name();
        }
        return event.stateExitedEventDetails() == null ? "-" : event.stateExitedEventDetails().name();
    }

    // ---- the cluster as the database and the nodes' endpoints show it

    private static List<String> owners(java.util.Collection<String> arns) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection c = PostgresFixture.connect(db.url());
             PreparedStatement p = c.prepareStatement("SELECT owner FROM execution WHERE arn = ?")) {
            for (String arn : arns) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    owners.add(r.next() ? r.getString(1) : "(no execution " + arn + ")");
                }
            }
        }
        return owners;
    }

    /** The node's {@code stepwise_takeovers_total} on its /metrics. */
    private static long takeovers(Node node) throws Exception {
        return get(node.endpoint.resolve("/metrics")).lines().filter(l -> l.startsWith("stepwise_takeovers_total"))
                .mapToLong(l -> Math.round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))))
                .sum();
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** One node: its server process, under its name, and a client of it while it is alive (null once killed). */
    private final class Node implements AutoCloseable {
        final String name;
        final ServerProcess process;
        volatile URI endpoint;
        volatile SfnClient sfn;

        Node(String name) throws IOException {
            this.name = name;
            PostgresUrl url = db.url();
            process = new ServerProcess("stepwise-" + name, List.of("--database", url.url(),
                    "--database-user", url.user(), "--database-password", url.password(), "--node-id", name,
                    "--lease-seconds", seconds(LEASE), "--takeover-scan-seconds", seconds(SCAN),
                    "--lambda-endpoint", lambda.endpoint().toString()));
        }

        void start() throws IOException {
            // a JVM's start takes seconds, and many more when other builds share the machine
            endpoint = process.start(Duration.ofMinutes(2));
            sfn = client(endpoint);
        }

        /** Kills the process with SIGKILL: the node's lease lapses, nothing is handed over. */
        void kill() throws InterruptedException {
            SfnClient client = sfn;
            sfn = null;
            process.kill();
            client.close();
        }

        @Override
        public void close() throws IOException {
            SfnClient client = sfn;
            sfn = null;
            process.close();
            if (client != null) {
                client.close();
            }
        }

        private static String seconds(Duration d) {
            return Double.toString(d.toMillis() / 1000.0);
        }

        private static SfnClient client(URI endpoint) {
            return SfnClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(SOCKET_TIMEOUT).maxConnections(100))
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryPolicy(RetryPolicy.none())
                            .apiCallTimeout(SOCKET_TIMEOUT.plusSeconds(10))
                            .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                            .build())
                    .build();
        }
    }
}
