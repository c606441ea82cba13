package dev.stepwise.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.server.StepwiseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;

/**
 * Stores a great many executions of one state machine quickly, for the console's benchmarks: each is
 * started on the server's own runtime as StartExecution starts it (the same identity, the same
 * interpreter run, the same {@code create} of the store with its first step), from many virtual
 * threads at once, so the store's single writer commits hundreds per transaction. Only StartExecution's
 * HTTP and request checks are left out (they would cost a million round trips). The state machine
 * must be STANDARD and end without waiting, so that every execution is closed once started.
 */
final class ManyExecutions {
    /** Executions started at once: enough to fill the writer's batches. */
    private static final int IN_FLIGHT = 1024;

    private ManyExecutions() {}

    /**
     * Starts {@code count} executions of {@code machine}, the i-th named {@code nameOf.apply(i)} with
     * the input {@code inputOf.apply(i)}, in order of i (roughly: IN_FLIGHT run at a time).
     */
    static void start(StepwiseServer server, DescribeStateMachineResponse machine, int count,
                      IntFunction<String> nameOf, IntFunction<String> inputOf) throws InterruptedException, ExecutionException {
        ParsedDefinition parsed = DefinitionParser.parse(machine.definition(), DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalArgumentException("the definition does not validate: " + parsed.diagnostics());
        }
        String prefix = machine.stateMachineArn().replace(":stateMachine:", ":execution:") + ":";
        ExecutionRuntime runtime = server.runtime();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < IN_FLIGHT; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String name = nameOf.apply(i);
                        String inputText = inputOf.apply(i);
                        JsonNode input = Json.parse(inputText);
                        runtime.start(new ExecutionRuntime.StartRequest(prefix + name, name,
                                machine.stateMachineArn(), machine.name(), "STANDARD", parsed.machine(),
                                machine.definition(), machine.roleArn(), input, inputText, null, null, null, null));
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
    }
}
