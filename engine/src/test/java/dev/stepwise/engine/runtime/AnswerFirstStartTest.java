package dev.stepwise.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.MemoryLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * StartExecution answers before its execution's first step is carried out
 * ({@link ExecutionRuntime#start(ExecutionRuntime.StartRequest, String, Consumer)}): the step is
 * durable when the start returns, its task is handed out once the caller has run the work it was
 * given, and a signal that races the answer (a StopExecution for the ARN it can already name) is
 * stepped only after that work, so the task it cancels is one that was handed out.
 */
class AnswerFirstStartTest {
    private static final String DEFINITION = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "End": true}}}""";

    /** The tasks the runtime handed out and cancelled, in order. */
    private static final class Tasks implements TaskDispatcher {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
            seen.add("dispatch " + task.taskId());
        }

        @Override
        public void cancel(String taskId) {
            seen.add("cancel " + taskId);
        }
    }

    @Test
    void theFirstStepIsDurableAtOnceAndCarriedOutByTheWorkGivenBackBeforeAnyLaterStep() throws Exception {
        MemoryLog store = new MemoryLog();
        Tasks tasks = new Tasks();
        try (ExecutionRuntime runtime = UnawaitedStartTest.runtime(store, tasks)) {
            Runnable[] afterAnswer = new Runnable[1];
            ExecutionRecord started = runtime.start(new ExecutionRuntime.StartRequest(UnawaitedStartTest.ARN, "e",
                    "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m", "STANDARD",
                    DefinitionParser.parse(DEFINITION).machine(), DEFINITION, "arn:aws:iam::123456789012:role/r",
                    Json.parse("{}"), "{}", null, null, null, null), null, work -> afterAnswer[0] = work);

            assertThat(store.execution(started.arn()).orElseThrow().status()).isEqualTo("RUNNING");
            assertThat(afterAnswer[0]).isNotNull();
            assertThat(tasks.seen).as("nothing handed out before the answer").isEmpty();

            // a stop racing the answer, from another thread: it waits for the first step's commands
            CompletableFuture<Boolean> stop = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> stop.complete(runtime.deliver(UnawaitedStartTest.ARN,
                    new Signal.Stop("Racing", "stopped before the start was answered")).join()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!runtime.stepWaits(UnawaitedStartTest.ARN) && !stop.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the stop waits for the execution, or is through
            }
            assertThat(runtime.stepWaits(UnawaitedStartTest.ARN))
                    .as("the execution's lock is held until the work given back has run").isTrue();
            assertThat(stop).isNotCompleted();
            assertThat(tasks.seen).isEmpty();
            afterAnswer[0].run();
            assertThat(stop.get(10, TimeUnit.SECONDS)).isTrue();

            assertThat(tasks.seen).hasSize(2);
            assertThat(tasks.seen.get(0)).startsWith("dispatch ");
            assertThat(tasks.seen.get(1)).isEqualTo("cancel " + tasks.seen.get(0).substring("dispatch ".length()));
            assertThat(store.execution(started.arn()).orElseThrow().status()).isEqualTo("ABORTED");
        }
    }
}
