package dev.stepwise.bench;

import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.store.StepRecord;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process state transitions per second: whole executions run by the interpreter on simulated
 * time, each operation being one state entered (the score is transitions per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransitionsBenchmark {
    private static final String PASS_CHAIN = passChain(10);
    private static final int CHOICE_LOOP_ROUNDS = 100;
    private static final String CHOICE_LOOP = """
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [
                 {"Variable": "$.i", "NumericLessThan": %d, "Next": "Increment"}], "Default": "Done"},
              "Increment": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
              "Done": {"Type": "Succeed"}}}""".formatted(CHOICE_LOOP_ROUNDS);
    private static final String MAP_1000 = """
            {"StartAt": "Items", "States": {
              "Items": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(1, 1000, 1)"}, "Next": "Each"},
              "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                "ItemProcessor": {"StartAt": "Double", "States": {
                  "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": true}}},
                "End": true}}}""";
    private static final String INTRINSICS = """
            {"StartAt": "Build", "States": {
              "Build": {"Type": "Pass", "Parameters": {
                "greeting.$": "States.Format('Hello {} from {}', $.name, $.city)",
                "parts.$": "States.StringSplit($.csv, ',')",
                "hash.$": "States.Hash($.name, 'SHA-256')",
                "sum.$": "States.MathAdd($.a, $.b)",
                "json.$": "States.JsonToString($.nested)",
                "first.$": "States.ArrayGetItem(States.Array($.a, $.b), 0)"},
                "End": true}}}""";
    private static final String INTRINSICS_INPUT =
            "{\"name\":\"Ada\",\"city\":\"London\",\"csv\":\"a,b,c,d\",\"a\":1,\"b\":2,\"nested\":{\"k\":[1,2,3]}}";

    private StateMachine passChain;
    private StateMachine choiceLoop;
    private StateMachine map1000;
    private StateMachine intrinsics;
    private Interpreter interpreter;
    private long counter;

    @Setup
    public void setUp() {
        passChain = parse(PASS_CHAIN);
        choiceLoop = parse(CHOICE_LOOP);
        map1000 = parse(MAP_1000);
        intrinsics = parse(INTRINSICS);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        interpreter = new Interpreter(clock, RandomSource.seeded(1));
    }

    /** Ten Pass states in a row. */
    @Benchmark
    @OperationsPerInvocation(10)
    public Execution passChain10() {
        return run(passChain, "{\"a\":1}");
    }

    /**
     * Ten Pass states in a row, their history written as the server stores it (the JSON array of
     * one step's events): what a StartExecution of such a chain costs the engine.
     */
    @Benchmark
    @OperationsPerInvocation(10)
    public StepRecord passChain10Recorded() {
        String name = "e" + counter++;
        Execution execution = new Execution(info(name, "{\"a\":1}"), passChain);
        Interpreter.StepResult step = interpreter.start(execution);
        return StepRecord.of(Instant.EPOCH, step.events(), null, null, java.util.List.of());
    }

    /** A Choice loop: Init, then 100 rounds of Check + Increment, then the last Check and Done. */
    @Benchmark
    @OperationsPerInvocation(1 + 2 * CHOICE_LOOP_ROUNDS + 2)
    public Execution choiceLoop100() {
        return run(choiceLoop, "{}");
    }

    /** A Map over 1,000 items: the Pass that builds them, the Map and one Pass per item. */
    @Benchmark
    @OperationsPerInvocation(1002)
    public Execution map1000() {
        return run(map1000, "{}");
    }

    /** One Pass state whose Parameters call eight intrinsic functions. */
    @Benchmark
    public Execution intrinsicParameters() {
        return run(intrinsics, INTRINSICS_INPUT);
    }

    private static ExecutionInfo info(String name, String input) {
        return new ExecutionInfo(Arns.execution("us-east-1", "123456789012", "bench", name), name,
                Arns.stateMachine("us-east-1", "123456789012", "bench"), "bench", "arn:aws:iam::123456789012:role/r",
                Instant.EPOCH, Payload.of(parseJson(input), input), null, null, 0);
    }

    private Execution run(StateMachine machine, String input) {
        String name = "e" + counter++;
        Execution execution = new Execution(info(name, input), machine);
        interpreter.start(execution);
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("benchmark execution ended " + execution.status() + ": " + execution.cause());
        }
        return execution;
    }

    private static StateMachine parse(String definition) {
        ParsedDefinition parsed = DefinitionParser.parse(definition);
        if (!parsed.ok()) {
            throw new IllegalStateException(parsed.diagnostics().toString());
        }
        return parsed.machine();
    }

    private static com.fasterxml.jackson.databind.JsonNode parseJson(String text) {
        try {
            return Json.parse(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String passChain(int n) {
        StringBuilder b = new StringBuilder("{\"StartAt\": \"S0\", \"States\": {");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append("\"S").append(i).append("\": {\"Type\": \"Pass\", ");
            b.append(i < n - 1 ? "\"Next\": \"S" + (i + 1) + "\"}" : "\"End\": true}");
        }
        return b.append("}}").toString();
    }
}
