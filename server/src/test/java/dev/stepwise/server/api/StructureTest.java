package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.store.JdbcStore;
import dev.stepwise.store.Store.StoreStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * Structural properties the design promises, checked on the running server: group commit, keyset
 * listings that always use an index, and long polls that hold no platform thread.
 */
class StructureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- (a) group commit

    @Test
    @Covers("StartExecution")
    void concurrentStartsShareTransactions() throws Exception {
        try (ServerFixture fixture = new ServerFixture();
             SfnClient sfn = SfnClient.builder()
                     .endpointOverride(fixture.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                     .httpClientBuilder(ApacheHttpClient.builder().maxConnections(200))
                     .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                     .build()) {
            String m = sfn.createStateMachine(r -> r.name("one-pass").definition(PASS).roleArn(ROLE))
                    .stateMachineArn();
            sfn.startExecution(r -> r.stateMachineArn(m)); // warms the connection pool and the code paths
            int calls = 100;
            StoreStats before = fixture.store().stats();
            List<Future<String>> started = new ArrayList<>();
            // Another connection holds SQLite's write lock, so that the first start's commit waits for
            // it (SQLite's busy timeout) and the others arrive while it waits, however fast the machine
            // is: they queue behind it and the writer commits them together once the lock is let go.
            try (java.sql.Connection holder = java.sql.DriverManager.getConnection(
                    "jdbc:sqlite:" + fixture.dataDir().resolve("stepwise.db"));
                 java.sql.Statement lock = holder.createStatement();
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                lock.execute("BEGIN IMMEDIATE");
                for (int i = 0; i < calls; i++) {
                    started.add(threads.submit(() -> sfn.startExecution(r -> r.stateMachineArn(m)).executionArn()));
                }
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                        .until(() -> fixture.store().stats().waitingWrites() == calls);
                lock.execute("ROLLBACK");
                for (Future<String> f : started) {
                    assertThat(f.get()).isNotNull();
                }
            }
            StoreStats after = fixture.store().stats();
            long transactions = after.transactions() - before.transactions();
            long writes = after.writes() - before.writes();
            System.out.printf("group commit: %d StartExecution calls, %d writes in %d transactions%n", calls, writes,
                    transactions);
            assertThat(writes).isGreaterThanOrEqualTo(calls);
            // the first start committed alone, on its own thread; the writer took the others in a few batches
            assertThat(transactions).isLessThanOrEqualTo(calls / 10);
            assertThat(sfn.listExecutionsPaginator(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.SUCCEEDED))
                    .executions().stream().count()).isEqualTo(calls + 1);
        }
    }

    // ---- (b) every listing is an index search

    /**
     * A listing query of JdbcStore with the arguments of a first and of a later page, and the
     * column whose range the later page's index search must start from (the keyset position).
     */
    private record Query(String name, String sql, Object[] firstPage, Object[] laterPage, String keyColumn) {}

    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:indexed";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:indexed/m:1";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:indexed:x";
    private static final long MAX = Long.MAX_VALUE;

    private static List<Query> listingQueries() {
        long later = System.currentTimeMillis();
        List<Query> queries = new ArrayList<>();
        Map<ExecutionLog.Owner, String> owners = Map.of(ExecutionLog.Owner.STATE_MACHINE, MACHINE,
                ExecutionLog.Owner.VERSION, MACHINE + ":1", ExecutionLog.Owner.ALIAS, MACHINE + ":live",
                ExecutionLog.Owner.MAP_RUN, MAP_RUN);
        for (Map.Entry<ExecutionLog.Owner, String> entry : owners.entrySet()) {
            String owner = entry.getValue();
            for (String status : java.util.Arrays.asList(null, "SUCCEEDED")) {
                for (Boolean redriven : java.util.Arrays.asList(null, true, false)) {
                    ExecutionLog.ExecutionFilter filter = new ExecutionLog.ExecutionFilter(entry.getKey(), owner,
                            status, redriven);
                    queries.add(new Query("ListExecutions " + filter, JdbcStore.listExecutionsSql(filter),
                            JdbcStore.listExecutionsArguments(filter, MAX, MAX, 101),
                            JdbcStore.listExecutionsArguments(filter, later, 42L, 101), "start_ms"));
                }
            }
        }
        // every catalog listing (state machines, activities, versions, aliases, Map runs) is a range of one index
        for (boolean reverse : new boolean[] {false, true}) {
            String sql = reverse ? JdbcStore.LIST_RESOURCES_REVERSE : JdbcStore.LIST_RESOURCES;
            queries.add(new Query("ListStateMachines" + (reverse ? " reversed" : ""), sql,
                    new Object[] {"123456789012", "us-east-1", "stateMachine", "", reverse ? "\uffff" : "", 101},
                    new Object[] {"123456789012", "us-east-1", "stateMachine", "", "indexed", 101}, "key"));
            queries.add(new Query("ListMapRuns" + (reverse ? " reversed" : ""), sql,
                    new Object[] {"123456789012", "us-east-1", "mapRun", EXECUTION, reverse ? "\uffff" : "", 101},
                    new Object[] {"123456789012", "us-east-1", "mapRun", EXECUTION, "000001796555438223/" + MAP_RUN,
                            101}, "key"));
        }
        queries.add(new Query("GetExecutionHistory", JdbcStore.HISTORY_FORWARD,
                new Object[] {1L, 1L, 0L, 64}, new Object[] {1L, 1L, 100L, 64}, "first_event_id"));
        queries.add(new Query("GetExecutionHistory reverseOrder", JdbcStore.HISTORY_BACKWARD,
                new Object[] {1L, MAX, 64}, new Object[] {1L, 100L, 64}, "first_event_id"));
        return queries;
    }

    @Test
    @Covers({"ListExecutions", "ListStateMachines", "ListActivities", "ListStateMachineVersions",
            "ListStateMachineAliases", "ListMapRuns", "GetExecutionHistory"})
    void everyListingQueryIsAnIndexSearchWithoutASort() throws Exception {
        try (ServerFixture fixture = new ServerFixture(new WaitScale(0))) {
            // some rows, so the planner has tables with content
            SfnClient sfn = fixture.sfn();
            String m = sfn.createStateMachine(r -> r.name("indexed").definition(PASS).roleArn(ROLE))
                    .stateMachineArn();
            for (int i = 0; i < 20; i++) {
                sfn.startExecution(r -> r.stateMachineArn(m));
            }
            sfn.createActivity(r -> r.name("indexed"));
            JdbcStore store = fixture.store();
            for (Query q : listingQueries()) {
                for (Object[] args : List.of(q.firstPage(), q.laterPage())) {
                    List<String> plan = store.explain(q.sql(), args);
                    System.out.printf("plan of %s: %s%n", q.name(), plan);
                    assertThat(plan).as("plan of %s", q.name()).isNotEmpty()
                            .allSatisfy(line -> assertThat(line).doesNotStartWith("SCAN")
                                    .doesNotContain("TEMP B-TREE"))
                            .anySatisfy(line -> assertThat(line).startsWith("SEARCH")
                                    .containsAnyOf("USING INDEX", "USING PRIMARY KEY", "USING COVERING INDEX",
                                            "USING INTEGER PRIMARY KEY")
                                    // the range starts at the page's position: not a filter up to it
                                    .containsPattern("\\(.*\\b" + q.keyColumn() + "\\b.*[<>].*\\)"));
                }
            }
        }
    }

    // ---- (c) parked long polls hold no platform thread

    /** How many virtual threads are parked in an activity queue's poll, from a JDK thread dump. */
    private static int parkedPolls(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "threads", ".json");
        Files.delete(file);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        JsonNode dump = JSON.readTree(file.toFile());
        Files.delete(file);
        int parked = 0;
        for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                if (thread.path("virtual").asBoolean() && thread.path("stack").toString().contains("LocalActivityQueue.take")) {
                    parked++;
                }
            }
        }
        return parked;
    }

    @Test
    @Covers({"GetActivityTask", "SendTaskSuccess", "StartExecution"})
    void aThousandParkedPollsHoldNoPlatformThreadsAndOneGetsTheTask() throws Exception {
        int polls = 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dumps = Files.createTempDirectory("thread-dumps");
        // polls wait up to two minutes, so that parking a thousand of them on a slow machine still
        // happens well inside one poll's wait
        try (ServerFixture fixture = new ServerFixture(WaitScale.REAL, Duration.ofSeconds(120));
             SfnAsyncClient async = SfnAsyncClient.builder()
                     .endpointOverride(fixture.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                     .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                             .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(2))
                             .maxConcurrency(polls + 100)
                             .maxPendingConnectionAcquires(polls * 2)
                             .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                             .readTimeout(Duration.ofSeconds(180)))
                     .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())
                             .apiCallTimeout(Duration.ofSeconds(180))
                             .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                     .build()) {
            SfnClient sfn = fixture.sfn();
            String activity = sfn.createActivity(r -> r.name("crowded")).activityArn();
            String m = sfn.createStateMachine(r -> r.name("crowded").roleArn(ROLE)
                    .definition(Defs.activityTask(activity, ""))).stateMachineArn();
            // warm up: the client's event loops, the server's request path and the carrier threads
            List<CompletableFuture<?>> warm = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                warm.add(async.describeActivity(r -> r.activityArn(activity)));
            }
            CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).join();
            int before = threads.getThreadCount();

            List<CompletableFuture<GetActivityTaskResponse>> parked = new ArrayList<>();
            for (int i = 0; i < polls; i++) {
                String worker = "w" + i;
                parked.add(async.getActivityTask(r -> r.activityArn(activity).workerName(worker)));
            }
            await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(250))
                    .until(() -> parkedPolls(dumps) == polls);
            int during = threads.getThreadCount();
            int peak = threads.getPeakThreadCount();
            System.out.printf("parked polls: %d; platform threads before %d, with the polls parked %d (peak %d)%n",
                    polls, before, during, peak);
            assertThat(during - before).as("platform threads added by %d parked polls", polls).isLessThanOrEqualTo(16);
            assertThat(parked).noneMatch(CompletableFuture::isDone);

            String execution = sfn.startExecution(r -> r.stateMachineArn(m).input("{\"n\": 1}")).executionArn();
            await().atMost(Duration.ofSeconds(20)).until(() -> parked.stream().anyMatch(CompletableFuture::isDone));
            List<GetActivityTaskResponse> answered = parked.stream().filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join).toList();
            assertThat(answered).singleElement().satisfies(t -> {
                assertThat(t.taskToken()).isNotNull();
                assertThat(t.input()).isEqualTo("{\"n\":1}");
            });
            sfn.sendTaskSuccess(r -> r.taskToken(answered.getFirst().taskToken()).output("{\"ok\": true}"));
            Defs.awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED);
            // the others still wait, none of them got the task too
            assertThat(parked.stream().filter(CompletableFuture::isDone).count()).isEqualTo(1);
            assertThat(parkedPolls(dumps)).isEqualTo(polls - 1);
        } finally {
            Files.deleteIfExists(dumps);
        }
    }
}
