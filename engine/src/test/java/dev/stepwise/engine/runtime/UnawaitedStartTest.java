package dev.stepwise.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.MemoryLog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Snapshot;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A worker's start of an activity task is answered before its ActivityStarted is durable
 * ({@link ExecutionRuntime#deliverStart}). The store here holds queued appends uncommitted until a
 * later append commits them (as the group-commit writer does, in order) or a "crash" drops them.
 * Whatever happens in that window, nothing acknowledged is lost, the task is offered again with the
 * same token, and the history is AWS's: ActivityScheduled, ActivityStarted, then the end.
 */
class UnawaitedStartTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    // the machine, its execution and its history as on AWS: AwaitedDeliveryTest runs the same
    static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e";
    private static final String DEFINITION = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a",
                       "TimeoutSeconds": 600, "ResultPath": "$.work", "End": true}}}""";
    private static final TaskTokens TOKENS = TaskTokens.signed(new byte[32]);
    static final List<String> AWS_HISTORY = List.of("ExecutionStarted", "TaskStateEntered",
            "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded");

    /** The activity queue as the runtime sees it: the tasks it offered, in order. */
    private static final class Offers implements TaskDispatcher {
        final List<Command.StartTask> offered = new CopyOnWriteArrayList<>();

        @Override
        public void dispatch(TaskOrigin origin, Command.StartTask task, java.util.function.Consumer<Signal> report) {
            offered.add(task);
        }
    }

    static ExecutionRuntime runtime(ExecutionLog store, TaskDispatcher tasks) {
        return ExecutionRuntime.builder(store, tasks).time(new SimulatedTime(new ManualClock(START)))
                .tokens(TOKENS).seeds(() -> 7).build();
    }

    static void start(ExecutionRuntime runtime) throws Exception {
        runtime.start(new ExecutionRuntime.StartRequest(ARN, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                "m", "STANDARD", DefinitionParser.parse(DEFINITION).machine(), DEFINITION,
                "arn:aws:iam::123456789012:role/r", Json.parse("{}"), "{}", null, null, null, null));
    }

    @Test
    void aCrashBeforeTheStartCommitsOffersTheTaskAgainAndTheFirstWorkersAnswerStillEndsItAsOnAws()
            throws Exception {
        HeldAppends store = new HeldAppends();
        Offers queue = new Offers();
        ExecutionRuntime before = runtime(store, queue);
        start(before);
        Command.StartTask task = queue.offered.get(0);

        // the worker gets the task while its ActivityStarted is only queued
        assertThat(before.deliverStart(ARN, new Signal.TaskStarted(task.taskId(), "worker-1")).get()).isTrue();
        assertThat(store.held()).isEqualTo(1);
        assertThat(types(store)).doesNotContain("ActivityStarted");

        // the node dies before the commit: the queued step is gone
        before.halt();
        store.dropHeld();

        Offers queueAfter = new Offers();
        try (ExecutionRuntime after = runtime(store, queueAfter)) {
            assertThat(after.recover()).isEqualTo(1);
            assertThat(queueAfter.offered).as("the task is offered again, with the same token").singleElement()
                    .satisfies(again -> {
                        assertThat(again.taskId()).isEqualTo(task.taskId());
                        assertThat(again.token()).isEqualTo(task.token());
                    });

            // the first worker answers with the token it holds: acknowledged, so durable
            String taskId = TOKENS.verify(task.token()).orElseThrow();
            assertThat(after.deliver(ARN, new Signal.TaskSucceeded(taskId, Json.object().put("ok", 1), true)).get())
                    .isTrue();
            assertThat(store.held()).isZero();
            assertThat(store.execution(ARN).orElseThrow().status()).isEqualTo("SUCCEEDED");
            assertThat(types(store)).isEqualTo(AWS_HISTORY);
            assertThat(event(store, "ActivityStarted").path("activityStartedEventDetails").has("workerName"))
                    .as("the worker's name was lost with the step").isFalse();

            // the copy offered again is taken by another poll: its start is ignored, nothing is handed out
            assertThat(after.deliverStart(ARN, new Signal.TaskStarted(taskId, "worker-2")).get()).isFalse();
            assertThat(types(store)).isEqualTo(AWS_HISTORY);
        }
    }

    @Test
    void anAcknowledgedAnswerCommitsTheStartBeforeItSoACrashAfterItLosesNothing() throws Exception {
        HeldAppends store = new HeldAppends();
        Offers queue = new Offers();
        ExecutionRuntime before = runtime(store, queue);
        start(before);
        String taskId = queue.offered.get(0).taskId();
        assertThat(before.deliverStart(ARN, new Signal.TaskStarted(taskId, "worker-1")).get()).isTrue();
        assertThat(before.deliver(ARN, new Signal.TaskSucceeded(taskId, Json.object().put("ok", 1), true)).get())
                .isTrue();
        before.halt();
        store.dropHeld();

        assertThat(store.execution(ARN).orElseThrow().status()).isEqualTo("SUCCEEDED");
        assertThat(types(store)).isEqualTo(AWS_HISTORY);
        assertThat(event(store, "ActivityStarted").path("activityStartedEventDetails").path("workerName").asText())
                .isEqualTo("worker-1");
        try (ExecutionRuntime after = runtime(store, new Offers())) {
            assertThat(after.recover()).as("nothing left open to recover").isZero();
        }
    }

    @Test
    void aQueuedStartTheStoreRefusesLoadsTheExecutionAgainFromItsLastCommitAndOffersTheTaskAgain() throws Exception {
        HeldAppends store = new HeldAppends();
        Offers queue = new Offers();
        try (ExecutionRuntime runtime = runtime(store, queue)) {
            start(runtime);
            String taskId = queue.offered.get(0).taskId();
            assertThat(runtime.deliverStart(ARN, new Signal.TaskStarted(taskId, "worker-1")).get()).isTrue();

            store.failHeld(new StoreException("disk full", null));

            runtime.awaitQuiet();
            assertThat(queue.offered).hasSize(2);
            assertThat(queue.offered.get(1).taskId()).isEqualTo(taskId);
            assertThat(runtime.isOpen(ARN)).isTrue();
            // it carries on from the store: the next worker's start and answer end it as on AWS
            assertThat(runtime.deliverStart(ARN, new Signal.TaskStarted(taskId, "worker-2")).get()).isTrue();
            assertThat(runtime.deliver(ARN, new Signal.TaskSucceeded(taskId, Json.object(), true)).get()).isTrue();
            assertThat(types(store)).isEqualTo(AWS_HISTORY);
        }
    }

    private static List<String> types(ExecutionLog store) {
        ExecutionRecord e = store.execution(ARN).orElseThrow();
        return store.history(e.id(), 0, 100, false).stream().map(ev -> ev.path("type").asText()).toList();
    }

    private static ObjectNode event(ExecutionLog store, String type) {
        ExecutionRecord e = store.execution(ARN).orElseThrow();
        return store.history(e.id(), 0, 100, false).stream().filter(ev -> type.equals(ev.path("type").asText()))
                .findFirst().orElseThrow();
    }
}
