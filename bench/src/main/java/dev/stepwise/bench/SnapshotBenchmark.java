package dev.stepwise.bench;

import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.ExecutionSnapshot;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.ManualClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recovery from data costs each step: writing the snapshot of an execution that waits (every
 * step of an open execution writes one), and reading it back (recovery and redrive). Shapes: a
 * task with a time-out, the common case; a Parallel of 10 branches each waiting on a task; an
 * inline Map of 100 items, half of them done, the rest waiting on tasks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnapshotBenchmark {
    private static final String TASK = "\"Type\": \"Task\", \"Resource\": \"arn:aws:states:us-east-1:123456789012:activity:work\"";

    @Param({"task", "parallel10", "map100"})
    public String shape;

    private Execution execution;
    private StateMachine machine;
    private byte[] snapshot;

    @Setup(Level.Trial)
    public void setUp() {
        String definition;
        String input;
        switch (shape) {
            case "task" -> {
                definition = "{\"StartAt\": \"Work\", \"States\": {\"Work\": {" + TASK
                        + ", \"TimeoutSeconds\": 60, \"ResultPath\": \"$.r\", \"End\": true}}}";
                input = "{\"order\": {\"id\": \"o-1\", \"lines\": [1, 2, 3], \"customer\": \"Ada\"}}";
            }
            case "parallel10" -> {
                StringBuilder branches = new StringBuilder();
                for (int i = 0; i < 10; i++) {
                    branches.append(i == 0 ? "" : ",").append("{\"StartAt\": \"W").append(i)
                            .append("\", \"States\": {\"W").append(i).append("\": {").append(TASK)
                            .append(", \"End\": true}}}");
                }
                definition = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Parallel\", \"End\": true, "
                        + "\"Branches\": [" + branches + "]}}}";
                input = "{\"n\": 1}";
            }
            case "map100" -> {
                definition = "{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\", \"ItemsPath\": \"$.items\","
                        + " \"End\": true, \"ItemProcessor\": {\"StartAt\": \"W\", \"States\": {\"W\": {" + TASK
                        + ", \"End\": true}}}}}}";
                StringBuilder items = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    items.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"sku\": \"sku-")
                            .append(i).append("\"}");
                }
                input = "{\"items\": [" + items + "]}";
            }
            default -> throw new IllegalArgumentException(shape);
        }
        dev.stepwise.asl.parse.ParsedDefinition parsed = DefinitionParser.parse(definition);
        if (!parsed.ok()) {
            throw new IllegalStateException(shape + ": " + parsed.diagnostics());
        }
        machine = parsed.machine();
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        Interpreter interpreter = new Interpreter(clock, RandomSource.seeded(1));
        ExecutionInfo info = info(input);
        execution = new Execution(info, machine);
        Interpreter.StepResult started = interpreter.start(execution);
        int answered = 0;
        for (Command c : started.commands()) {
            if (c instanceof Command.StartTask t && "map100".equals(shape) && answered++ % 2 == 0) {
                interpreter.signal(execution, new Signal.TaskSucceeded(t.taskId(),
                        dev.stepwise.asl.json.Json.object().put("done", true)));
            }
        }
        execution.discardHistory();
        snapshot = ExecutionSnapshot.write(execution);
        System.out.printf("%n%s: snapshot of %,d bytes%n", shape, snapshot.length);
    }

    private static ExecutionInfo info(String input) {
        String machineArn = Arns.stateMachine("us-east-1", "123456789012", "bench");
        try {
            return new ExecutionInfo(Arns.execution("us-east-1", "123456789012", "bench", "e"), "e", machineArn,
                    "bench", "arn:aws:iam::123456789012:role/bench", Instant.parse("2026-01-01T00:00:00Z"),
                    Payload.of(dev.stepwise.asl.json.Json.parse(input), input), null, null, 0);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public byte[] write() {
        return ExecutionSnapshot.write(execution);
    }

    @Benchmark
    public Execution read() {
        return ExecutionSnapshot.read(execution.info(), machine, snapshot);
    }
}
