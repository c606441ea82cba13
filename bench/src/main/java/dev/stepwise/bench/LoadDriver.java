package dev.stepwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.store.JdbcStore;
import dev.stepwise.store.PostgresUrl;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures the wire benchmark (../shared/bench/sfn_bench.py) cannot take from outside: the
 * cost of ListExecutions with a million stored executions, and the heap an open execution holds
 * (and that closed executions do not keep). Prints one "RESULT name value unit" line per figure.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.LoadDriver list [executions]
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.LoadDriver heap [open executions]
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.LoadDriver throughput URL[,URL…] [executions] [clients]
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.LoadDriver closed [executions]
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.LoadDriver soak [minutes]
 * </pre>
 *
 * {@code closed} runs that many executions of a ten-state Pass chain to their end through the wire
 * (16 callers) and prints the heap after a full GC and the process's resident size. {@code soak}
 * keeps the same load on for that many minutes and prints, each minute, the heap after a full GC,
 * then the slope of those figures (MB per minute, least squares over every minute after the
 * first): a flat heap has a slope near zero.
 *
 * {@code throughput} drives servers already running (one node, or the nodes of a cluster, called
 * round-robin): executions of a five-state machine started by {@code clients} callers (executions
 * per second, state transitions per second, until the last has ended), then activity executions
 * whose workers poll every node (the round trip from StartExecution's answer to SendTaskSuccess's,
 * p50 and p99).
 *
 * The server runs on the embedded store in a temporary folder, or on the PostgreSQL database that
 * {@code STEPWISE_DATABASE} names (with {@code STEPWISE_DATABASE_USER} and
 * {@code STEPWISE_DATABASE_PASSWORD}, as for {@code stepwise server}): give it an empty database.
 */
public final class LoadDriver {
    private static final String ACCOUNT = "123456789012";
    private static final String MACHINE = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:bench";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ServerConfig.Database database = new ServerConfig.Database(System.getenv("STEPWISE_DATABASE"),
            System.getenv("STEPWISE_DATABASE_USER"), System.getenv("STEPWISE_DATABASE_PASSWORD"));
    private String endpoint;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "list";
        LoadDriver driver = new LoadDriver();
        switch (what) {
            case "list" -> driver.list(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
            case "heap" -> driver.heap(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
            case "throughput" -> driver.throughput(List.of(args[1].split(",")),
                    args.length > 2 ? Integer.parseInt(args[2]) : 2_000, args.length > 3 ? Integer.parseInt(args[3]) : 16);
            case "closed" -> driver.closed(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
            case "soak" -> driver.soak(args.length > 1 ? Integer.parseInt(args[1]) : 10);
            default -> throw new IllegalArgumentException("list, heap, throughput, closed or soak");
        }
        System.exit(0);
    }

    /** ListExecutions latency, first page and a page deep in the list, with {@code n} stored executions. */
    private void list(int n) throws Exception {
        Path data = BenchData.folder("stepwise-bench-list");
        try (StepwiseServer server = StepwiseServer.start(config(data))) {
            endpoint = "http://127.0.0.1:" + server.port();
            call("CreateStateMachine", "{\"name\":\"bench\",\"roleArn\":\"arn:aws:iam::" + ACCOUNT
                    + ":role/r\",\"definition\":\"{\\\"StartAt\\\":\\\"P\\\",\\\"States\\\":{\\\"P\\\":{\\\"Type\\\":\\\"Pass\\\",\\\"End\\\":true}}}\"}");
        }
        long t0 = System.nanoTime();
        try (Connection c = seedConnection(data)) {
            seed(c, n);
        }
        System.out.println("# store: " + (database.url() == null ? "the embedded store (SQLite)" : database));
        result("list.seeded_executions", n, "executions");
        result("list.seed_seconds", (System.nanoTime() - t0) / 1e9, "s (direct inserts)");
        try (StepwiseServer server = StepwiseServer.start(config(data))) {
            endpoint = "http://127.0.0.1:" + server.port();
            String first = "{\"stateMachineArn\":\"" + MACHINE + "\",\"maxResults\":100}";
            String filtered = "{\"stateMachineArn\":\"" + MACHINE + "\",\"maxResults\":100,\"statusFilter\":\"FAILED\"}";
            // warm up (JIT, caches) on both query shapes before anything is timed
            for (int i = 0; i < 3000; i++) {
                call("ListExecutions", first);
                call("ListExecutions", filtered);
            }
            latencies("list.first_page", () -> call("ListExecutions", first), 1000);
            latencies("list.first_page_status_filter", () -> call("ListExecutions", filtered), 1000);
            // a page far into the list: follow tokens 50 pages deep, then time that page
            String token = null;
            for (int page = 0; page < 50; page++) {
                JsonNode r = Json.parse(call("ListExecutions", first.replace("}", token == null ? "}"
                        : ",\"nextToken\":\"" + token + "\"}")));
                token = r.path("nextToken").asText();
            }
            String deep = first.replace("}", ",\"nextToken\":\"" + token + "\"}");
            latencies("list.page_50", () -> call("ListExecutions", deep), 1000);
        }
    }

    /** A connection to the store's database, for seeding (the server is stopped). */
    private Connection seedConnection(Path data) throws java.sql.SQLException {
        if (database.url() == null) {
            return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stepwise.db"));
        }
        PostgresUrl url = PostgresUrl.parse(database.url()).withCredentials(database.user(), database.password());
        java.util.Properties properties = new java.util.Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(url.url(), properties);
    }

    /** Seeds closed executions straight into the store's database (the server is stopped). */
    private static void seed(Connection c, int n) throws Exception {
        c.setAutoCommit(false);
        // every seeded execution ran the definition "{}", stored once under its key
        String definition = dev.stepwise.store.JdbcStore.definitionKey("{}");
        try (PreparedStatement d = c.prepareStatement(
                "INSERT INTO execution_definition (hash, body) VALUES (?, '{}') ON CONFLICT (hash) DO NOTHING")) {
            d.setString(1, definition);
            d.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, stop_ms, input, output,
                    definition_hash, role_arn, seed, next_event_id, machine_key, row_version)
                VALUES (?, ?, ?, 'STANDARD', ?, ?, ?, '{}', '{}', ?, 'arn:aws:iam::1:role/r', 1, 5, ?, 1)""")) {
            long start = System.currentTimeMillis() - n * 10L;
            for (int i = 0; i < n; i++) {
                String name = "seeded-" + i;
                p.setString(1, "arn:aws:states:us-east-1:" + ACCOUNT + ":execution:bench:" + name);
                p.setString(2, MACHINE);
                p.setString(3, name);
                p.setString(4, i % 10 == 0 ? "FAILED" : "SUCCEEDED");
                p.setLong(5, start + i * 10L);
                p.setLong(6, start + i * 10L + 5);
                p.setString(7, definition);
                p.setLong(8, dev.stepwise.store.OwnerKeys.of(MACHINE));
                p.addBatch();
                if (i % 10_000 == 9_999) {
                    p.executeBatch();
                    c.commit();
                }
            }
            p.executeBatch();
            c.commit();
        }
        if (c.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
            try (java.sql.Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE execution"); // as autovacuum would soon after such a load
            }
        }
    }

    /** The ten-state Pass chain of the shared benchmark's start-rate and completion scenarios. */
    private static final String CHAIN = chain();

    private static String chain() {
        com.fasterxml.jackson.databind.node.ObjectNode states = Json.object();
        for (int i = 0; i < 10; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode state = states.putObject("P" + i).put("Type", "Pass");
            if (i < 9) {
                state.put("Next", "P" + (i + 1));
            } else {
                state.put("End", true);
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode definition = Json.object().put("StartAt", "P0");
        definition.set("States", states);
        return Json.write(definition);
    }

    /** Heap after a full GC and resident size once {@code n} executions have run to their end. */
    private void closed(int n) throws Exception {
        Path data = BenchData.folder("stepwise-bench-closed");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (StepwiseServer server = StepwiseServer.start(config(data))) {
            endpoint = "http://127.0.0.1:" + server.port();
            String machine = createMachine("chain", CHAIN);
            String start = Json.write(Json.object().put("stateMachineArn", machine).put("input", "{\"k\":1}"));
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            int report = Math.max(1, n / 10);
            long t0 = System.nanoTime();
            parallel(16, () -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    call("StartExecution", start);
                    if ((i + 1) % report == 0) {
                        System.out.printf("# %,d executions closed, %.0f/s%n", i + 1,
                                (i + 1) / ((System.nanoTime() - t0) / 1e9));
                    }
                }
            });
            result("closed.executions", n, "executions of a 10-state Pass chain, run to their end");
            result("closed.executions_per_s", n / ((System.nanoTime() - t0) / 1e9), "executions/s (16 callers)");
            result("closed.heap_after_gc_mb", usedAfterGc(memory) / 1048576.0, "MB");
            result("closed.rss_mb", residentBytes() / 1048576.0, "MB (VmRSS, loader in the same process)");
            result("closed.open_executions", server.runtime().openCount(), "executions still in memory");
        }
    }

    /**
     * The start-rate load (16 callers starting ten-state Pass chains) for {@code minutes}; each
     * minute the heap after a full GC; then its slope.
     */
    private void soak(int minutes) throws Exception {
        Path data = BenchData.folder("stepwise-bench-soak");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (StepwiseServer server = StepwiseServer.start(config(data))) {
            endpoint = "http://127.0.0.1:" + server.port();
            String machine = createMachine("chain", CHAIN);
            String start = Json.write(Json.object().put("stateMachineArn", machine).put("input", "{\"k\":1}"));
            java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
            long end = System.nanoTime() + minutes * 60_000_000_000L;
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        call("StartExecution", start);
                        started.incrementAndGet();
                    }
                }));
            }
            double[] heapMb = new double[minutes];
            long before = 0;
            for (int m = 0; m < minutes; m++) {
                Thread.sleep(Math.max(0, Math.min(60_000L, (end - System.nanoTime()) / 1_000_000)));
                long now = started.get();
                heapMb[m] = usedAfterGc(memory) / 1048576.0;
                System.out.printf("RESULT stepwise soak.minute_%d heap_after_gc %.1f MB, rss %.0f MB, %d executions/s%n",
                        m + 1, heapMb[m], residentBytes() / 1048576.0, (now - before) / 60);
                before = now;
            }
            for (Thread t : callers) {
                t.join();
            }
            result("soak.executions", started.get(), "executions started and run to their end");
            result("soak.heap_slope_mb_per_minute", slope(heapMb), "MB/min (least squares, minutes 2 to "
                    + minutes + ")");
        }
    }

    /** The least-squares slope of {@code values} per index, the first left out (warm-up); 0 when too few. */
    static double slope(double[] values) {
        int n = values.length - 1;
        if (n < 2) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 1; i < values.length; i++) {
            sx += i;
            sy += values[i];
            sxx += (double) i * i;
            sxy += i * values[i];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** This process's resident size (VmRSS), or 0 where /proc is missing. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            // no /proc: not Linux
        }
        return 0;
    }

    /** Heap held per open (waiting) execution, and what closed executions leave behind. */
    private void heap(int n) throws Exception {
        Path data = BenchData.folder("stepwise-bench-heap");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (StepwiseServer server = StepwiseServer.start(config(data))) {
            endpoint = "http://127.0.0.1:" + server.port();
            call("CreateStateMachine", "{\"name\":\"wait\",\"roleArn\":\"arn:aws:iam::" + ACCOUNT
                    + ":role/r\",\"definition\":\"{\\\"StartAt\\\":\\\"P\\\",\\\"States\\\":{\\\"P\\\":{\\\"Type\\\":\\\"Pass\\\",\\\"Next\\\":\\\"W\\\"},\\\"W\\\":{\\\"Type\\\":\\\"Wait\\\",\\\"Seconds\\\":3600,\\\"End\\\":true}}}\"}");
            call("CreateStateMachine", "{\"name\":\"pass\",\"roleArn\":\"arn:aws:iam::" + ACCOUNT
                    + ":role/r\",\"definition\":\"{\\\"StartAt\\\":\\\"P\\\",\\\"States\\\":{\\\"P\\\":{\\\"Type\\\":\\\"Pass\\\",\\\"End\\\":true}}}\"}");
            String wait = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:wait";
            String pass = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:pass";
            start(pass, 2_000);
            long base = usedAfterGc(memory);
            start(pass, n);
            long afterClosed = usedAfterGc(memory);
            result("heap.closed_executions", n, "executions run to completion");
            result("heap.growth_after_closed_bytes_per_execution", (afterClosed - base) / (double) n, "bytes");
            start(wait, n);
            long afterOpen = usedAfterGc(memory);
            result("heap.open_executions", n, "executions waiting");
            result("heap.per_open_execution_bytes", (afterOpen - afterClosed) / (double) n, "bytes");
        }
    }

    /** States each execution of the throughput machine enters: its transitions. */
    private static final int TRANSITIONS = 5;

    /** Executions and transitions per second, and activity round trips, against running endpoints. */
    private void throughput(List<String> endpoints, int n, int clients) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        endpoint = endpoints.getFirst();
        String machine = createMachine("tp-" + run, """
                {"StartAt": "P1", "States": {"P1": {"Type": "Pass", "Next": "P2"}, "P2": {"Type": "Pass", "Next": "C"},
                 "C": {"Type": "Choice", "Choices": [{"Variable": "$.k", "NumericEquals": 1, "Next": "P3"}],
                       "Default": "P3"},
                 "P3": {"Type": "Pass", "Next": "S"}, "S": {"Type": "Succeed"}}}""");
        System.out.println("# endpoints: " + endpoints + "; " + n + " executions by " + clients + " callers");
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Queue<String> arns = new java.util.concurrent.ConcurrentLinkedQueue<>();
        String start = Json.write(Json.object().put("stateMachineArn", machine).put("input", "{\"k\":1}"));
        long t0 = System.nanoTime();
        parallel(clients, () -> {
            int i;
            while ((i = next.getAndIncrement()) < n) {
                arns.add(field(call(endpoints.get(i % endpoints.size()), "StartExecution", start), "executionArn"));
            }
        });
        // every execution ended (the machine runs in its first step: this checks it more than it waits)
        for (String arn : arns) {
            String describe = Json.write(Json.object().put("executionArn", arn));
            while (!field(call("DescribeExecution", describe), "status").equals("SUCCEEDED")) {
                Thread.onSpinWait();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        result("throughput.executions_per_s", n / seconds, "executions/s");
        result("throughput.transitions_per_s", n * TRANSITIONS / seconds, "transitions/s");

        String activity = field(call("CreateActivity", Json.write(Json.object().put("name", "tp-" + run))),
                "activityArn");
        String tasks = createMachine("tpa-" + run, """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        int trips = Math.max(100, n / 10);
        long[] nanos = new long[trips];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        String poll = Json.write(Json.object().put("activityArn", activity));
        for (int w = 0; w < 2 * endpoints.size(); w++) {
            String polled = endpoints.get(w % endpoints.size());
            Thread.ofVirtual().start(() -> {
                while (done.get() < trips) {
                    JsonNode task = parse(call(polled, "GetActivityTask", poll));
                    if (!task.hasNonNull("taskToken")) {
                        continue;
                    }
                    call(polled, "SendTaskSuccess", Json.write(Json.object()
                            .put("taskToken", task.path("taskToken").asText()).put("output", "{}")));
                    long end = System.nanoTime();
                    JsonNode input = parse(task.path("input").asText());
                    nanos[input.path("i").asInt()] = end - input.path("t0").asLong();
                    done.incrementAndGet();
                }
            });
        }
        // one execution at a time: a round trip's latency, not a queue's
        for (int i = 0; i < trips; i++) {
            String input = Json.write(Json.object().put("i", i).put("t0", System.nanoTime()));
            call(endpoints.get(i % endpoints.size()), "StartExecution",
                    Json.write(Json.object().put("stateMachineArn", tasks).put("input", input)));
            while (done.get() <= i) {
                Thread.onSpinWait();
            }
        }
        // the workers' last polls are left to end with the process
        Arrays.sort(nanos);
        result("throughput.activity_round_trip.p50_ms", nanos[trips / 2] / 1e6, "ms");
        result("throughput.activity_round_trip.p99_ms", nanos[trips * 99 / 100] / 1e6, "ms");
    }

    private String createMachine(String name, String definition) {
        return field(call("CreateStateMachine", Json.write(Json.object().put("name", name)
                .put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/r").put("definition", definition))),
                "stateMachineArn");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String field(String json, String name) {
        return parse(json).path(name).asText();
    }

    private static void parallel(int threads, Runnable body) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofVirtual().start(body));
        }
        for (Thread t : started) {
            t.join();
        }
    }

    private void start(String machine, int n) throws Exception {
        List<Thread> threads = new ArrayList<>();
        int perThread = n / 16;
        for (int t = 0; t < 16; t++) {
            int count = t == 15 ? n - perThread * 15 : perThread;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < count; i++) {
                    call("StartExecution", "{\"stateMachineArn\":\"" + machine + "\",\"input\":\"{\\\"k\\\":1}\"}");
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private void latencies(String name, Runnable call, int times) {
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        result(name + ".p50_ms", nanos[times / 2] / 1e6, "ms");
        result(name + ".p99_ms", nanos[times * 99 / 100] / 1e6, "ms");
    }

    private String call(String operation, String body) {
        return call(endpoint, operation, body);
    }

    private String call(String endpoint, String operation, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
                    .header("X-Amz-Target", "AWSStepFunctions." + operation)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ServerConfig config(Path data) {
        return new ServerConfig("127.0.0.1", 0, data, "us-east-1", ACCOUNT, WaitScale.REAL, true)
                .withDatabase(database);
    }

    private static void result(String name, double value, String unit) {
        System.out.printf("RESULT stepwise %s %s %s%n", name,
                value == Math.rint(value) ? Long.toString((long) value) : String.format("%.3f", value), unit);
    }
}
