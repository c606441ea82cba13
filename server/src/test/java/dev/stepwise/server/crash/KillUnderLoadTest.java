package dev.stepwise.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Kill -9 under the shared benchmark's load ({@code sfn_bench.py}'s {@code start_rate} and
 * {@code activity} scenarios at once): sixteen keep-alive clients call StartExecution on the
 * benchmark's 10-Pass chain as fast as they can while activity round trips run (StartExecution of a
 * one-Task machine, workers looping GetActivityTask and SendTaskSuccess, the starter polling
 * DescribeExecution). Once thousands of starts are acknowledged the server process, on the embedded
 * store with {@code --sync FULL}, is killed with SIGKILL in the middle of that load, then started
 * again on the same data folder. Nothing it acknowledged is lost and nothing is half there.
 *
 * <p>What is acknowledged, and why it survives: a call's response is written only after its step is
 * durable. StartExecution returns once the execution's first step (its row, its events, its
 * snapshot: for the chain the whole run to ExecutionSucceeded, for the activity machine up to
 * ActivityScheduled) is committed in one transaction, shared with the other callers of its group
 * commit, with SQLite's {@code synchronous=FULL}. SendTaskSuccess returns once the step it causes
 * (ActivitySucceeded to ExecutionSucceeded) is committed; the ActivityStarted before it, which
 * GetActivityTask only queued, is committed no later, for the store commits appends in the order
 * they were queued. So every start the clients heard of is there, complete, and every answer they
 * heard accepted is the execution's output (and DescribeExecution says it ended as soon as the answer
 * is heard). A kill -9 tests that order, acknowledgement after commit; it loses no committed
 * transaction even under {@code synchronous=NORMAL} (that takes a power loss).
 *
 * <p>What may be lost, and why that is allowed: the effect of a call whose response the client never
 * got (its connection broke with the process): the execution of such a start may be stored (whole:
 * one transaction) or not at all, such an answer may be stored or not (the worker, holding the token,
 * tries it again after the restart and hears 200 or TaskTimedOut). And the ActivityStarted of a task
 * GetActivityTask handed out while its step was only queued: recovery then offers the task again with
 * the same token, so it may reach a second worker (AWS delivers a task at least once), and whichever
 * answer comes first ends the execution with one ActivityStarted (without the worker's name when the
 * first worker's answer implied it) and one ActivitySucceeded, as on AWS; the other answer is
 * TaskTimedOut. (A task whose start committed just before the kill is offered again too: its worker
 * may never have received it.) None of these was acknowledged, so none is looked for; what is looked for is that
 * nothing stored is half there: every execution ListExecutions shows describes and has the history of
 * a crash-free run.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KillUnderLoadTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/killload";
    private static final String WORKER = "killload-worker";
    private static final String CHAIN_MACHINE = "killload-chain";
    private static final String ACTIVITY_MACHINE = "killload-activity";
    /** The benchmark's start_rate clients. */
    private static final int STARTERS = 16;
    /** Every this many starts a chain client names its execution; the others leave the name to the server. */
    private static final int NAMED_EVERY = 8;
    private static final int ROUND_TRIP_LOOPS = 3;
    private static final int WORKERS = 3;
    /** Acknowledged chain starts the kill waits for (and the floor asserted): thousands, under load. */
    private static final int STARTS_BEFORE_KILL = 2000;
    /** Acknowledged activity answers the kill waits for: round trips run beside the starts. */
    private static final int ANSWERS_BEFORE_KILL = 20;
    /** How long the starters and the answers before the kill may take on a busy machine. */
    private static final Duration LOAD_BOUND = Duration.ofSeconds(60);
    /** How long the restart and every activity execution's end may take (their tasks time out after 60 s). */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
    /** How long the round trip's starter waits for a worker's answer between two DescribeExecution polls. */
    private static final long POLL_MILLIS = 5;

    /** The benchmark's {@code chain10_definition}: ten Pass states, the fifth adding {@code p5}. */
    static String chainDefinition() {
        ObjectNode states = Json.object();
        for (int i = 1; i <= 10; i++) {
            ObjectNode state = states.putObject("P" + i).put("Type", "Pass");
            if (i == 5) {
                state.putObject("Result").put("v", 5);
                state.put("ResultPath", "$.p5");
            }
            if (i < 10) {
                state.put("Next", "P" + (i + 1));
            } else {
                state.put("End", true);
            }
        }
        ObjectNode definition = Json.object().put("Comment", "sfn_bench 10-Pass chain").put("StartAt", "P1");
        definition.set("States", states);
        return Json.write(definition);
    }

    /** The benchmark's {@code activity_definition}: one Task state on the activity. */
    static String activityDefinition(String activityArn) {
        return """
                {"Comment": "sfn_bench activity", "StartAt": "T",
                 "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 60, "End": true}}}"""
                .formatted(activityArn);
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("killload-", 0).factory());
    private ServerProcess server;
    private volatile String endpoint;
    /**
     * The client of the server process that runs now; replaced (under {@code restart}) when it is started
     * again. The one before stays open (a worker may be about to call it) until the test ends.
     */
    private volatile SfnClient sfn;
    private final Queue<SfnClient> clients = new ConcurrentLinkedQueue<>();
    private final Object restart = new Object();
    /**
     * The client of the killed server, set just before the kill: a call of it that fails is the kill's
     * doing (a worker's then waits for the restart); any other call that fails without an answer is a
     * problem.
     */
    private volatile SfnClient killed;
    /** The starters run while set; cleared once each of them has called the killed server. */
    private volatile boolean starting = true;
    /** The workers run while set. */
    private volatile boolean working = true;

    private String chainArn;
    private String activityMachineArn;
    private String activityArn;

    // what the clients heard: acknowledged calls, and what went wrong
    /** Acknowledged chain starts: execution ARN to its input. */
    private final Map<String, String> chainStarts = new ConcurrentHashMap<>();
    /** Acknowledged activity starts: execution ARN to its input. */
    private final Map<String, String> activityStarts = new ConcurrentHashMap<>();
    /** Every answer a worker sent, acknowledged or not, by execution ARN. */
    private final Map<String, Set<String>> answersSent = new ConcurrentHashMap<>();
    /** Acknowledged answers (SendTaskSuccess answered 200): execution ARN to the output. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    /** Completed when a worker's answer for the execution is acknowledged (what its starter waits for). */
    private final Map<String, CompletableFuture<Void>> answered = new ConcurrentHashMap<>();
    /** Completed once enough calls are acknowledged: what the kill waits for. */
    private final CompletableFuture<Void> enoughAcknowledged = new CompletableFuture<>();
    /** The starters that called the killed server (and failed). */
    private final Set<String> failedAfterKill = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder refusedAnswers = new LongAdder();
    /** What must not happen at all: an error the server answered, a connection broken before the kill, … */
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    @AfterEach
    void tearDown() throws IOException {
        starting = false;
        working = false;
        synchronized (restart) {
            restart.notifyAll();
        }
        if (server != null) {
            server.close(); // breaks the workers' long polls
        }
        threads.shutdownNow();
        clients.forEach(SfnClient::close);
    }

    @Test
    void noAcknowledgedCallIsLostWhenTheServerIsKilledUnderTheBenchmarksLoad() throws Exception {
        // FULL is the default; said here so that an environment's STEPWISE_SYNC cannot weaken what is tested
        server = new ServerProcess("stepwise-killload", List.of("--sync", "FULL"));
        connect(server.start(Duration.ofMinutes(1)));
        activityArn = sfn.createActivity(b -> b.name("killload-work")).activityArn();
        chainArn = sfn.createStateMachine(b -> b.name(CHAIN_MACHINE).definition(chainDefinition()).roleArn(ROLE))
                .stateMachineArn();
        activityMachineArn = sfn.createStateMachine(b -> b.name(ACTIVITY_MACHINE)
                .definition(activityDefinition(activityArn)).roleArn(ROLE)).stateMachineArn();

        long loadStarted = System.nanoTime();
        List<Future<?>> starters = new ArrayList<>();
        for (int s = 0; s < STARTERS; s++) {
            int starter = s;
            starters.add(threads.submit(() -> startChains(starter)));
        }
        for (int l = 0; l < ROUND_TRIP_LOOPS; l++) {
            int loop = l;
            starters.add(threads.submit(() -> roundTrips(loop)));
        }
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            threads.submit(() -> work(worker));
        }

        // killed the moment a client hears the acknowledgement that makes the count: the commit it
        // waited for may be the last before the kill, and its batch's responses still on their way
        enoughAcknowledged.get(LOAD_BOUND.toSeconds(), TimeUnit.SECONDS);
        int callsInFlight = inFlight.get();
        killed = sfn;
        server.kill();
        long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
        // the load goes on against the dead server until every starter has met it
        await(LOAD_BOUND, () -> failedAfterKill.size() == STARTERS + ROUND_TRIP_LOOPS);
        starting = false;
        for (Future<?> starter : starters) {
            starter.get(30, TimeUnit.SECONDS);
        }
        int startsBeforeKill = chainStarts.size();
        int answersBeforeKill = answers.size();
        System.out.printf("kill under load: %d chain starts and %d activity starts acknowledged in %d ms before "
                        + "the kill (%.0f starts/s), %d activity answers acknowledged, %d calls in flight at the kill, "
                        + "%d connection errors after it%n", startsBeforeKill, activityStarts.size(), loadMillis,
                startsBeforeKill * 1000.0 / loadMillis, answersBeforeKill, callsInFlight, connectionErrors.sum());
        assertThat(startsBeforeKill).as("chain starts acknowledged before the kill").isGreaterThanOrEqualTo(
                STARTS_BEFORE_KILL);
        assertThat(callsInFlight).as("calls in flight when the server was killed").isPositive();

        long restarted = System.nanoTime();
        connect(server.start(Duration.ofMinutes(1)));
        // the workers answer what they hold and what is offered again, until every execution has ended
        try {
            await(RECOVERY_BOUND, () -> running(chainArn).isEmpty() && running(activityMachineArn).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("still RUNNING after the restart: " + running(chainArn) + " "
                    + running(activityMachineArn) + "; problems: " + problems, e);
        }
        System.out.printf("kill under load: every execution ended %d ms after the restart began%n",
                (System.nanoTime() - restarted) / 1_000_000);
        working = false;

        Map<String, ExecutionListItem> chains = listed(chainArn);
        Map<String, ExecutionListItem> roundTrips = listed(activityMachineArn);
        assertThat(unlisted(chainStarts.keySet(), chains)).as("acknowledged chain starts ListExecutions lacks")
                .isEmpty();
        assertThat(unlisted(activityStarts.keySet(), roundTrips)).as(
                "acknowledged activity starts ListExecutions lacks").isEmpty();
        assertThat(problems).as("errors no client should have met").isEmpty();
        long checking = System.nanoTime();
        Stats stats = verify(chains, roundTrips);
        System.out.printf("kill under load: %d chain and %d activity executions stored (%d and %d of them with "
                        + "a start the kill kept from being acknowledged), %d answers acknowledged in all, "
                        + "%d refused as already taken, %d tasks answered by two workers, %d starts recorded without "
                        + "the worker's name; checked in %d ms%n", chains.size(), roundTrips.size(),
                chains.size() - chainStarts.size(), roundTrips.size() - activityStarts.size(), answers.size(),
                refusedAnswers.sum(), stats.handedOutTwice().sum(), stats.namesLost().sum(),
                (System.nanoTime() - checking) / 1_000_000);
    }

    // ---- the load

    /** A start_rate client: StartExecution on the chain as fast as it is answered, a few of them named. */
    private void startChains(int starter) {
        SfnClient client = sfn;
        for (int call = 1; starting; call++) {
            String input = Json.write(Json.object().put("starter", starter).put("call", call));
            String name = call % NAMED_EVERY == 0 ? "chain-" + starter + "-" + call : null;
            inFlight.incrementAndGet();
            try {
                String arn = client.startExecution(b -> b.stateMachineArn(chainArn).name(name).input(input))
                        .executionArn();
                chainStarts.put(arn, input);
                killWhenEnough();
            } catch (SdkClientException e) {
                brokeOff("chain-" + starter, client, e);
            } catch (SfnException e) {
                problems.add("StartExecution " + input + ": " + e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /**
     * The benchmark's activity round trip, one after the other: StartExecution of the one-Task
     * machine, then DescribeExecution until it has ended. Between polls it waits for a worker's
     * acknowledged answer; once that came, the execution must describe as ended.
     */
    private void roundTrips(int loop) {
        SfnClient client = sfn;
        for (int i = 1; starting; i++) {
            String name = "act-" + loop + "-" + i;
            String input = Json.write(Json.object().put("execution", name));
            inFlight.incrementAndGet();
            try {
                String arn = client.startExecution(b -> b.stateMachineArn(activityMachineArn).name(name).input(input))
                        .executionArn();
                activityStarts.put(arn, input);
                CompletableFuture<Void> answer = answered(arn);
                while (starting) {
                    boolean acknowledged = answer.isDone();
                    ExecutionStatus status = client.describeExecution(b -> b.executionArn(arn)).status();
                    if (status != ExecutionStatus.RUNNING) {
                        break;
                    }
                    if (acknowledged) {
                        problems.add(arn + " describes as RUNNING after its answer was acknowledged");
                        break;
                    }
                    waitFor(answer);
                }
            } catch (SdkClientException e) {
                brokeOff("activity-" + loop, client, e);
            } catch (SfnException e) {
                problems.add("round trip " + name + ": " + e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** A worker: GetActivityTask, then SendTaskSuccess with an output naming the task's input and this answer. */
    private void work(int worker) {
        try {
            pollAndAnswer(worker);
        } catch (RuntimeException e) {
            if (working) {
                // its tasks are left unanswered: the wait for every execution's end says so, this says why
                problems.add("worker " + worker + " stopped: " + e);
                throw e;
            }
        }
    }

    private void pollAndAnswer(int worker) {
        int answer = 0;
        while (working) {
            SfnClient client = sfn;
            GetActivityTaskResponse task;
            try {
                task = client.getActivityTask(b -> b.activityArn(activityArn).workerName(WORKER));
            } catch (SdkClientException e) {
                awaitRestart(client, e);
                continue;
            } catch (SfnException e) {
                problems.add("GetActivityTask: " + e.getMessage());
                continue;
            }
            if (task.taskToken() == null) {
                continue;
            }
            JsonNode input = parse(task.input());
            String arn = activityMachineArn.replace(":stateMachine:", ":execution:") + ":"
                    + input.path("execution").asText();
            ObjectNode output = Json.object();
            output.set("echo", input);
            output.put("answer", "w" + worker + "-" + ++answer);
            answer(arn, task.taskToken(), Json.write(output));
        }
    }

    /**
     * Sends the answer until the server takes or refuses it: a connection broken by the kill is
     * retried with the same token once the server is back (the token outlives the process).
     */
    private void answer(String arn, String token, String output) {
        answersSent.computeIfAbsent(arn, a -> ConcurrentHashMap.newKeySet()).add(output);
        while (working) {
            SfnClient client = sfn;
            try {
                client.sendTaskSuccess(b -> b.taskToken(token).output(output));
                String earlier = answers.putIfAbsent(arn, output);
                if (earlier != null) {
                    problems.add("two answers acknowledged for " + arn + ": " + earlier + " and " + output);
                }
                answered(arn).complete(null);
                killWhenEnough();
                return;
            } catch (TaskTimedOutException e) {
                // already answered: by this answer, whose response the kill lost, or by another worker the
                // task was offered to again after the restart
                refusedAnswers.increment();
                return;
            } catch (SdkClientException e) {
                awaitRestart(client, e);
            } catch (SfnException e) {
                problems.add("SendTaskSuccess for " + arn + ": " + e.getMessage());
                return;
            }
        }
    }

    /** Called after each acknowledgement: lets the kill go once enough of them came. */
    private void killWhenEnough() {
        if (chainStarts.size() >= STARTS_BEFORE_KILL && answers.size() >= ANSWERS_BEFORE_KILL) {
            enoughAcknowledged.complete(null);
        }
    }

    private CompletableFuture<Void> answered(String arn) {
        return answered.computeIfAbsent(arn, a -> new CompletableFuture<>());
    }

    /** A starter's call failed without an answer: only the kill may do that. */
    private void brokeOff(String starter, SfnClient client, SdkClientException e) {
        connectionErrors.increment();
        if (client == killed) {
            failedAfterKill.add(starter);
        } else {
            problems.add(starter + "'s call failed without an answer before the kill: " + e.getMessage());
        }
    }

    /**
     * A worker's call failed without an answer: it waits for the server to be started again (only the
     * kill may do that).
     */
    private void awaitRestart(SfnClient failed, SdkClientException e) {
        connectionErrors.increment();
        if (failed != killed) {
            problems.add("a worker's call failed without an answer, not because of the kill: " + e.getMessage());
            return;
        }
        synchronized (restart) {
            while (working && sfn == failed) {
                try {
                    restart.wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void waitFor(CompletableFuture<Void> answer) {
        try {
            answer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            // poll again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what the server kept

    /** What the checks counted beyond pass or fail: tasks answered by two workers, starts without a worker's name. */
    private record Stats(LongAdder handedOutTwice, LongAdder namesLost) {}

    /**
     * Checks every stored execution, several at once: it describes as its listing says, ended
     * SUCCEEDED, and its history is gap-free and the one a crash-free run of its input gives.
     */
    private Stats verify(Map<String, ExecutionListItem> chains, Map<String, ExecutionListItem> roundTrips)
            throws Exception {
        Stats stats = new Stats(new LongAdder(), new LongAdder());
        /* the output each activity execution's crash-free run answers its task with: the one it ended with */
        Map<String, JsonNode> outputs = new ConcurrentHashMap<>();
        TaskDispatcher reference = (origin, task, signals) -> {
            signals.accept(new Signal.TaskStarted(task.taskId(), WORKER));
            signals.accept(new Signal.TaskSucceeded(task.taskId(), outputs.get(origin.executionArn())));
        };
        List<ExecutionListItem> all = new ArrayList<>(chains.values());
        all.addAll(roundTrips.values());
        int checkers = 4;
        List<Future<?>> checks = new ArrayList<>();
        for (int c = 0; c < checkers; c++) {
            int first = c;
            checks.add(threads.submit(() -> {
                try (CrashFreeRun engine = new CrashFreeRun(ROLE, reference)) {
                    for (int i = first; i < all.size(); i += checkers) {
                        ExecutionListItem item = all.get(i);
                        if (item.stateMachineArn().equals(chainArn)) {
                            checkChain(item, engine);
                        } else {
                            checkRoundTrip(item, engine, outputs, stats);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> check : checks) {
            try {
                check.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError failure) {
                    throw failure;
                }
                throw e;
            }
        }
        return stats;
    }

    private void checkChain(ExecutionListItem item, CrashFreeRun engine) throws Exception {
        String arn = item.executionArn();
        DescribeExecutionResponse execution = described(item);
        String acknowledgedInput = chainStarts.get(arn);
        if (acknowledgedInput != null) {
            assertThat(execution.input()).as("input of %s", arn).isEqualTo(acknowledgedInput);
        }
        InProcess.Finished crashFree = engine.run(chainDefinition(), CHAIN_MACHINE, arn, execution.input());
        assertThat(parse(execution.output())).as("output of %s", arn).isEqualTo(crashFree.output());
        List<JsonNode> history = WireHistory.of(http, endpoint, arn);
        assertGapFree(arn, history);
        List<JsonNode> expected = CrashFreeRun.events(crashFree);
        assertThat(types(history)).as("event types of %s", arn).isEqualTo(types(expected));
        assertThat(history).as("history of %s", arn).isEqualTo(expected);
    }

    private void checkRoundTrip(ExecutionListItem item, CrashFreeRun engine, Map<String, JsonNode> outputs,
                                Stats stats) throws Exception {
        String arn = item.executionArn();
        DescribeExecutionResponse execution = described(item);
        String acknowledgedInput = activityStarts.get(arn);
        if (acknowledgedInput != null) {
            assertThat(execution.input()).as("input of %s", arn).isEqualTo(acknowledgedInput);
        }
        String acknowledged = answers.get(arn);
        if (acknowledged != null) {
            assertThat(execution.output()).as("output of %s (its acknowledged answer)", arn).isEqualTo(acknowledged);
        } else {
            // its answer's response was lost with the kill (the retry was refused as already taken)
            assertThat(answersSent.getOrDefault(arn, Set.of())).as("answers sent for %s", arn)
                    .contains(execution.output());
        }
        assertThat(parse(execution.output()).path("echo")).as("task input of %s", arn)
                .isEqualTo(parse(execution.input()));
        if (answersSent.getOrDefault(arn, Set.of()).size() > 1) {
            stats.handedOutTwice().increment();
        }
        outputs.put(arn, parse(execution.output()));
        List<JsonNode> history = WireHistory.of(http, endpoint, arn);
        assertGapFree(arn, history);
        for (String activityEvent : List.of("ActivityScheduled", "ActivityStarted", "ActivitySucceeded")) {
            assertThat(types(history)).as("%s events of %s", activityEvent, arn).containsOnlyOnce(activityEvent);
        }
        List<JsonNode> expected = CrashFreeRun.withLostWorkerNames(history,
                CrashFreeRun.events(engine.run(activityDefinition(activityArn), ACTIVITY_MACHINE, arn,
                        execution.input())));
        assertThat(types(history)).as("event types of %s", arn).isEqualTo(types(expected));
        assertThat(history).as("history of %s", arn).isEqualTo(expected);
        if (history.stream().anyMatch(e -> "ActivityStarted".equals(e.path("type").asText())
                && e.path("activityStartedEventDetails").isEmpty())) {
            stats.namesLost().increment();
        }
    }

    /** The execution as DescribeExecution gives it: as its listing says, and SUCCEEDED. */
    private DescribeExecutionResponse described(ExecutionListItem item) {
        String arn = item.executionArn();
        DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(arn));
        assertThat(execution.status()).as("status of %s", arn).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(item.status()).as("listed status of %s", arn).isEqualTo(execution.status());
        assertThat(item.stopDate()).as("listed stop of %s", arn).isEqualTo(execution.stopDate());
        return execution;
    }

    /**
     * Ids 1 to n in order, each event's previous one an earlier event or none (0: the first event, and
     * on AWS also the first state's entry); the crash-free run's history then says which.
     */
    private static void assertGapFree(String arn, List<JsonNode> history) {
        assertThat(history).as("history of %s", arn).isNotEmpty();
        for (int i = 0; i < history.size(); i++) {
            JsonNode event = history.get(i);
            assertThat(event.path("id").asLong()).as("id of event %d of %s", i + 1, arn).isEqualTo(i + 1);
            assertThat(event.path("previousEventId").asLong()).as("previousEventId of event %d of %s", i + 1, arn)
                    .isBetween(0L, (long) i);
        }
    }

    private static List<String> types(List<JsonNode> history) {
        return history.stream().map(e -> e.path("type").asText()).toList();
    }

    /** Every execution of the machine, by ARN; none listed twice. */
    private Map<String, ExecutionListItem> listed(String machineArn) {
        Map<String, ExecutionListItem> items = new ConcurrentHashMap<>();
        sfn.listExecutionsPaginator(b -> b.stateMachineArn(machineArn).maxResults(1000)).executions().forEach(e ->
                assertThat(items.put(e.executionArn(), e)).as("%s listed twice", e.executionArn()).isNull());
        return items;
    }

    /** The acknowledged executions missing from the listing, each as DescribeExecution answers for it. */
    private List<String> unlisted(Set<String> acknowledged, Map<String, ExecutionListItem> listed) {
        List<String> missing = new ArrayList<>();
        for (String arn : acknowledged) {
            if (!listed.containsKey(arn)) {
                String described;
                try {
                    described = sfn.describeExecution(b -> b.executionArn(arn)).status().toString();
                } catch (SfnException e) {
                    described = e.awsErrorDetails().errorCode();
                }
                missing.add(arn + " (DescribeExecution: " + described + ")");
            }
        }
        return missing;
    }

    private List<String> running(String machineArn) {
        return sfn.listExecutionsPaginator(b -> b.stateMachineArn(machineArn).statusFilter(ExecutionStatus.RUNNING)
                .maxResults(1000)).executions().stream().map(ExecutionListItem::executionArn).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points every client at the server started at {@code endpoint}, and wakes the workers waiting for it. */
    private void connect(URI started) {
        SfnClient client = SfnClient.builder()
                .endpointOverride(started)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(90)).build())
                .build();
        clients.add(client);
        synchronized (restart) {
            endpoint = started.toString();
            sfn = client;
            restart.notifyAll();
        }
    }

    private static void await(Duration within, Callable<Boolean> condition) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(condition);
    }
}
