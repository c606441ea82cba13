package dev.stepwise.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.Snapshot;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreConflictException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store in memory, for runs that keep nothing ({@code stepwise run}, {@code stepwise test}):
 * the same contract as the databases' (it runs the same contract suite), nothing durable. Every
 * method holds the store's lock: runs in process are small.
 */
public final class MemoryStore implements Store {
    private final Map<String, Resource> resources = new HashMap<>();
    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private final Map<String, byte[]> secrets = new HashMap<>();
    private final Map<Long, Row> executions = new LinkedHashMap<>();
    private final Map<String, Long> byArn = new HashMap<>();
    private long nextId = 1;
    private long writes;

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

    // ---- execution log

    @Override
    public synchronized ExecutionRecord create(ExecutionIdentity identity, String owner, StepRecord first) {
        if (byArn.containsKey(identity.arn()) || ("STANDARD".equals(identity.type())
                && executionByName(identity.stateMachineArn(), identity.name()).isPresent())) {
            throw new StoreConflictException("execution " + identity.arn() + " exists");
        }
        applyProjections(first.projections());
        ExecutionRecord record = new ExecutionRecord(nextId++, 1, owner, ExecutionRecord.SIGNED_TOKENS, identity,
                first.update());
        Row row = new Row(record);
        add(row, first);
        executions.put(record.id(), row);
        byArn.put(identity.arn(), record.id());
        writes++;
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
        writes++;
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

    private void applyProjections(List<ResourceChange> changes) {
        if (!changes.isEmpty()) {
            applyAll(changes);
        }
    }

    @Override
    public synchronized Optional<ExecutionRecord> execution(String arn) {
        Long id = byArn.get(arn);
        return id == null ? Optional.empty() : Optional.of(executions.get(id).record);
    }

    @Override
    public synchronized Optional<ExecutionRecord> executionByName(String stateMachineArn, String name) {
        return executions.values().stream().map(r -> r.record)
                .filter(r -> r.stateMachineArn().equals(stateMachineArn) && r.name().equals(name)
                        && "STANDARD".equals(r.type()))
                .findFirst();
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
                .filter(r -> filter.mapRunArn() != null ? filter.mapRunArn().equals(r.mapRunArn())
                        : filter.stateMachineArn().equals(r.stateMachineArn()))
                .filter(r -> filter.status() == null || filter.status().equals(r.status()))
                .filter(r -> filter.redriven() == null || filter.redriven() == (r.redriveCount() > 0))
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
            deleteChildren(row.record.arn());
        }
        writes++;
        return expired.size();
    }

    // ---- catalog

    @Override
    public synchronized Optional<Resource> resource(String arn) {
        return Optional.ofNullable(resources.get(arn));
    }

    @Override
    public synchronized Page<Resource> list(ResourceRange range, String afterKey, int limit) {
        Comparator<Resource> byKey = Comparator.comparing(Resource::key);
        List<Resource> matching = resources.values().stream()
                .filter(r -> r.account().equals(range.account()) && r.region().equals(range.region())
                        && r.type().equals(range.type()) && r.parent().equals(range.parent()))
                .filter(r -> afterKey == null || (range.reverse() ? r.key().compareTo(afterKey) < 0
                        : r.key().compareTo(afterKey) > 0))
                .sorted(range.reverse() ? byKey.reversed() : byKey).toList();
        List<Resource> items = new ArrayList<>(matching.subList(0, Math.min(limit, matching.size())));
        return new Page<>(items, matching.size() > limit ? items.get(limit - 1).key() : null);
    }

    @Override
    public synchronized void apply(List<ResourceChange> changes) {
        applyAll(changes);
        writes++;
    }

    /** Applies every change, or (a conflict) none: the changes are tried on a copy first. */
    private void applyAll(List<ResourceChange> changes) {
        Map<String, Resource> copy = new HashMap<>(resources);
        Map<String, Map<String, String>> tagsCopy = new HashMap<>(tags);
        for (ResourceChange change : changes) {
            switch (change) {
                case ResourceChange.Create c -> {
                    Resource r = c.resource();
                    if (copy.containsKey(r.arn()) || copy.values().stream().anyMatch(o -> sameKey(o, r))) {
                        throw new StoreConflictException("resource " + r.arn() + " or its key exists");
                    }
                    copy.put(r.arn(), withVersion(r, 1));
                }
                case ResourceChange.Update u -> {
                    Resource stored = copy.get(u.resource().arn());
                    if (stored == null || stored.version() != u.expectedVersion()) {
                        throw new StoreConflictException("resource " + u.resource().arn() + " is not at version "
                                + u.expectedVersion());
                    }
                    copy.put(stored.arn(), withVersion(stored.withBody(u.resource().body()), stored.version() + 1));
                }
                case ResourceChange.Upsert u -> {
                    Resource stored = copy.get(u.resource().arn());
                    copy.put(u.resource().arn(), stored == null ? withVersion(u.resource(), 1)
                            : withVersion(stored.withBody(u.resource().body()), stored.version() + 1));
                }
                case ResourceChange.Delete d -> delete(copy, tagsCopy, d.arn());
            }
        }
        resources.clear();
        resources.putAll(copy);
        tags.clear();
        tags.putAll(tagsCopy);
    }

    private static boolean sameKey(Resource a, Resource b) {
        return a.account().equals(b.account()) && a.region().equals(b.region()) && a.type().equals(b.type())
                && a.parent().equals(b.parent()) && a.key().equals(b.key());
    }

    private static Resource withVersion(Resource r, long version) {
        return new Resource(r.arn(), r.account(), r.region(), r.type(), r.parent(), r.key(), version, r.body());
    }

    private static void delete(Map<String, Resource> resources, Map<String, Map<String, String>> tags, String arn) {
        for (Resource child : List.copyOf(resources.values())) {
            if (child.parent().equals(arn)) {
                delete(resources, tags, child.arn());
            }
        }
        resources.remove(arn);
        tags.remove(arn);
    }

    private void deleteChildren(String parentArn) {
        for (Resource child : List.copyOf(resources.values())) {
            if (child.parent().equals(parentArn)) {
                delete(resources, tags, child.arn());
            }
        }
    }

    @Override
    public synchronized Map<String, String> tags(String arn) {
        return new TreeMap<>(tags.getOrDefault(arn, Map.of()));
    }

    @Override
    public synchronized void tag(String arn, Map<String, String> add) {
        tags.computeIfAbsent(arn, k -> new HashMap<>()).putAll(add);
        writes++;
    }

    @Override
    public synchronized void untag(String arn, Collection<String> keys) {
        Map<String, String> t = tags.get(arn);
        if (t != null) {
            keys.forEach(t::remove);
        }
        writes++;
    }

    @Override
    public synchronized byte[] secret(String name, int length) {
        return secrets.computeIfAbsent(name, n -> {
            byte[] key = new byte[length];
            new SecureRandom().nextBytes(key);
            return key;
        }).clone();
    }

    /** Nothing is committed: every write is its own "transaction". */
    @Override
    public synchronized StoreStats stats() {
        return new StoreStats(writes, writes);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
