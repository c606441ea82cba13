package dev.stepwise.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Kill -9 with executions in flight: hundreds of executions wait on timers, on an activity worker
 * and on retry backoff when the server process is killed. After a restart on the same data
 * folder every acknowledged start is there, every execution completes, and each history is the
 * one a crash-free run of the same input gives (timestamps aside).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/crash";
    private static final String WORKER = "crash-worker";
    private static final int PER_MACHINE = 100;

    /** How many executions of each machine the test starts. */
    protected int perMachine() {
        return PER_MACHINE;
    }

    /** Points the server process at its store: the embedded one in its --data folder, unless a subclass says so. */
    protected void store(ProcessBuilder process) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private ServerProcess server;
    private SfnClient sfn;
    private String endpoint;

    @AfterEach
    void tearDown() throws IOException {
        if (sfn != null) {
            sfn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAcknowledgedExecutionSurvivesKill9AndEndsAsACrashFreeRunWould() throws Exception {
        server = new ServerProcess("stepwise-crash", this::store);
        startServer();
        String activity = sfn.createActivity(b -> b.name("crash-work")).activityArn();
        Map<String, String> definitions = Map.of(
                "waits", """
                        {"StartAt": "A", "States": {
                          "A": {"Type": "Pass", "Result": "a", "ResultPath": "$.a", "Next": "W"},
                          "W": {"Type": "Wait", "Seconds": 2, "Next": "B"},
                          "B": {"Type": "Pass", "Result": "b", "ResultPath": "$.b", "End": true}}}""",
                "activity", """
                        {"StartAt": "Work", "States": {
                          "Work": {"Type": "Task", "Resource": "%s",
                                   "Parameters": {"n.$": "$.n", "flaky.$": "$.flaky", "attempt.$": "$$.State.RetryCount"},
                                   "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                                   "ResultPath": "$.result", "Next": "Done"},
                          "Done": {"Type": "Pass", "End": true}}}""".formatted(activity),
                "map", """
                        {"StartAt": "Each", "States": {
                          "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                                   "ItemProcessor": {"StartAt": "Nap", "States": {
                                     "Nap": {"Type": "Wait", "Seconds": 1, "End": true}}},
                                   "End": true}}}""");
        Map<String, String> machineArns = new ConcurrentHashMap<>();
        definitions.forEach((name, definition) -> machineArns.put(name, sfn.createStateMachine(b -> b.name(name)
                .definition(definition).roleArn(ROLE)).stateMachineArn()));

        // every acknowledged start: execution ARN -> (machine, input)
        Map<String, String[]> acknowledged = new ConcurrentHashMap<>();
        for (int i = 0; i < perMachine(); i++) {
            for (String machine : List.of("waits", "activity", "map")) {
                String input = input(machine, i);
                String name = machine + "-" + i;
                String arn = sfn.startExecution(b -> b.stateMachineArn(machineArns.get(machine))
                        .name(name).input(input)).executionArn();
                acknowledged.put(arn, new String[] {machine, input});
            }
        }

        // the worker: fails a flaky task's first attempt, answers the others; survives the crash. The
        // attempt comes with the task, so a task offered again after the crash gets the same answer.
        AtomicBoolean working = new AtomicBoolean(true);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < 8; w++) {
            workers.submit(() -> work(activity, working));
        }

        // let some finish and the rest wait, then kill the server without warning
        waitUntil(() -> count(machineArns.get("activity"), ExecutionStatus.SUCCEEDED) >= perMachine() / 5);
        long runningAtKill = 0;
        for (String machine : machineArns.values()) {
            runningAtKill += count(machine, ExecutionStatus.RUNNING);
        }
        server.kill();
        assertThat(runningAtKill).as("executions in flight when the server was killed").isGreaterThan(perMachine() / 2);
        startServer();

        for (String machine : machineArns.values()) {
            waitUntil(() -> count(machine, ExecutionStatus.RUNNING) == 0);
        }
        working.set(false);
        workers.shutdown();

        for (Map.Entry<String, String[]> e : acknowledged.entrySet()) {
            String arn = e.getKey();
            assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).as(arn).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<JsonNode> history = WireHistory.of(http, endpoint, arn);
            assertThat(history).as("history of %s", arn).isEqualTo(CrashFreeRun.withLostWorkerNames(history,
                    referenceHistory(definitions.get(e.getValue()[0]), e.getValue()[0], arn, e.getValue()[1])));
        }
    }

    private static String input(String machine, int i) {
        return switch (machine) {
            case "activity" -> "{\"n\":" + i + ",\"flaky\":" + (i % 3 == 0) + "}";
            case "map" -> "{\"items\":[" + i + "," + (i + 1) + "]}";
            default -> "{\"n\":" + i + "}";
        };
    }

    /** Whether the worker fails this task: the first attempt of a flaky one. */
    private static boolean fails(JsonNode taskInput) {
        return taskInput.path("flaky").asBoolean() && taskInput.path("attempt").asInt() == 0;
    }

    private void work(String activity, AtomicBoolean working) {
        while (working.get()) {
            try {
                GetActivityTaskResponse task = sfn().getActivityTask(b -> b.activityArn(activity).workerName(WORKER));
                if (task.taskToken() == null) {
                    continue;
                }
                JsonNode input = Json.parse(task.input());
                boolean fail = fails(input);
                // an answer is retried until the server takes it: the server may be down for a moment
                answer(task.taskToken(), fail, input.path("n").asInt());
            } catch (RuntimeException | IOException e) {
                pause();
            }
        }
    }

    private void answer(String token, boolean fail, int n) {
        while (true) {
            try {
                if (fail) {
                    sfn().sendTaskFailure(b -> b.taskToken(token).error("Flaky").cause("first attempt"));
                } else {
                    sfn().sendTaskSuccess(b -> b.taskToken(token).output("{\"done\":" + n + "}"));
                }
                return;
            } catch (TaskTimedOutException e) {
                return; // the answer was taken before the crash; its response was lost
            } catch (RuntimeException e) {
                pause();
            }
        }
    }

    /** The history of the same definition and input run by the engine in process, without a crash. */
    private static List<JsonNode> referenceHistory(String definition, String machine, String arn, String input)
            throws Exception {
        TaskDispatcher worker = (origin, task, signals) -> {
            signals.accept(new Signal.TaskStarted(task.taskId(), WORKER));
            boolean fail = fails(task.input());
            signals.accept(fail ? new Signal.TaskFailed(task.taskId(), "Flaky", "first attempt")
                    : new Signal.TaskSucceeded(task.taskId(),
                            Json.object().put("done", task.input().path("n").asInt())));
        };
        try (CrashFreeRun run = new CrashFreeRun(ROLE, worker)) {
            return CrashFreeRun.events(run.run(definition, machine, arn, input));
        }
    }

    private long count(String machineArn, ExecutionStatus status) {
        return sfn().listExecutionsPaginator(b -> b.stateMachineArn(machineArn).statusFilter(status).maxResults(1000))
                .executions().stream().count();
    }

    private void startServer() throws IOException {
        endpoint = server.start(Duration.ofMinutes(3)).toString();
        SfnClient previous = sfn;
        sfn = SfnClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(90)).build())
                .build();
        if (previous != null) {
            previous.close();
        }
    }

    private SfnClient sfn() {
        return sfn;
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(condition);
    }

    /** A worker's backoff after a failed call (the server may be restarting). */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
