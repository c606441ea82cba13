package dev.stepwise.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.MemoryLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Idle executions leave memory: an open execution that has not stepped for a while is unloaded,
 * its snapshot in the store standing for it, and its next signal (a task's answer, a timer) loads
 * it again and it carries on exactly as if it had stayed.
 */
class UnloadIdleTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e";
    private static final String DEFINITION = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a",
                       "ResultPath": "$.work", "Next": "Nap"},
              "Nap": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
              "Done": {"Type": "Pass", "Result": "done", "ResultPath": "$.end", "End": true}}}""";

    /** Runs the definition to its end; unloads every idle execution whenever the run waits, when {@code unload}. */
    private static List<ObjectNode> run(boolean unload) throws Exception {
        SimulatedTime time = new SimulatedTime(new ManualClock(START));
        MemoryLog log = new MemoryLog();
        List<Command.StartTask> tasks = new ArrayList<>();
        TaskDispatcher worker = (origin, task, report) -> {
            tasks.add(task);
            report.accept(new Signal.TaskStarted(task.taskId(), "w"));
        };
        try (ExecutionRuntime runtime = ExecutionRuntime.builder(log, worker).time(time).seeds(() -> 42).build()) {
            runtime.start(new ExecutionRuntime.StartRequest(ARN, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                    "m", "STANDARD", DefinitionParser.parse(DEFINITION).machine(), DEFINITION,
                    "arn:aws:iam::123456789012:role/r", Json.parse("{\"n\":1}"), "{\"n\":1}", null, null, null, null));
            runtime.awaitQuiet();
            Consumer<String> idle = when -> {
                if (unload) {
                    assertThat(runtime.unloadIdle(Duration.ZERO)).as(when).isEqualTo(1);
                    assertThat(runtime.loadedCount()).as(when).isZero();
                }
            };
            idle.accept("waiting on the task");
            runtime.deliver(ARN, new Signal.TaskSucceeded(tasks.get(0).taskId(), Json.object().put("ok", true))).get();
            runtime.awaitQuiet();
            assertThat(runtime.loadedCount()).isEqualTo(1);
            idle.accept("waiting on the hour's Wait");
            assertThat(time.advanceToNext()).isTrue();
            runtime.awaitQuiet();
            assertThat(runtime.isOpen(ARN)).isFalse();
        }
        ExecutionRecord end = log.execution(ARN).orElseThrow();
        assertThat(end.status()).isEqualTo("SUCCEEDED");
        assertThat(end.output()).isEqualTo("{\"n\":1,\"work\":{\"ok\":true},\"end\":\"done\"}");
        return log.history(end.id(), 0, 100, false);
    }

    @Test
    void anUnloadedExecutionCarriesOnAsIfItHadStayed() throws Exception {
        assertThat(run(true)).isEqualTo(run(false));
    }

    @Test
    void anExecutionThatSteppedRecentlyStays() throws Exception {
        SimulatedTime time = new SimulatedTime(new ManualClock(START));
        TaskDispatcher worker = (origin, task, report) -> report.accept(new Signal.TaskStarted(task.taskId(), "w"));
        try (ExecutionRuntime runtime = ExecutionRuntime.builder(new MemoryLog(), worker).time(time).build()) {
            runtime.start(new ExecutionRuntime.StartRequest(ARN, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                    "m", "STANDARD", DefinitionParser.parse(DEFINITION).machine(), DEFINITION,
                    "arn:aws:iam::123456789012:role/r", Json.parse("{}"), "{}", null, null, null, null));
            runtime.awaitQuiet();
            assertThat(runtime.unloadIdle(Duration.ofMinutes(5))).isZero();
            time.advanceTo(START.plus(Duration.ofMinutes(6)));
            assertThat(runtime.unloadIdle(Duration.ofMinutes(5))).isEqualTo(1);
        }
    }
}
