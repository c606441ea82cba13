package dev.stepwise.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.store.ExecutionRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An API request that waits for its signal's step (SendTaskSuccess, GetActivityTask's start,
 * StopExecution) runs the step on its own virtual thread when no other thread is stepping the
 * execution ({@link ExecutionRuntime#deliverAwaited}): no hand-off to a worker and back. The
 * execution's signals are still stepped one at a time and in the order they were delivered.
 */
class AwaitedDeliveryTest {
    private static final String ARN = UnawaitedStartTest.ARN;

    private final HeldAppends store = new HeldAppends();
    private final List<Command.StartTask> offered = new CopyOnWriteArrayList<>();
    private final ExecutionRuntime runtime = UnawaitedStartTest.runtime(store, (origin, task, report) -> offered.add(task));

    private String start() throws Exception {
        UnawaitedStartTest.start(runtime);
        return offered.get(0).taskId();
    }

    @Test
    void aRequestsSignalsAreSteppedOnItsOwnVirtualThread() throws Exception {
        String taskId = start();
        AtomicReference<Thread> requestThread = new AtomicReference<>();
        CompletableFuture<List<Boolean>> verdicts = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            requestThread.set(Thread.currentThread());
            try {
                verdicts.complete(List.of(
                        runtime.deliverStart(ARN, new Signal.TaskStarted(taskId, "worker")).get(),
                        runtime.deliverAwaited(ARN, new Signal.TaskSucceeded(taskId, Json.object(), true)).get()));
            } catch (Exception e) {
                verdicts.completeExceptionally(e);
            }
        });

        assertThat(verdicts.get()).containsExactly(true, true);
        assertThat(store.appendThreads).as("the start's queued append and the answer's append")
                .containsExactly(requestThread.get(), requestThread.get());
        assertThat(types()).isEqualTo(UnawaitedStartTest.AWS_HISTORY);
        runtime.close();
    }

    @Test
    void aCallerOnAPlatformThreadHasItSteppedOnAWorker() throws Exception {
        String taskId = start();
        assertThat(runtime.deliverAwaited(ARN, new Signal.TaskStarted(taskId, "worker")).get()).isTrue();
        assertThat(store.appendThreads).singleElement().satisfies(t -> {
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(t.isVirtual()).isTrue();
        });
        runtime.close();
    }

    @Test
    void aSignalDeliveredWhileAnotherIsSteppedWaitsItsTurnOnTheThreadAtIt() throws Exception {
        String taskId = start();
        store.close();
        CompletableFuture<Boolean> started = runtime.deliver(ARN, new Signal.TaskStarted(taskId, "worker"));
        store.awaitAppendAtGate(); // a worker is stepping the start, held before its append

        CompletableFuture<CompletableFuture<Boolean>> answered = new CompletableFuture<>();
        Thread request = Thread.ofVirtual().start(() -> answered.complete(
                runtime.deliverAwaited(ARN, new Signal.TaskSucceeded(taskId, Json.object(), true))));
        request.join(); // it returned without stepping: the worker holds the execution
        assertThat(answered.get()).isNotDone();

        store.open();
        assertThat(started.get()).isTrue();
        assertThat(answered.get().get()).isTrue();
        assertThat(store.appendThreads).as("both stepped by the worker, in order").hasSize(2)
                .doesNotContain(request).allSatisfy(t -> assertThat(t).isSameAs(store.appendThreads.get(0)));
        assertThat(types()).isEqualTo(UnawaitedStartTest.AWS_HISTORY);
        runtime.close();
    }

    private List<String> types() {
        ExecutionRecord e = store.execution(ARN).orElseThrow();
        return store.history(e.id(), 0, 100, false).stream().map(ev -> ev.path("type").asText()).toList();
    }
}
