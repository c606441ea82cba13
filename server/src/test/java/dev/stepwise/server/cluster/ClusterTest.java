package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;
import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.store.PostgresDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Several nodes on one PostgreSQL, each a real server driven by the AWS SDK: a killed node's
 * executions are taken over and end as a crash-free run would, signals reach the node that runs
 * the execution wherever they arrive and the caller hears AWS's answer, concurrent outcomes of one
 * execution resolve to exactly one, and a former owner that lost its lease writes nothing.
 */
class ClusterTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    private final LambdaStandIn lambda = new LambdaStandIn();
    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db, lambda);
    /** The task tokens the callback function was given. */
    private final ConcurrentLinkedQueue<String> callbackTokens = new ConcurrentLinkedQueue<>();

    ClusterTest() throws IOException {
        FailoverMachines.collectCallbackTokens(lambda, callbackTokens);
    }

    @Test
    void aKilledNodesExecutionsAreTakenOverWithinTheLeaseAndEndAsACrashFreeRunWould() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        Node c = cluster.start("node-c");
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String waits = machine(a.sfn, "waits", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 4, "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""");
        String tasks = machine(a.sfn, "tasks", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        String callbacks = machine(a.sfn, "callbacks", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}"""
                .formatted(FailoverMachines.CALLBACK_FUNCTION));
        List<String> waiting = startAll(a.sfn, waits, 5);
        List<String> working = startAll(a.sfn, tasks, 5);
        List<String> calledBack = startAll(a.sfn, callbacks, 4);
        // two tasks are in a worker's hands when the node dies; the others wait in its queue
        List<String> heldTokens = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            heldTokens.add(poll(a.sfn, activity).taskToken());
        }
        for (String arn : calledBack) {
            awaitEvent(a.sfn, arn, TASK_SUBMITTED);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> callbackTokens.size() == calledBack.size());
        int open = a.server.store().openExecutionsOwnedBy("node-a").size();
        assertThat(open).isEqualTo(waiting.size() + working.size() + calledBack.size());

        a.kill();
        Instant killed = Instant.now();
        await().atMost(ClusterNodes.LEASE.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.server.store().openExecutionsOwnedBy("node-a").isEmpty());
        Duration takeover = Duration.between(killed, Instant.now());
        assertThat(takeover).as("taken over within the lease and a scan (and some slack)")
                .isLessThan(ClusterNodes.LEASE.plus(ClusterNodes.SCAN).plusSeconds(2));
        assertThat(b.server.cluster().stats().takeovers() + c.server.cluster().stats().takeovers())
                .isEqualTo(open);

        // workers poll the surviving nodes: the new owners offer again the tasks no worker had, and those
        // taken just before the crash (a worker may never have received them: it gets them again)
        java.util.Set<String> tokens = new java.util.LinkedHashSet<>(heldTokens);
        SfnClient[] survivors = {b.sfn, c.sfn};
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (SfnClient worker : survivors) {
                String token = poll(worker, activity).taskToken();
                if (token != null) {
                    tokens.add(token);
                }
            }
            return tokens.size() == working.size();
        });
        int k = 0;
        for (String token : tokens) {
            survivors[k++ % 2].sendTaskSuccess(r -> r.taskToken(token).output("{\"done\":true}"));
        }
        int i = 0;
        for (String token : callbackTokens) {
            survivors[i++ % 2].sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
        }

        for (String arn : concat(waiting, working, calledBack)) {
            awaitStatus(b.sfn, arn, ExecutionStatus.SUCCEEDED);
        }
        for (String arn : waiting) {
            List<HistoryEvent> events = history(c.sfn, arn);
            assertGapFree(events);
            assertThat(types(events)).containsExactly(EXECUTION_STARTED, WAIT_STATE_ENTERED, WAIT_STATE_EXITED,
                    PASS_STATE_ENTERED, PASS_STATE_EXITED, EXECUTION_SUCCEEDED);
            // the timer fired at its original time, not a full wait after the takeover
            Duration waited = Duration.between(events.get(1).timestamp(), events.get(2).timestamp());
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(8));
        }
        for (String arn : working) {
            List<HistoryEvent> events = history(c.sfn, arn);
            assertGapFree(events);
            assertThat(types(events)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, ACTIVITY_SCHEDULED,
                    ACTIVITY_STARTED, ACTIVITY_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
        }
        for (String arn : calledBack) {
            List<HistoryEvent> events = history(c.sfn, arn);
            assertGapFree(events);
            assertThat(types(events)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, TASK_SCHEDULED,
                    TASK_STARTED, TASK_SUBMITTED, TASK_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
        }
        assertThat(lambda.invocations()).as("no callback function called twice").hasSize(calledBack.size());
    }

    @Test
    void aSignalSentToAnotherNodeTakesEffectBeforeTheCallReturnsAndWrongTokensGetAwsErrors() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String tasks = machine(a.sfn, "tasks", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 30,
                 "End": true}}}""".formatted(activity));
        List<String> arns = startAll(a.sfn, tasks, 3);
        String token = poll(a.sfn, activity).taskToken();
        String done = executionOf(a.sfn, arns, ACTIVITY_STARTED);
        long wakeups = a.server.cluster().stats().wakeups();

        b.sfn.sendTaskHeartbeat(r -> r.taskToken(token));
        b.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"from\":\"b\"}"));
        // the owner's step was durable before node B answered
        assertThat(b.sfn.describeExecution(r -> r.executionArn(done)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(b.sfn.describeExecution(r -> r.executionArn(done)).output()).isEqualTo("{\"from\":\"b\"}");
        await().atMost(Duration.ofSeconds(2)).until(() -> a.server.cluster().stats().wakeups() == wakeups + 2);
        assertThat(a.server.runtime().isOpen(done)).isFalse();

        assertThatThrownBy(() -> b.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")))
                .isInstanceOf(TaskTimedOutException.class)
                .hasMessageContaining("Task Timed Out: 'Provided task does not exist anymore'");
        assertThatThrownBy(() -> b.sfn.sendTaskFailure(r -> r.taskToken(token)))
                .isInstanceOf(TaskTimedOutException.class);
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> b.sfn.sendTaskSuccess(r -> r.taskToken(forged).output("{}")))
                .isInstanceOf(InvalidTokenException.class);

        String stopped = arns.stream().filter(arn -> !arn.equals(done)).findFirst().orElseThrow();
        b.sfn.stopExecution(r -> r.executionArn(stopped).error("Halt").cause("from node b"));
        assertThat(b.sfn.describeExecution(r -> r.executionArn(stopped)).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(types(history(a.sfn, stopped))).endsWith(EXECUTION_ABORTED);
        assertThat(a.server.runtime().isOpen(stopped)).isFalse();
    }

    @Test
    void concurrentOutcomesOfOneExecutionSentToDifferentNodesResolveToExactlyOne() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        Node c = cluster.start("node-c");
        List<Node> nodes = List.of(a, b, c);
        String activity = a.sfn.createActivity(r -> r.name("race")).activityArn();
        String tasks = machine(a.sfn, "race", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        int count = 9;
        List<String> arns = new ArrayList<>();
        Map<String, String> tokenOf = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            Node owner = nodes.get(i % 3);
            String name = "race-" + i;
            arns.add(owner.sfn.startExecution(r -> r.stateMachineArn(tasks).name(name)).executionArn());
            GetActivityTaskResponse task = poll(owner.sfn, activity);
            tokenOf.put(arns.get(i), task.taskToken());
        }
        record Outcome(boolean succeeded, boolean failed) {}
        Map<String, Outcome> outcomes = new java.util.HashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String arn = arns.get(i);
                String token = tokenOf.get(arn);
                CountDownLatch go = new CountDownLatch(1);
                // each outcome through another node than the owner's, in a turning order
                Future<Boolean> success = threads.submit(accepted(go, () -> nodes.get((arns.indexOf(arn) + 1) % 3).sfn
                        .sendTaskSuccess(r -> r.taskToken(token).output("{}"))));
                Future<Boolean> failure = threads.submit(accepted(go, () -> nodes.get((arns.indexOf(arn) + 2) % 3).sfn
                        .sendTaskFailure(r -> r.taskToken(token).error("E"))));
                Future<Boolean> stop = threads.submit(accepted(go, () -> nodes.get(arns.indexOf(arn) % 3).sfn
                        .stopExecution(r -> r.executionArn(arn))));
                go.countDown();
                assertThat(stop.get()).as("StopExecution always answers").isTrue();
                outcomes.put(arn, new Outcome(success.get(), failure.get()));
            }
        }
        for (String arn : arns) {
            Outcome o = outcomes.get(arn);
            ExecutionStatus status = a.sfn.describeExecution(r -> r.executionArn(arn)).status();
            List<HistoryEvent> events = history(b.sfn, arn);
            assertGapFree(events);
            List<HistoryEventType> ends = types(events).stream().filter(t -> t == EXECUTION_SUCCEEDED
                    || t == EXECUTION_FAILED || t == EXECUTION_ABORTED).toList();
            assertThat(ends).as("one end of %s", arn).hasSize(1);
            switch (status) {
                case SUCCEEDED -> assertThat(o).isEqualTo(new Outcome(true, false));
                case FAILED -> assertThat(o).isEqualTo(new Outcome(false, true));
                case ABORTED -> assertThat(o).isEqualTo(new Outcome(false, false));
                default -> throw new AssertionError(arn + " ended " + status);
            }
        }
    }

    /**
     * StartExecution of one name on every node at once: with one input, every call answers the one
     * execution (AWS's idempotent start of a running execution); with each its own input, exactly
     * one call starts it and the others hear ExecutionAlreadyExists.
     */
    @Test
    void concurrentStartsOfOneNameOnEveryNodeStartOneExecution() throws Exception {
        List<Node> nodes = List.of(cluster.start("node-a"), cluster.start("node-b"), cluster.start("node-c"));
        String activity = nodes.get(0).sfn.createActivity(r -> r.name("hold")).activityArn();
        String machine = machine(nodes.get(0).sfn, "named", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        int perNode = 3;
        for (int round = 0; round < 4; round++) {
            String name = "once-" + round;
            boolean sameInput = round % 2 == 0;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> calls = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < nodes.size() * perNode; i++) {
                    SfnClient sfn = nodes.get(i % nodes.size()).sfn;
                    String input = sameInput ? "{\"n\":0}" : "{\"n\":" + i + "}";
                    calls.add(threads.submit(() -> {
                        go.await();
                        try {
                            return sfn.startExecution(r -> r.stateMachineArn(machine).name(name).input(input))
                                    .executionArn() + " " + input;
                        } catch (software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException e) {
                            return null;
                        }
                    }));
                }
                go.countDown();
            }
            List<String> started = new ArrayList<>();
            for (Future<String> call : calls) {
                if (call.get() != null) {
                    started.add(call.get());
                }
            }
            List<String> arns = started.stream().map(a -> a.substring(0, a.indexOf(' '))).distinct().toList();
            assertThat(arns).as("one execution named %s", name).hasSize(1);
            if (sameInput) {
                assertThat(started).as("every start of the same input answers it").hasSize(calls.size());
            } else {
                assertThat(started).as("one start wins").hasSize(1);
            }
            String arn = arns.get(0);
            String winnerInput = started.get(0).substring(started.get(0).indexOf(' ') + 1);
            assertThat(nodes.get(1).sfn.describeExecution(r -> r.executionArn(arn)).input()).isEqualTo(winnerInput);
            assertThat(types(history(nodes.get(2).sfn, arn))).filteredOn(t -> t == EXECUTION_STARTED).hasSize(1);
            assertThat(nodes.get(0).sfn.listExecutions(r -> r.stateMachineArn(machine)).executions())
                    .filteredOn(e -> e.name().equals(name)).hasSize(1);
        }
    }

    /** Pagination tokens are signed with a secret kept in the database: a page begun on one node goes on on another. */
    @Test
    void aListingBegunOnOneNodeGoesOnOnTheOthers() throws Exception {
        List<Node> nodes = List.of(cluster.start("node-a"), cluster.start("node-b"), cluster.start("node-c"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            nodes.get(i % 3).sfn.createActivity(r -> r.name("listed-" + n));
        }
        List<String> names = new ArrayList<>();
        String token = null;
        int page = 0;
        do {
            String after = token;
            var answer = nodes.get(page++ % 3).sfn.listActivities(r -> r.maxResults(2).nextToken(after));
            answer.activities().forEach(a -> names.add(a.name()));
            token = answer.nextToken();
        } while (token != null);
        assertThat(page).isEqualTo(3);
        assertThat(names).containsExactlyInAnyOrder("listed-0", "listed-1", "listed-2", "listed-3", "listed-4");
    }

    @Test
    void aFormerOwnerThatLostItsLeaseWritesNothingAndDropsTheExecution() throws Exception {
        Node a = cluster.start("node-a");
        Node b = cluster.start("node-b");
        String activity = a.sfn.createActivity(r -> r.name("work")).activityArn();
        String tasks = machine(a.sfn, "tasks", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(activity));
        String arn = a.sfn.startExecution(r -> r.stateMachineArn(tasks)).executionArn();
        String token = poll(a.sfn, activity).taskToken();
        int eventsBefore = history(a.sfn, arn).size();

        // node A freezes as to the cluster (no renewal, no watch of its lease) but still holds the execution
        a.server.cluster().halt();
        await().atMost(ClusterNodes.LEASE.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.server.store().openExecutionsOwnedBy("node-b").size() == 1);
        assertThat(a.server.runtime().isOpen(arn)).as("A does not know yet").isTrue();

        // A wakes up and steps the execution: its append is refused (fenced) and it lets the execution go
        java.util.concurrent.CompletableFuture<Boolean> late = a.server.runtime().deliver(arn,
                new Signal.Stop("Late", "from the former owner"));
        await().atMost(Duration.ofSeconds(5)).until(late::isDone);
        assertThat(a.server.runtime().isOpen(arn)).isFalse();
        assertThat(history(b.sfn, arn)).hasSize(eventsBefore);
        assertThat(b.sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);

        // the new owner carries on: the worker's token from A's time is still good
        b.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"ok\":true}"));
        assertThat(b.sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> events = history(b.sfn, arn);
        assertGapFree(events);
        assertThat(types(events)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, ACTIVITY_SCHEDULED,
                ACTIVITY_STARTED, ACTIVITY_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
    }

    @Test
    void healthNamesTheNodeAndMetricsShowLeasesTakeoversAndWakeups() throws Exception {
        Node a = cluster.start("node-a");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a.server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = parse(health.body());
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("node").asText()).isEqualTo("node-a");
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("cluster").asBoolean()).isTrue();

        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.server.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("stepwise_leases_held 1.0", "stepwise_takeovers_total 0.0",
                "stepwise_cross_node_wakeups_total 0.0", "stepwise_open_executions", "stepwise_store_writes_waiting ");

        // once the lease cannot be renewed, the node says it is not ready
        a.server.cluster().halt();
        await().atMost(ClusterNodes.LEASE.plusSeconds(2)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a.server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
    }

    // ---- helpers

    private static String machine(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static List<String> startAll(SfnClient sfn, String machine, int count) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arns.add(sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn());
        }
        return arns;
    }

    private static GetActivityTaskResponse poll(SfnClient sfn, String activity) {
        return sfn.getActivityTask(r -> r.activityArn(activity).workerName("worker"));
    }

    /** The one execution among {@code arns} whose history holds {@code type}. */
    private static String executionOf(SfnClient sfn, List<String> arns, HistoryEventType type) {
        return arns.stream().filter(arn -> types(history(sfn, arn)).contains(type)).findFirst().orElseThrow();
    }

    /** Whether the call was answered without an error; an AWS error counts as refused. */
    private static Callable<Boolean> accepted(CountDownLatch go, Runnable call) {
        return () -> {
            go.await();
            try {
                call.run();
                return true;
            } catch (SfnException e) {
                assertThat(e).isInstanceOf(TaskTimedOutException.class);
                return false;
            }
        };
    }

    private static void awaitStatus(SfnClient sfn, String arn, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> sfn.describeExecution(r -> r.executionArn(arn)).status() == status);
    }

    private static void awaitEvent(SfnClient sfn, String arn, HistoryEventType type) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> types(history(sfn, arn)).contains(type));
    }

    private static List<HistoryEvent> history(SfnClient sfn, String arn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().stream().toList();
    }

    private static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }

    /** Event ids 1..n in order, none twice. */
    private static void assertGapFree(List<HistoryEvent> events) {
        assertThat(events).extracting(HistoryEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
