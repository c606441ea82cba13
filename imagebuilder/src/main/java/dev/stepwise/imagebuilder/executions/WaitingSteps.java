package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.runtime.Cluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * WaitForAction steps waiting for SendWorkflowStepAction. The answer is durable first (its row in
 * {@link ExecutionRecords}, written before the caller hears back), then handed to the waiting task
 * through memory, and, in a cluster, announced to every node ({@link #TOPIC}), since the step waits
 * on the node that runs its build, whichever node took the answer; a node that hears it reads the
 * row. A task that starts waiting (again, after a restart or a takeover) reads the row before it
 * waits, and registers before it reads, so an answer is never missed; it also reads it again every
 * {@link #RECHECK}, in case an announcement was lost.
 */
public final class WaitingSteps {
    /** The announcements' topic: the step (its id) was answered. */
    public static final String TOPIC = "imagebuilder-step-answered";
    /** How often a waiting step reads its row again (an answer whose announcement was lost). */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final ExecutionRecords records;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private volatile Consumer<String> announce = stepExecutionId -> { };

    /** A step waiting here: where its row is, and the answer it is handed. */
    private record Waiter(String region, String account, CompletableFuture<JsonNode> answer) {}

    public WaitingSteps(ExecutionRecords records) {
        this.records = records;
    }

    /**
     * Takes part in {@code cluster}: answers taken here are announced to the other nodes, and
     * answers announced by them reach the steps waiting here. Call before the cluster is joined.
     */
    public void shareWith(Cluster cluster) {
        cluster.onAnnouncement(TOPIC, this::heard);
        announce = stepExecutionId -> cluster.announce(TOPIC, stepExecutionId);
    }

    /** Waits until the step is answered and returns the answer ({@code action}, {@code reason}). */
    JsonNode await(String region, String account, String stepExecutionId) throws InterruptedException {
        Waiter waiter = waiting.computeIfAbsent(stepExecutionId,
                k -> new Waiter(region, account, new CompletableFuture<>()));
        try {
            while (true) {
                JsonNode stored = records.answer(region, account, stepExecutionId).orElse(null);
                if (stored != null) {
                    return stored;
                }
                try {
                    return waiter.answer().get(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException recheck) {
                    // read the row again
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the answer of " + stepExecutionId + " failed", e.getCause());
        } finally {
            waiting.remove(stepExecutionId, waiter);
        }
    }

    /** Hands a durable answer to the step's task, if it waits in this process, and tells the other nodes. */
    public void answered(String stepExecutionId, JsonNode answer) {
        Waiter w = waiting.get(stepExecutionId);
        if (w != null) {
            w.answer().complete(answer);
        }
        announce.accept(stepExecutionId);
    }

    /** Another node took an answer (null: answers may have been missed): the steps waiting here read theirs. */
    private void heard(String stepExecutionId) {
        if (stepExecutionId == null) {
            waiting.keySet().forEach(this::readAnswer);
        } else {
            readAnswer(stepExecutionId);
        }
    }

    private void readAnswer(String stepExecutionId) {
        Waiter w = waiting.get(stepExecutionId);
        if (w != null) {
            records.answer(w.region(), w.account(), stepExecutionId).ifPresent(w.answer()::complete);
        }
    }
}
