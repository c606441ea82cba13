package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * WaitForAction steps waiting for SendWorkflowStepAction. The answer is durable first (its row in
 * {@link ExecutionRecords}, written before the caller hears back), then handed to the waiting task
 * through memory; a task that starts waiting (again, after a restart) reads the row before it
 * waits, and registers before it reads, so an answer is never missed.
 */
public final class WaitingSteps {
    private final ExecutionRecords records;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    public WaitingSteps(ExecutionRecords records) {
        this.records = records;
    }

    /** Waits until the step is answered and returns the answer ({@code action}, {@code reason}). */
    JsonNode await(String region, String account, String stepExecutionId) throws InterruptedException {
        CompletableFuture<JsonNode> answer = waiting.computeIfAbsent(stepExecutionId, k -> new CompletableFuture<>());
        try {
            JsonNode stored = records.answer(region, account, stepExecutionId).orElse(null);
            if (stored != null) {
                return stored;
            }
            return answer.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the answer of " + stepExecutionId + " failed", e.getCause());
        } finally {
            waiting.remove(stepExecutionId, answer);
        }
    }

    /** Hands a durable answer to the step's task, if it waits in this process. */
    public void answered(String stepExecutionId, JsonNode answer) {
        CompletableFuture<JsonNode> f = waiting.get(stepExecutionId);
        if (f != null) {
            f.complete(answer);
        }
    }
}
