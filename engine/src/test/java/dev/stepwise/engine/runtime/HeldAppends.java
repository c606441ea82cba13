package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.MemoryLog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Snapshot;
import dev.stepwise.engine.store.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A log in memory whose queued appends wait uncommitted: the next append commits them first, in
 * the order they were queued (as the group-commit writer does); {@link #dropHeld} loses them as a
 * crash would, {@link #failHeld} refuses them as a failing database would.
 */
final class HeldAppends implements ExecutionLog {
    private record Held(long executionId, long version, StepRecord step, CompletableFuture<Void> done) {}

    private final MemoryLog log = new MemoryLog();
    private final List<Held> held = new ArrayList<>();
    /** The thread of each append, queued or not, in order. */
    final List<Thread> appendThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.concurrent.CountDownLatch gate;
    private final java.util.concurrent.Semaphore atGate = new java.util.concurrent.Semaphore(0);

    /** Appends wait from now on until {@link #open} (the first waits before it records its thread). */
    void close() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    /** Waits until an append waits at the closed gate. */
    void awaitAppendAtGate() throws InterruptedException {
        atGate.acquire();
    }

    private void pass() {
        java.util.concurrent.CountDownLatch g = gate;
        if (g != null && g.getCount() > 0) {
            atGate.release();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        appendThreads.add(Thread.currentThread());
    }

    synchronized int held() {
        return held.size();
    }

    synchronized void dropHeld() {
        held.clear();
    }

    synchronized void failHeld(RuntimeException failure) {
        List<Held> failed = List.copyOf(held);
        held.clear();
        failed.forEach(h -> h.done().completeExceptionally(failure));
    }

    private synchronized void commitHeld() {
        for (Held h : held) {
            try {
                log.append(h.executionId(), h.version(), h.step());
                h.done().complete(null);
            } catch (RuntimeException e) {
                h.done().completeExceptionally(e);
            }
        }
        held.clear();
    }

    @Override
    public CompletableFuture<Void> appendQueued(long executionId, long expectedVersion, StepRecord step) {
        pass();
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            held.add(new Held(executionId, expectedVersion, step, done));
        }
        return done;
    }

    @Override
    public void append(long executionId, long expectedVersion, StepRecord step) {
        pass();
        synchronized (this) {
            commitHeld();
            log.append(executionId, expectedVersion, step);
        }
    }

    @Override
    public synchronized ExecutionRecord create(ExecutionIdentity identity, String owner, StepRecord first) {
        commitHeld();
        return log.create(identity, owner, first);
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return log.execution(arn);
    }

    @Override
    public List<ExecutionRecord> openExecutions() {
        return log.openExecutions();
    }

    @Override
    public Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit) {
        return log.listExecutions(filter, after, limit);
    }

    @Override
    public List<ObjectNode> history(long executionId, long afterEventId, int limit, boolean reverse) {
        return log.history(executionId, afterEventId, limit, reverse);
    }

    @Override
    public Optional<Snapshot> snapshot(long executionId) {
        return log.snapshot(executionId);
    }

    @Override
    public List<StepRecord> steps(long executionId) {
        return log.steps(executionId);
    }

    @Override
    public Map<String, Long> statusCounts(String mapRunArn) {
        return log.statusCounts(mapRunArn);
    }

    @Override
    public int deleteClosedBefore(Instant cutoff, int limit) {
        return log.deleteClosedBefore(cutoff, limit);
    }
}
