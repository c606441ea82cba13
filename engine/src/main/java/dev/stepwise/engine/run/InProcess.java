package dev.stepwise.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.SimulatedTime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.MemoryLog;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs executions in process ({@code stepwise run}, {@code stepwise test}, the engine's tests) on
 * the runtime the server runs them on, over an execution log in memory. On real time, timers
 * fire when the wall clock reaches them. On simulated time, the clock stands still while anything
 * can happen and jumps to the next timer when nothing can, so an hour's Wait takes no time; tasks
 * must then be answered by dispatchers that answer at once (mocks, test scripts).
 */
public final class InProcess implements AutoCloseable {
    private final MemoryLog log = new MemoryLog();
    private final SimulatedTime time;
    private final ExecutionRuntime runtime;

    private InProcess(SimulatedTime time, TaskDispatcher tasks, Consumer<ExecutionRuntime.Builder> setup) {
        this.time = time;
        ExecutionRuntime.Builder builder = ExecutionRuntime.builder(log, tasks);
        if (time != null) {
            builder.time(time);
        }
        setup.accept(builder);
        this.runtime = builder.build();
    }

    /** Runs on simulated time starting at {@code start}; {@code setup} adjusts the runtime (wait scale, seeds). */
    public static InProcess simulated(Instant start, TaskDispatcher tasks, Consumer<ExecutionRuntime.Builder> setup) {
        return new InProcess(new SimulatedTime(new ManualClock(start)), tasks, setup);
    }

    /** Runs on the system clock; {@code setup} adjusts the runtime (wait scale). */
    public static InProcess realTime(TaskDispatcher tasks, Consumer<ExecutionRuntime.Builder> setup) {
        return new InProcess(null, tasks, setup);
    }

    /** How an execution ended: its record and its history, as GetExecutionHistory shows it. */
    public record Finished(ExecutionRecord record, List<ObjectNode> history) {

        public ExecutionStatus status() {
            return ExecutionStatus.valueOf(record.status());
        }

        /** The output of a succeeded execution; null otherwise. */
        public JsonNode output() {
            try {
                return record.output() == null ? null : Json.parse(record.output());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored output is not JSON", e);
            }
        }

        public String error() {
            return record.error();
        }

        public String cause() {
            return record.cause();
        }
    }

    /**
     * Starts an execution (of {@code mockTestCase}'s, or null) and runs it to its end. An execution
     * left waiting for what will never come (no timer pending, nothing to happen: a task nobody
     * answers) is an error on simulated time; on real time it is waited for.
     */
    public Finished run(ExecutionRuntime.StartRequest request, String mockTestCase) throws InterruptedException {
        String arn = request.executionArn();
        runtime.start(request, mockTestCase);
        if (time == null) {
            try {
                runtime.closed(arn).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the execution " + arn + " did not end", e.getCause());
            }
        } else {
            while (true) {
                runtime.awaitQuiet();
                if (!runtime.isOpen(arn)) {
                    break;
                }
                if (!time.advanceToNext()) {
                    throw new IllegalStateException("the execution " + arn + " waits for something that will never "
                            + "happen in this run (no timer is pending and no task is being answered)");
                }
            }
        }
        ExecutionRecord end = log.execution(arn).orElseThrow();
        return new Finished(end, log.history(end.id(), 0, Integer.MAX_VALUE, false));
    }

    /** The runtime (to deliver signals into a run from a test). */
    public ExecutionRuntime runtime() {
        return runtime;
    }

    /** The clock's time (simulated) or the wall clock's. */
    public Instant now() {
        return time != null ? time.clock().instant() : Instant.now();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
