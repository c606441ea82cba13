package dev.stepwise.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The execution log in memory, for runs in process that keep nothing ({@code stepwise run},
 * {@code stepwise test}, the engine's tests): the same contract as the databases' (it runs the
 * execution log's contract suite), nothing durable, no read models. Every method holds the log's
 * lock: runs in process are small.
 */
public final class MemoryLog implements ExecutionLog {
    private final Map<Long, Row> executions = new LinkedHashMap<>();
    private final Map<String, Long> byArn = new HashMap<>();
    private long nextId = 1;

    /** An execution with its history (chunks by first event id), steps and snapshot. */
    private static final class Row {
        ExecutionRecord record;
        final NavigableMap<Long, byte[]> chunks = new TreeMap<>();
        final List<StepRecord> steps = new ArrayList<>();
        Snapshot snapshot;

        Row(ExecutionRecord record) {
            this.record = record;
        }
    }

    @Override
    public synchronized ExecutionRecord create(ExecutionIdentity identity, String owner, StepRecord first) {
        if (byArn.containsKey(identity.arn())) {
            throw new StoreConflictException("execution " + identity.arn() + " exists");
        }
        applyProjections(first.projections());
        ExecutionRecord record = new ExecutionRecord(nextId++, 1, owner, ExecutionRecord.SIGNED_TOKENS, identity,
                first.update());
        Row row = new Row(record);
        add(row, first);
        executions.put(record.id(), row);
        byArn.put(identity.arn(), record.id());
        return record;
    }

    @Override
    public synchronized void append(long executionId, long expectedVersion, StepRecord step) {
        Row row = executions.get(executionId);
        if (row == null || row.record.version() != expectedVersion) {
            throw new StoreConflictException("execution " + executionId + " is not at version " + expectedVersion);
        }
        applyProjections(step.projections());
        ExecutionRecord r = row.record;
        row.record = new ExecutionRecord(r.id(), r.version() + 1, r.owner(), r.tokenFormat(), r.identity(),
                step.update());
        add(row, step);
    }

    private static void add(Row row, StepRecord step) {
        if (step.events() != null) {
            row.chunks.put(step.firstEventId(), step.events());
        }
        if (step.signal() != null) {
            row.steps.add(new StepRecord(step.seq(), step.at(), step.signal(), 0, 0, null, null, null, List.of()));
        }
        row.snapshot = step.snapshot();
    }

    /** A run in process has no face to read its read models: a step that carries some is a wiring mistake. */
    private static void applyProjections(List<ResourceChange> changes) {
        if (!changes.isEmpty()) {
            throw new IllegalStateException("an execution log in memory keeps no read models");
        }
    }

    @Override
    public synchronized Optional<ExecutionRecord> execution(String arn) {
        Long id = byArn.get(arn);
        return id == null ? Optional.empty() : Optional.of(executions.get(id).record);
    }

    @Override
    public synchronized List<ExecutionRecord> openExecutions() {
        return executions.values().stream().map(r -> r.record).filter(r -> "RUNNING".equals(r.status())).toList();
    }

    @Override
    public synchronized Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit) {
        Comparator<ExecutionRecord> newestFirst = Comparator.comparing(ExecutionRecord::start)
                .thenComparingLong(ExecutionRecord::id).reversed();
        List<ExecutionRecord> matching = executions.values().stream().map(r -> r.record)
                .filter(filter::matches)
                .filter(r -> after == null || isAfter(r, after))
                .sorted(newestFirst).toList();
        List<ExecutionSummary> items = new ArrayList<>();
        for (ExecutionRecord r : matching.subList(0, Math.min(limit, matching.size()))) {
            items.add(new ExecutionSummary(r.id(), r.arn(), r.stateMachineArn(), r.name(), r.status(), r.start(),
                    r.stop(), r.versionArn(), r.aliasArn(), r.mapRunArn(), r.redriveCount()));
        }
        String next = null;
        if (matching.size() > limit) {
            ExecutionSummary last = items.get(limit - 1);
            next = last.start().toEpochMilli() + ":" + last.id();
        }
        return new Page<>(items, next);
    }

    /** Whether {@code r} comes after the page key "startMillis:id" in newest-first order. */
    private static boolean isAfter(ExecutionRecord r, String after) {
        String[] parts = after.split(":");
        long start = Long.parseLong(parts[0]);
        long id = Long.parseLong(parts[1]);
        long rs = r.start().toEpochMilli();
        return rs < start || (rs == start && r.id() < id);
    }

    @Override
    public synchronized List<ObjectNode> history(long executionId, long afterEventId, int limit, boolean reverse) {
        Row row = executions.get(executionId);
        List<ObjectNode> all = new ArrayList<>();
        if (row != null) {
            for (byte[] chunk : row.chunks.values()) {
                try {
                    for (JsonNode e : Json.MAPPER.readTree(chunk)) {
                        all.add((ObjectNode) e);
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("a history chunk is not JSON", e);
                }
            }
        }
        List<ObjectNode> page = new ArrayList<>();
        for (int i = 0; i < all.size() && page.size() < limit; i++) {
            ObjectNode e = all.get(reverse ? all.size() - 1 - i : i);
            long id = e.get("id").asLong();
            if (reverse ? id < afterEventId : id > afterEventId) {
                page.add(e);
            }
        }
        return page;
    }

    @Override
    public synchronized Optional<Snapshot> snapshot(long executionId) {
        Row row = executions.get(executionId);
        return row == null ? Optional.empty() : Optional.ofNullable(row.snapshot);
    }

    @Override
    public synchronized List<StepRecord> steps(long executionId) {
        Row row = executions.get(executionId);
        return row == null ? List.of() : List.copyOf(row.steps);
    }

    @Override
    public synchronized Map<String, Long> statusCounts(String mapRunArn) {
        Map<String, Long> counts = new HashMap<>();
        for (Row row : executions.values()) {
            if (mapRunArn.equals(row.record.mapRunArn())) {
                counts.merge(row.record.status(), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public synchronized int deleteClosedBefore(Instant cutoff, int limit) {
        List<Row> expired = executions.values().stream()
                .filter(r -> !"RUNNING".equals(r.record.status()) && r.record.stop().isBefore(cutoff))
                .sorted(Comparator.comparing(r -> r.record.stop())).limit(limit).toList();
        for (Row row : expired) {
            executions.remove(row.record.id());
            byArn.remove(row.record.arn());
        }
        return expired.size();
    }
}
