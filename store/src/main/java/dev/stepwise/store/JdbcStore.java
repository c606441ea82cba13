package dev.stepwise.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.Snapshot;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.store.StoreException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store on a JDBC database, SQL written out beside its bindings, in the subset of SQL that
 * SQLite and PostgreSQL share ({@link Dialect} holds the rest). Writes go through the
 * {@link GroupCommitWriter}; reads use a small pool of their own connections.
 */
public final class JdbcStore implements Store {
    // ---- the listing queries, each a keyset page read along an index (StructureTest checks their plans)
    /** A catalog range in key order: account, region, type, parent, the key after which to start, limit. */
    public static final String LIST_RESOURCES = "SELECT * FROM resource WHERE account = ? AND region = ? AND type = ? "
            + "AND parent = ? AND key > ? ORDER BY key LIMIT ?";
    /** A catalog range in reverse key order: account, region, type, parent, the key before which to start, limit. */
    public static final String LIST_RESOURCES_REVERSE = "SELECT * FROM resource WHERE account = ? AND region = ? "
            + "AND type = ? AND parent = ? AND key < ? ORDER BY key DESC LIMIT ?";
    /**
     * History chunks (one step's events each, contiguous) from the one holding event (after + 1)
     * on: a range of the primary key starting at that chunk's first event. Parameters: the
     * execution, the execution, the event id after which to start, the limit.
     */
    public static final String HISTORY_FORWARD = "SELECT events FROM history_chunk WHERE execution_id = ? "
            + "AND first_event_id >= COALESCE((SELECT MAX(first_event_id) FROM history_chunk "
            + "WHERE execution_id = ? AND first_event_id <= ? + 1), 0) ORDER BY first_event_id LIMIT ?";
    /** History chunks, newest first, from the one holding event (before - 1) back: execution, before, limit. */
    public static final String HISTORY_BACKWARD = "SELECT events FROM history_chunk WHERE execution_id = ? "
            + "AND first_event_id < ? ORDER BY first_event_id DESC LIMIT ?";

    private static final String EXECUTION_COLUMNS = "id, row_version, owner, token_format, arn, state_machine_arn, "
            + "name, type, start_ms, input, definition_hash, role_arn, seed, version_arn, alias_arn, map_run_arn, "
            + "parent_arn, mock_test_case, status, stop_ms, output, error, cause, next_event_id, redrive_count, "
            + "redrive_ms";
    /** The open executions, in no order: every row of the partial index execution_open_by_owner. */
    static final String OPEN_EXECUTIONS = "SELECT " + EXECUTION_COLUMNS + " FROM execution WHERE status = 'RUNNING'";

    /** An execution's row: 32 parameters (see create); ended with the dialect's returningId. */
    private static final String INSERT_EXECUTION = """
            INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, stop_ms, input, output,
                error, cause, definition_hash, role_arn, seed, version_arn, alias_arn, map_run_arn, parent_arn,
                redrive_count, redrive_ms, next_event_id, mock_test_case, owner, token_format, snapshot,
                snapshot_format, random_state, last_step_ms, machine_key, version_key, alias_key, map_run_key,
                row_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                1)""";
    /** A step's chunk of events: execution, first event id, last event id, the chunk. */
    private static final String INSERT_CHUNK =
            "INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events) VALUES (?, ?, ?, ?)";
    /**
     * Where statements are combined (see {@link Dialect#combinesStatements}): an execution's row and
     * its first chunk in one statement, which returns the row's id; the chunk's three parameters
     * follow the row's 32.
     */
    private static final String INSERT_EXECUTION_WITH_CHUNK = "WITH e AS (" + INSERT_EXECUTION + " RETURNING id) "
            + "INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events) "
            + "SELECT id, ?, ?, ? FROM e RETURNING execution_id";
    /** A step's change of its execution's row: 12 values, then the row's id and expected version. */
    private static final String UPDATE_EXECUTION = """
            UPDATE execution SET status = ?, stop_ms = ?, output = ?, error = ?, cause = ?, next_event_id = ?,
                redrive_count = ?, redrive_ms = ?, snapshot = ?, snapshot_format = ?, random_state = ?,
                last_step_ms = ?, row_version = row_version + 1
            WHERE id = ? AND row_version = ?""";
    /**
     * Where statements are combined: a step's change of the row and its chunk in one statement; it
     * inserts no chunk (and counts no row) when the row is not at the expected version. The chunk's
     * three parameters follow the update's 14.
     */
    private static final String UPDATE_EXECUTION_WITH_CHUNK = "WITH u AS (" + UPDATE_EXECUTION + " RETURNING id) "
            + "INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events) "
            + "SELECT id, ?, ?, ? FROM u";
    /**
     * As {@link #UPDATE_EXECUTION_WITH_CHUNK}, for a step that closes its execution on a shared
     * database: the same statement notifies {@link #CLOSED_CHANNEL} (at the commit), and only when
     * the row was at the expected version.
     */
    private static final String UPDATE_EXECUTION_WITH_CHUNK_CLOSING = UPDATE_EXECUTION_WITH_CHUNK
            + " CROSS JOIN LATERAL pg_notify('" + JdbcStore.CLOSED_CHANNEL + "', u.id::text)";

    private final Dialect dialect;
    private final GroupCommitWriter writer;
    private final Readers readers;
    /*
     * Resources are read on every StartExecution (the state machine), so they are cached. Every
     * write of a resource row through this store drops its entry after its commit; a read that raced
     * with a write (the write counter moved while it read) does not fill the cache.
     *
     * Where other nodes write the database too (PostgreSQL), each resource write also notifies
     * RESOURCE_CHANNEL when it commits, and the cache serves only while this node's cluster listens
     * to that channel (resourceNotificationsHeard): a notification drops the entry (and moves the
     * counter), a lost listening connection empties the cache and stops it serving until listening
     * again. A change made on another node is therefore seen here once its notification arrives,
     * milliseconds after its commit: Step Functions says as much of its own (executions started just
     * after UpdateStateMachine may use the previous definition). Entries of a shared database also
     * live SHARED_CACHE_LIFETIME at most, in case a listening connection died without a word.
     */
    private final Map<String, Resource> cache = new ConcurrentHashMap<>();
    private final AtomicLong resourceWrites = new AtomicLong();
    private final boolean soleWriter;
    /** Whether the cache serves: always for the sole writer; while notifications are heard otherwise. */
    private volatile boolean cacheServes;
    /** When the shared cache was last emptied for its entries' lifetime (System.nanoTime). */
    private volatile long cacheEmptiedNanos = System.nanoTime();
    private static final Duration SHARED_CACHE_LIFETIME = Duration.ofSeconds(30);
    /*
     * Definitions by key (execution_definition): immutable once stored, so a cached one is never
     * stale, whichever node wrote it. The most recently used few are kept.
     */
    private final Map<String, String> definitionCache = recentlyUsed(256);
    /*
     * Keys by definition text, of definitions this store has committed: a start of a machine
     * started before neither hashes its definition again nor looks for its row on the single
     * writer. Entered only after the commit (a rolled-back batch stored nothing); the rows are
     * never deleted, so an entry stays true.
     */
    private final Map<String, String> storedDefinitionKeys = recentlyUsed(256);
    /**
     * Each execution's last step appended without waiting ({@link #appendQueued}), until it is
     * committed: what a history read of the execution waits for.
     */
    private final Map<Long, CompletableFuture<Object>> queuedSteps = new ConcurrentHashMap<>();
    /** Opens a connection outside the pools (a cluster's LISTEN); null for the embedded store, which has no cluster. */
    private final GroupCommitWriter.ConnectionSource dedicated;

    JdbcStore(Dialect dialect, GroupCommitWriter writer, Readers readers, boolean soleWriter) {
        this(dialect, writer, readers, soleWriter, null);
    }

    JdbcStore(Dialect dialect, GroupCommitWriter writer, Readers readers, boolean soleWriter,
              GroupCommitWriter.ConnectionSource dedicated) {
        this.dialect = dialect;
        this.writer = writer;
        this.readers = readers;
        this.soleWriter = soleWriter;
        this.cacheServes = soleWriter;
        this.dedicated = dedicated;
    }

    // ---- catalog

    @Override
    public Optional<Resource> resource(String arn) {
        if (!soleWriter && cacheServes && System.nanoTime() - cacheEmptiedNanos > SHARED_CACHE_LIFETIME.toNanos()) {
            cacheEmptiedNanos = System.nanoTime();
            resourceWrites.incrementAndGet();
            cache.clear();
        }
        Resource cached = cacheServes ? cache.get(arn) : null;
        if (cached != null) {
            return Optional.of(cached);
        }
        long writes = resourceWrites.get();
        Optional<Resource> loaded = read(c -> {
            PreparedStatement p = c.prepare("SELECT * FROM resource WHERE arn = ?");
            p.setString(1, arn);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(resource(r)) : Optional.empty();
            }
        });
        if (loaded.isPresent() && cacheServes && resourceWrites.get() == writes) {
            cache.putIfAbsent(arn, loaded.get());
        }
        return loaded;
    }

    @Override
    public Page<Resource> list(ResourceRange range, String afterKey, int limit) {
        return read(c -> {
            PreparedStatement p = c.prepare(range.reverse() ? LIST_RESOURCES_REVERSE : LIST_RESOURCES);
            p.setString(1, range.account());
            p.setString(2, range.region());
            p.setString(3, range.type());
            p.setString(4, range.parent());
            // no key sorts after U+FFFF… in the reverse order's first page
            p.setString(5, afterKey != null ? afterKey : range.reverse() ? "\uffff" : "");
            p.setInt(6, limit + 1);
            List<Resource> items = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    items.add(resource(r));
                }
            }
            return Page.of(items, limit, Resource::key);
        });
    }

    @Override
    public void apply(List<ResourceChange> changes) {
        try {
            writer.write(c -> {
                applyChanges(c, changes);
                return null;
            });
        } finally {
            forget(changes);
        }
    }

    /** Drops the cache entries of changed resources (a Delete's children have no entries worth keeping: all go). */
    private void forget(List<ResourceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        resourceWrites.incrementAndGet();
        for (ResourceChange change : changes) {
            switch (change) {
                case ResourceChange.Create c -> cache.remove(c.resource().arn());
                case ResourceChange.Update u -> cache.remove(u.resource().arn());
                case ResourceChange.Upsert u -> cache.remove(u.resource().arn());
                case ResourceChange.Delete d -> cache.clear();
            }
        }
    }

    /**
     * The cluster's listener hears RESOURCE_CHANNEL ({@code heard}), or lost its connection: either
     * way what the cache holds may have missed a notification and goes; it serves again from now
     * when heard.
     */
    void resourceNotificationsHeard(boolean heard) {
        if (soleWriter) {
            return;
        }
        cacheServes = false;
        resourceWrites.incrementAndGet();
        cache.clear();
        cacheEmptiedNanos = System.nanoTime();
        cacheServes = heard;
    }

    /** Whether resources are served from the cache now (tests wait for a cluster's listener with it). */
    boolean resourceCacheServes() {
        return cacheServes;
    }

    /** A RESOURCE_CHANNEL notification: the resource whose ARN is the payload changed (all of them: empty). */
    void resourceChanged(String arn) {
        resourceWrites.incrementAndGet();
        if (arn.isEmpty()) {
            cache.clear();
        } else {
            cache.remove(arn);
        }
    }

    private void applyChanges(Statements c, List<ResourceChange> changes) throws SQLException {
        if (dedicated != null && !changes.isEmpty()) {
            // the other nodes' caches drop the entries when this commits: one statement for all the changes
            List<String> arns = new ArrayList<>(changes.size());
            for (ResourceChange change : changes) {
                arns.add(notifiedArn(change));
            }
            PreparedStatement p = c.prepare("SELECT pg_notify(?, arn) FROM unnest(?) AS arn");
            p.setString(1, RESOURCE_CHANNEL);
            p.setArray(2, c.connection().createArrayOf("text", arns.toArray()));
            p.execute();
        }
        for (ResourceChange change : changes) {
            switch (change) {
                case ResourceChange.Create create -> {
                    PreparedStatement p = c.prepare("INSERT INTO resource (arn, account, region, type, parent, key, "
                            + "row_version, body) VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
                    bindResource(p, create.resource());
                    p.executeUpdate();
                }
                case ResourceChange.Update update -> {
                    PreparedStatement p = c.prepare("UPDATE resource SET body = ?, row_version = row_version + 1 "
                            + "WHERE arn = ? AND row_version = ?");
                    p.setString(1, update.resource().body());
                    p.setString(2, update.resource().arn());
                    p.setLong(3, update.expectedVersion());
                    if (p.executeUpdate() != 1) {
                        throw new StoreConflictException("resource " + update.resource().arn()
                                + " is not at version " + update.expectedVersion());
                    }
                }
                case ResourceChange.Upsert upsert -> {
                    PreparedStatement p = c.prepare("INSERT INTO resource (arn, account, region, type, parent, key, "
                            + "row_version, body) VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (arn) DO UPDATE "
                            + "SET body = excluded.body, row_version = resource.row_version + 1");
                    bindResource(p, upsert.resource());
                    p.executeUpdate();
                }
                case ResourceChange.Delete delete -> deleteResource(c, delete.arn());
            }
        }
    }

    /** What RESOURCE_CHANNEL says of a change: its resource's ARN; empty for a Delete (its children go too). */
    private static String notifiedArn(ResourceChange change) {
        return switch (change) {
            case ResourceChange.Create c -> c.resource().arn();
            case ResourceChange.Update u -> u.resource().arn();
            case ResourceChange.Upsert u -> u.resource().arn();
            case ResourceChange.Delete d -> "";
        };
    }

    /** Deletes a resource, its tags and its children (and theirs). */
    private static void deleteResource(Statements c, String arn) throws SQLException {
        List<String> children = new ArrayList<>();
        PreparedStatement find = c.prepare("SELECT arn FROM resource WHERE parent = ?");
        find.setString(1, arn);
        try (ResultSet r = find.executeQuery()) {
            while (r.next()) {
                children.add(r.getString(1));
            }
        }
        for (String child : children) {
            deleteResource(c, child);
        }
        PreparedStatement p = c.prepare("DELETE FROM resource WHERE arn = ?");
        p.setString(1, arn);
        p.executeUpdate();
        PreparedStatement tags = c.prepare("DELETE FROM tag WHERE resource_arn = ?");
        tags.setString(1, arn);
        tags.executeUpdate();
    }

    private static void bindResource(PreparedStatement p, Resource r) throws SQLException {
        p.setString(1, r.arn());
        p.setString(2, r.account());
        p.setString(3, r.region());
        p.setString(4, r.type());
        p.setString(5, r.parent());
        p.setString(6, r.key());
        p.setString(7, r.body());
    }

    private static Resource resource(ResultSet r) throws SQLException {
        return new Resource(r.getString("arn"), r.getString("account"), r.getString("region"), r.getString("type"),
                r.getString("parent"), r.getString("key"), r.getLong("row_version"), r.getString("body"));
    }

    @Override
    public Map<String, String> tags(String arn) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT key, value FROM tag WHERE resource_arn = ? ORDER BY key");
            p.setString(1, arn);
            Map<String, String> tags = new LinkedHashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    tags.put(dialect.givenText(r.getString(1)), dialect.givenText(r.getString(2)));
                }
            }
            return tags;
        });
    }

    @Override
    public void tag(String arn, Map<String, String> tags) {
        writer.write(c -> {
            PreparedStatement p = c.prepare("INSERT INTO tag (resource_arn, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value");
            for (Map.Entry<String, String> t : tags.entrySet()) {
                p.setString(1, arn);
                p.setString(2, dialect.storedText(t.getKey()));
                p.setString(3, dialect.storedText(t.getValue()));
                p.addBatch();
            }
            p.executeBatch();
            return null;
        });
    }

    @Override
    public void untag(String arn, Collection<String> keys) {
        writer.write(c -> {
            PreparedStatement p = c.prepare("DELETE FROM tag WHERE resource_arn = ? AND key = ?");
            for (String key : keys) {
                p.setString(1, arn);
                p.setString(2, dialect.storedText(key));
                p.addBatch();
            }
            p.executeBatch();
            return null;
        });
    }

    @Override
    public byte[] secret(String name, int length) {
        byte[] candidate = new byte[length];
        new SecureRandom().nextBytes(candidate);
        // the first writer's value stands; every later call, on any node, reads it
        return writer.write(c -> {
            PreparedStatement insert = c.prepare("INSERT INTO secret (name, value) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO NOTHING");
            insert.setString(1, name);
            insert.setBytes(2, candidate);
            insert.executeUpdate();
            PreparedStatement select = c.prepare("SELECT value FROM secret WHERE name = ?");
            select.setString(1, name);
            try (ResultSet r = select.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        });
    }

    // ---- execution log

    @Override
    public ExecutionRecord create(ExecutionIdentity e, String owner, StepRecord first) {
        byte[] chunk = HistoryChunks.encode(first.events());
        String storedKey = storedDefinitionKeys.get(e.definition());
        String definitionKey = storedKey != null ? storedKey : definitionKey(e.definition());
        // hashed here, on the caller's thread, as the definition's key: not on the single writer's
        Long machineKey = OwnerKeys.of(e.stateMachineArn());
        Long versionKey = OwnerKeys.of(e.versionArn());
        Long aliasKey = OwnerKeys.of(e.aliasArn());
        Long mapRunKey = OwnerKeys.of(e.mapRunArn());
        ExecutionRecord created = writer.writeWithOutcome(c -> {
            long id;
            ExecutionUpdate u = first.update();
            if (storedKey == null) {
                // once per distinct definition: a key already stored (by another node) writes no page
                PreparedStatement d = c.prepare("INSERT INTO execution_definition (hash, body) VALUES (?, ?) "
                        + "ON CONFLICT (hash) DO NOTHING");
                d.setString(1, definitionKey);
                d.setString(2, e.definition());
                d.executeUpdate();
            }
            boolean combined = chunkJoinsRow(first, chunk);
            // a start whose statement is its last is queued: a batch of starts is one round trip
            boolean queued = combined && !hasSideWrites(first);
            PreparedStatement p = queued ? c.prepareToQueue(INSERT_EXECUTION_WITH_CHUNK, true)
                    : c.prepare(combined ? INSERT_EXECUTION_WITH_CHUNK : INSERT_EXECUTION + dialect.returningId());
            p.setString(1, e.arn());
            p.setString(2, e.stateMachineArn());
            p.setString(3, e.name());
            p.setString(4, e.type());
            p.setString(5, u.status());
            p.setLong(6, e.start().toEpochMilli());
            setInstant(p, 7, u.stop());
            p.setString(8, e.input());
            p.setString(9, u.output());
            p.setString(10, dialect.storedText(u.error()));
            p.setString(11, dialect.storedText(u.cause()));
            p.setString(12, definitionKey);
            p.setString(13, e.roleArn());
            p.setLong(14, e.seed());
            p.setString(15, e.versionArn());
            p.setString(16, e.aliasArn());
            p.setString(17, e.mapRunArn());
            p.setString(18, e.parentArn());
            p.setInt(19, u.redriveCount());
            setInstant(p, 20, u.redriveDate());
            p.setLong(21, u.nextEventId());
            p.setString(22, e.mockTestCase());
            p.setString(23, owner);
            p.setInt(24, ExecutionRecord.SIGNED_TOKENS);
            bindSnapshot(p, 25, first.snapshot());
            setLong(p, 29, machineKey);
            setLong(p, 30, versionKey);
            setLong(p, 31, aliasKey);
            setLong(p, 32, mapRunKey);
            definitionCache.put(definitionKey, e.definition());
            if (combined) {
                // the row and its first chunk in one statement: one round trip to the database, not two
                bindChunk(p, 33, first, chunk);
                if (queued) {
                    Statements.Queued run = c.queue(p, true);
                    return () -> new ExecutionRecord(run.key(), 1, owner, ExecutionRecord.SIGNED_TOKENS, e, u);
                }
                id = dialect.insertedId(c, p);
                stepSideWrites(c, id, first);
            } else {
                id = dialect.insertedId(c, p);
                insertStep(c, id, first, chunk);
            }
            ExecutionRecord record = new ExecutionRecord(id, 1, owner, ExecutionRecord.SIGNED_TOKENS, e, u);
            return () -> record;
        });
        storedDefinitionKeys.putIfAbsent(e.definition(), definitionKey); // committed
        forget(first.projections());
        return created;
    }

    @Override
    public void append(long executionId, long expectedVersion, StepRecord step) {
        writer.writeWithOutcome(appendWrite(executionId, expectedVersion, step));
        forget(step.projections());
    }

    @Override
    public CompletableFuture<Void> appendQueued(long executionId, long expectedVersion, StepRecord step) {
        CompletableFuture<Object> queued = writer.submitDeferred(appendWrite(executionId, expectedVersion, step));
        // an execution's steps are appended one at a time (under its lock): the last one noted is its last queued
        queuedSteps.put(executionId, queued);
        queued.whenComplete((r, e) -> queuedSteps.remove(executionId, queued)); // at once when already committed
        // once committed (on the committing thread): the cache entries go, nothing more
        return queued.thenRun(() -> forget(step.projections()));
    }

    private GroupCommitWriter.Write<GroupCommitWriter.Outcome<Void>> appendWrite(long executionId,
            long expectedVersion, StepRecord step) {
        byte[] chunk = HistoryChunks.encode(step.events()); // on the caller's thread, not the writer's
        return c -> {
            ExecutionUpdate u = step.update();
            boolean combined = chunkJoinsRow(step, chunk);
            // cluster mode: whoever waits for the execution's end on any node hears of it
            boolean notifiesClosed = dedicated != null && !"RUNNING".equals(u.status());
            // a step whose statement is its last is queued: the steps of a batch are one round trip
            boolean queued = combined && !hasSideWrites(step);
            String sql = !combined ? UPDATE_EXECUTION
                    : notifiesClosed ? UPDATE_EXECUTION_WITH_CHUNK_CLOSING : UPDATE_EXECUTION_WITH_CHUNK;
            PreparedStatement p = queued ? c.prepareToQueue(sql, false) : c.prepare(sql);
            p.setString(1, u.status());
            setInstant(p, 2, u.stop());
            p.setString(3, u.output());
            p.setString(4, dialect.storedText(u.error()));
            p.setString(5, dialect.storedText(u.cause()));
            p.setLong(6, u.nextEventId());
            p.setInt(7, u.redriveCount());
            setInstant(p, 8, u.redriveDate());
            bindSnapshot(p, 9, step.snapshot());
            p.setLong(13, executionId);
            p.setLong(14, expectedVersion);
            if (combined) {
                bindChunk(p, 15, step, chunk);
            }
            if (queued) {
                Statements.Queued run = c.queue(p, false);
                return () -> {
                    if (run.count() != 1) {
                        throw notAtVersion(executionId, expectedVersion); // the statement changed nothing
                    }
                    return null;
                };
            }
            if (p.executeUpdate() != 1) {
                throw notAtVersion(executionId, expectedVersion);
            }
            if (combined) {
                stepSideWrites(c, executionId, step);
            } else {
                insertStep(c, executionId, step, chunk);
                if (notifiesClosed) {
                    notify(c, CLOSED_CHANNEL, Long.toString(executionId));
                }
            }
            return () -> null;
        };
    }

    private static StoreConflictException notAtVersion(long executionId, long expectedVersion) {
        return new StoreConflictException("execution " + executionId + " is not at version " + expectedVersion);
    }

    /** Whether a step writes rows beyond its execution's row and its chunk (see {@link #stepSideWrites}). */
    private static boolean hasSideWrites(StepRecord step) {
        return !step.projections().isEmpty() || !step.inboxAnswers().isEmpty() || step.signal() != null;
    }

    /** Writes a step's rows; {@code chunk}: its events as {@link HistoryChunks#encode} stores them. */
    private void insertStep(Statements c, long executionId, StepRecord step, byte[] chunk)
            throws SQLException {
        stepSideWrites(c, executionId, step);
        if (chunk == null) {
            return;
        }
        PreparedStatement p = c.prepare(INSERT_CHUNK);
        p.setLong(1, executionId);
        bindChunk(p, 2, step, chunk);
        p.executeUpdate();
    }

    /**
     * Whether a step's chunk is written by its row's own statement ({@link #INSERT_EXECUTION_WITH_CHUNK},
     * {@link #UPDATE_EXECUTION_WITH_CHUNK}): where the dialect combines statements, for a step with a
     * chunk and no step-log row (that row needs the execution's id first).
     */
    private boolean chunkJoinsRow(StepRecord step, byte[] chunk) {
        return dialect.combinesStatements() && chunk != null && step.signal() == null;
    }

    /** A step's rows other than its execution's and its chunk: the resources it changed, signals it answered. */
    private void stepSideWrites(Statements c, long executionId, StepRecord step) throws SQLException {
        applyChanges(c, step.projections());
        for (long inboxId : step.inboxAnswers()) {
            // cluster mode: the sender of a signal this step applied hears so once the step commits
            answer(c, inboxId, VERDICT_APPLIED);
        }
        if (step.signal() != null) {
            // the step log of executions stored before snapshots (converting them writes none)
            PreparedStatement s = c.prepare(
                    "INSERT INTO execution_step (execution_id, seq, at_ms, signal) VALUES (?, ?, ?, ?)");
            s.setLong(1, executionId);
            s.setLong(2, step.seq());
            s.setLong(3, step.at().toEpochMilli());
            s.setString(4, step.signal());
            s.executeUpdate();
        }
    }

    /** Binds a chunk's first and last event ids and its bytes from parameter {@code from} on. */
    private static void bindChunk(PreparedStatement p, int from, StepRecord step, byte[] chunk) throws SQLException {
        p.setLong(from, step.firstEventId());
        p.setLong(from + 1, step.lastEventId());
        p.setBytes(from + 2, chunk);
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT " + EXECUTION_COLUMNS
                    + " FROM execution WHERE arn = ?");
            p.setString(1, arn);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(execution(r, definitions(c))) : Optional.empty();
            }
        });
    }

    @Override
    public List<ExecutionRecord> openExecutions() {
        return read(c -> {
            // every row of the partial index execution_open_by_owner; sorted here, as an ORDER BY id
            // would lead SQLite to walk the whole table in id order instead
            PreparedStatement p = c.prepare(OPEN_EXECUTIONS);
            List<ExecutionRecord> items = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    items.add(execution(r, definitions(c)));
                }
            }
            items.sort(java.util.Comparator.comparingLong(ExecutionRecord::id));
            return items;
        });
    }

    @Override
    public List<ExecutionRecord> openExecutionsOwnedBy(String owner) {
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT " + EXECUTION_COLUMNS
                    + " FROM execution WHERE status = 'RUNNING' AND owner = ? ORDER BY id");
            p.setString(1, owner);
            List<ExecutionRecord> items = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    items.add(execution(r, definitions(c)));
                }
            }
            return items;
        });
    }

    @Override
    public long claim(long executionId, long expectedVersion, String owner) {
        return writer.write(c -> {
            PreparedStatement p = c.prepare("UPDATE execution SET owner = ?, row_version = row_version + 1 "
                    + "WHERE id = ? AND row_version = ?");
            p.setString(1, owner);
            p.setLong(2, executionId);
            p.setLong(3, expectedVersion);
            if (p.executeUpdate() != 1) {
                throw new StoreConflictException("execution " + executionId + " is not at version " + expectedVersion);
            }
            return expectedVersion + 1;
        });
    }

    @Override
    public Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit) {
        String[] position = after == null ? null : after.split(":");
        long firstStart = position == null ? Long.MAX_VALUE : Long.parseLong(position[0]);
        long firstId = position == null ? Long.MAX_VALUE : Long.parseLong(position[1]);
        String sql = listExecutionsSql(filter);
        return read(c -> {
            PreparedStatement p = c.prepare(sql);
            List<ExecutionSummary> items = new ArrayList<>();
            long start = firstStart;
            long id = firstId;
            int read;
            do {
                Object[] arguments = listExecutionsArguments(filter, start, id, limit + 1);
                for (int i = 0; i < arguments.length; i++) {
                    p.setObject(i + 1, arguments[i]);
                }
                read = 0;
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        read++;
                        ExecutionSummary e = summary(r);
                        start = e.start().toEpochMilli();
                        id = e.id();
                        // two ARNs may share a key: another owner's rows are skipped, and read on past them
                        if (filter.ownerArn().equals(ownerArn(e, filter.owner()))) {
                            items.add(e);
                        }
                    }
                }
            } while (read > limit && items.size() <= limit);
            List<ExecutionSummary> readOneMore = items.size() > limit + 1 ? items.subList(0, limit + 1) : items;
            return Page.of(readOneMore, limit, last -> last.start().toEpochMilli() + ":" + last.id());
        });
    }

    private static String ownerArn(ExecutionSummary e, Owner owner) {
        return switch (owner) {
            case STATE_MACHINE -> e.stateMachineArn();
            case VERSION -> e.versionArn();
            case ALIAS -> e.aliasArn();
            case MAP_RUN -> e.mapRunArn();
        };
    }

    /**
     * ListExecutions, newest first, as a keyset page (its arguments: {@link #listExecutionsArguments}).
     * The row-value comparison lets the index range start at the last row instead of filtering up to
     * it. The owner's executions are found by its key ({@link OwnerKeys}); the caller compares the
     * owner's ARN on the rows read, as two ARNs may share a key. (Not in the query: PostgreSQL takes
     * two conditions for independent, and before its first statistics it took a machine's ten
     * thousand executions for a row, read them all and sorted them instead of reading the index in order.)
     */
    public static String listExecutionsSql(ExecutionFilter filter) {
        return "SELECT id, arn, state_machine_arn, name, status, start_ms, stop_ms, version_arn, alias_arn, "
                + "map_run_arn, redrive_count FROM execution WHERE " + OwnerKeys.Column.of(filter.owner()).key + " = ?"
                + (filter.status() != null ? " AND status = ?" : "")
                // redriven executions have indexes of their own (V10); those never redriven are most, so the
                // owner's index range meets a page of them at once
                + (filter.redriven() == null ? "" : filter.redriven() ? " AND redrive_count > 0" : " AND redrive_count = 0")
                + " AND (start_ms, id) < (?, ?) ORDER BY start_ms DESC, id DESC LIMIT ?";
    }

    /**
     * {@link #listExecutionsSql}'s arguments: the owner's key (a state machine's, a version's, an
     * alias's or a Map run's), the status when filtered, the last row's start_ms and id, the limit.
     */
    public static Object[] listExecutionsArguments(ExecutionFilter filter, long afterStart, long afterId, int limit) {
        List<Object> arguments = new ArrayList<>(5);
        arguments.add(OwnerKeys.of(filter.ownerArn()));
        if (filter.status() != null) {
            arguments.add(filter.status());
        }
        arguments.add(afterStart);
        arguments.add(afterId);
        arguments.add(limit);
        return arguments.toArray();
    }

    private static ExecutionSummary summary(ResultSet r) throws SQLException {
        return new ExecutionSummary(r.getLong("id"), r.getString("arn"), r.getString("state_machine_arn"),
                r.getString("name"), r.getString("status"), Instant.ofEpochMilli(r.getLong("start_ms")),
                instant(r, "stop_ms"), r.getString("version_arn"), r.getString("alias_arn"), r.getString("map_run_arn"),
                r.getInt("redrive_count"));
    }

    @Override
    public List<ObjectNode> history(long executionId, long afterEventId, int limit, boolean reverse) {
        // a step of this execution appended without waiting (a task's start) may still be queued, or
        // held for company: the history shows it
        CompletableFuture<Object> queued = queuedSteps.get(executionId);
        if (queued != null) {
            writer.commitDeferred(queued);
        }
        return read(c -> {
            List<ObjectNode> events = new ArrayList<>();
            long position = afterEventId;
            // chunks hold one step's events each; read a few at a time until the page is full
            while (events.size() < limit) {
                int chunks = 0;
                PreparedStatement p = c.prepare(reverse ? HISTORY_BACKWARD : HISTORY_FORWARD);
                int i = 1;
                p.setLong(i++, executionId);
                if (!reverse) {
                    p.setLong(i++, executionId);
                }
                p.setLong(i++, position);
                p.setInt(i, 64);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next() && events.size() < limit) {
                        chunks++;
                        JsonNode array = parse(r.getBytes(1));
                        for (int k = 0; k < array.size() && events.size() < limit; k++) {
                            ObjectNode event = (ObjectNode) array.get(reverse ? array.size() - 1 - k : k);
                            long id = event.get("id").asLong();
                            if (reverse ? id < afterEventId : id > afterEventId) {
                                events.add(event);
                                position = id;
                            }
                        }
                    }
                }
                if (chunks < 64) {
                    break;
                }
            }
            return events;
        });
    }

    /** A stored chunk (see {@link HistoryChunks}; rows written as text before the store kept bytes read the same). */
    private static JsonNode parse(byte[] stored) throws SQLException {
        try {
            return Json.MAPPER.readTree(HistoryChunks.decode(stored));
        } catch (java.io.IOException | java.util.zip.DataFormatException e) {
            throw new SQLException("a stored history chunk cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Snapshot> snapshot(long executionId) {
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT snapshot_format, snapshot, random_state, "
                    + "last_step_ms FROM execution WHERE id = ? AND snapshot IS NOT NULL");
            p.setLong(1, executionId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Snapshot(r.getInt(1), r.getBytes(2), r.getLong(3),
                        Instant.ofEpochMilli(r.getLong(4)))) : Optional.empty();
            }
        });
    }

    /** Binds a snapshot's bytes, format, random state and time at {@code index} onwards (NULLs for none). */
    private static void bindSnapshot(PreparedStatement p, int index, Snapshot s) throws SQLException {
        if (s == null) {
            p.setNull(index, Types.VARBINARY); // bytea on PostgreSQL (BLOB would be an oid)
            p.setNull(index + 1, Types.INTEGER);
            p.setNull(index + 2, Types.BIGINT);
            p.setNull(index + 3, Types.BIGINT);
        } else {
            p.setBytes(index, s.state());
            p.setInt(index + 1, s.format());
            p.setLong(index + 2, s.randomState());
            p.setLong(index + 3, s.at().toEpochMilli());
        }
    }

    @Override
    public List<StepRecord> steps(long executionId) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT seq, at_ms, signal FROM execution_step WHERE execution_id = ? ORDER BY seq");
            p.setLong(1, executionId);
            List<StepRecord> steps = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    steps.add(new StepRecord(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                            0, 0, null, null, null, List.of()));
                }
            }
            return steps;
        });
    }

    @Override
    public Map<String, Long> statusCounts(String mapRunArn) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT map_run_arn, status, count(*) FROM execution WHERE map_run_key = ? GROUP BY map_run_arn, status");
            p.setLong(1, OwnerKeys.of(mapRunArn));
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (mapRunArn.equals(r.getString(1))) { // not another Map run's that shares the key
                        counts.put(r.getString(2), r.getLong(3));
                    }
                }
            }
            return counts;
        });
    }

    /**
     * How far past the cutoff retention reads on, for executions whose ids are out of their start
     * order: ids come from one sequence, start times from the clocks of a cluster's nodes.
     */
    static final long RETENTION_CLOCK_MARGIN_MS = 3_600_000;

    /** Rows retention reads a query at a time. */
    private static final int RETENTION_READ = 512;

    /**
     * Where the last retention batch stopped reading, and for which cutoff (written in the writer's
     * transactions only): a run deletes a batch at a time with one cutoff, and the next batch goes on
     * from there, since the rows before it are not deletable at that cutoff (an execution that closes
     * meanwhile stops after it). On PostgreSQL the deleted rows stay in the index until a vacuum, and
     * each batch would read all of those before it again.
     */
    private long retentionCutoffMs = Long.MIN_VALUE;
    private long retentionReadUpTo = Long.MIN_VALUE;

    /**
     * Deletes up to {@code limit} closed executions that stopped before the cutoff, found in id order,
     * which is the order executions started in: one that stopped before the cutoff started before it,
     * so the search ends at the first execution started more than {@link #RETENTION_CLOCK_MARGIN_MS}
     * after it, without an index by stop time (one B-tree less written at every close). An execution
     * a node's clock put further out of order goes in a later run, once the cutoff has passed the
     * execution that ended the search. Each run reads again the executions started before the cutoff
     * that are still open or closed since (those that ran longer than the retention: few).
     */
    @Override
    public int deleteClosedBefore(Instant cutoff, int limit) {
        int deleted = 0;
        try {
            deleted = writer.write(c -> {
                List<Long> ids = new ArrayList<>();
                List<String> arns = new ArrayList<>();
                long cutoffMs = cutoff.toEpochMilli();
                PreparedStatement find = c.prepare(
                        "SELECT id, arn, status, start_ms, stop_ms FROM execution WHERE id > ? ORDER BY id LIMIT ?");
                long after = cutoffMs == retentionCutoffMs ? retentionReadUpTo : Long.MIN_VALUE;
                boolean searched = false; // to the end of the table or of the search
                while (!searched && ids.size() < limit) {
                    find.setLong(1, after);
                    find.setInt(2, RETENTION_READ);
                    int read = 0;
                    try (ResultSet r = find.executeQuery()) {
                        while (ids.size() < limit && r.next()) {
                            read++;
                            after = r.getLong(1);
                            if (r.getLong(4) > cutoffMs + RETENTION_CLOCK_MARGIN_MS) {
                                searched = true;
                                break;
                            }
                            long stop = r.getLong(5);
                            if (!r.wasNull() && stop < cutoffMs && !"RUNNING".equals(r.getString(3))) {
                                ids.add(after);
                                arns.add(r.getString(2));
                            }
                        }
                    }
                    searched |= ids.size() < limit && read < RETENTION_READ;
                }
                for (String sql : List.of("DELETE FROM history_chunk WHERE execution_id = ?",
                        "DELETE FROM execution_step WHERE execution_id = ?", "DELETE FROM execution WHERE id = ?")) {
                    PreparedStatement p = c.prepare(sql);
                    for (long id : ids) {
                        p.setLong(1, id);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                for (String arn : arns) {
                    // the execution's resources (its Map runs) go with it
                    PreparedStatement children = c.prepare("SELECT arn FROM resource WHERE parent = ?");
                    children.setString(1, arn);
                    List<String> owned = new ArrayList<>();
                    try (ResultSet r = children.executeQuery()) {
                        while (r.next()) {
                            owned.add(r.getString(1));
                        }
                    }
                    for (String child : owned) {
                        deleteResource(c, child);
                    }
                    if (dedicated != null && !owned.isEmpty()) {
                        notify(c, RESOURCE_CHANNEL, ""); // the other nodes' caches (children of children: all)
                    }
                }
                retentionCutoffMs = cutoffMs;
                retentionReadUpTo = searched ? Long.MIN_VALUE : after;
                return ids.size();
            });
            return deleted;
        } finally {
            resourceWrites.incrementAndGet();
            if (deleted > 0) {
                // the deleted executions' resources (Map runs, a face's read models) may be cached
                cache.clear();
            }
        }
    }

    /** A map that keeps its {@code size} most recently used entries; safe for concurrent use. */
    private static Map<String, String> recentlyUsed(int size) {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > size;
            }
        });
    }

    /** The definition stored under a key (see {@link #definitionKey}). */
    @FunctionalInterface
    private interface Definitions {
        String definition(String key) throws SQLException;
    }

    private static final String DEFINITION = "SELECT body FROM execution_definition WHERE hash = ?";

    /**
     * The key a definition is stored under: its SHA-256 (of the UTF-8 text). Computed on the
     * caller's thread, not the single writer's.
     */
    public static String definitionKey(String definition) {
        return "sha256:" + java.util.HexFormat.of().formatHex(sha256(definition));
    }

    /** The SHA-256 of a text's UTF-8. */
    static byte[] sha256(String text) {
        try {
            // a copy of an unused digest: each StartExecution hashes the ARN of its state machine (and
            // of its version, alias or Map run), and getInstance looks the algorithm up among the
            // providers each time. The prototype is never updated, so threads may copy it at once.
            return ((java.security.MessageDigest) SHA_256.clone())
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static final java.security.MessageDigest SHA_256 = sha256Digest();

    private static java.security.MessageDigest sha256Digest() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Definitions read on a reader's connection (a statement of its own beside the open result set). */
    private Definitions definitions(Statements c) {
        return key -> {
            String cached = definitionCache.get(key);
            if (cached != null) {
                return cached;
            }
            PreparedStatement p = c.prepare(DEFINITION);
            return definition(p, key);
        };
    }

    private String definition(PreparedStatement p, String key) throws SQLException {
        String cached = definitionCache.get(key);
        if (cached != null) {
            return cached;
        }
        p.setString(1, key);
        try (ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("no definition is stored under " + key);
            }
            String body = r.getString(1);
            definitionCache.put(key, body);
            return body;
        }
    }

    private ExecutionRecord execution(ResultSet r, Definitions definitions) throws SQLException {
        ExecutionIdentity identity = new ExecutionIdentity(r.getString("arn"), r.getString("state_machine_arn"),
                r.getString("name"), r.getString("type"), Instant.ofEpochMilli(r.getLong("start_ms")),
                r.getString("input"), definitions.definition(r.getString("definition_hash")), r.getString("role_arn"),
                r.getLong("seed"),
                r.getString("version_arn"), r.getString("alias_arn"), r.getString("map_run_arn"),
                r.getString("parent_arn"), r.getString("mock_test_case"));
        ExecutionUpdate state = new ExecutionUpdate(r.getString("status"), instant(r, "stop_ms"),
                r.getString("output"), dialect.givenText(r.getString("error")),
                dialect.givenText(r.getString("cause")), r.getLong("next_event_id"),
                r.getInt("redrive_count"), instant(r, "redrive_ms"));
        return new ExecutionRecord(r.getLong("id"), r.getLong("row_version"), r.getString("owner"),
                r.getInt("token_format"), identity, state);
    }

    // ---- cluster (PostgreSQL only: several nodes on one database, see PostgresCluster)

    /** NOTIFY channels: a node named in the payload has signals waiting; a signal's verdict ("id:verdict"). */
    static final String INBOX_CHANNEL = "stepwise_inbox";
    static final String VERDICT_CHANNEL = "stepwise_verdict";
    /** NOTIFY channel: the resource whose ARN is the payload changed (empty: any may have; see the cache). */
    static final String RESOURCE_CHANNEL = "stepwise_resource";
    /** NOTIFY channel: the execution whose id is the payload has ended (a step closed it). */
    static final String CLOSED_CHANNEL = "stepwise_closed";
    /** An inbox entry's verdict: the execution applied the signal, ignored it, or failed at it. */
    static final int VERDICT_APPLIED = 1;
    static final int VERDICT_IGNORED = 0;
    static final int VERDICT_FAILED = -1;

    @Override
    public Cluster cluster(Cluster.Settings settings) {
        if (dedicated == null) {
            return Cluster.single(settings.node());
        }
        return new PostgresCluster(this, settings, dedicated);
    }

    /**
     * Takes the lease of the node named {@code node} for {@code leaseMs} from now, on the
     * database's clock, if no one holds it: the name is new, its lease lapsed, or it was given up.
     * Returns the lease's start ({@code started_ms}, the database's milliseconds), which tells this
     * holding of the name from any other (every renewal names it); empty while a lease under the
     * name still runs (another node with that name is alive, or one died less than a lease ago).
     */
    OptionalLong takeLease(String node, long leaseMs) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement take = c.prepare("INSERT INTO node (name, started_ms, renewed_ms, lease_expires_ms) "
                    + "VALUES (?, " + now + ", " + now + ", " + now + " + ?) ON CONFLICT (name) DO UPDATE "
                    + "SET started_ms = excluded.started_ms, renewed_ms = excluded.renewed_ms, "
                    + "lease_expires_ms = excluded.lease_expires_ms WHERE node.lease_expires_ms < " + now
                    + " RETURNING started_ms");
            take.setString(1, node);
            take.setLong(2, leaseMs);
            try (ResultSet r = take.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /**
     * Renews the node's lease taken at {@code startedMs} to {@code leaseMs} from now on the
     * database's clock. False when that lease no longer runs: it lapsed (the node's executions may
     * have been claimed meanwhile), or another start of the name took it after it lapsed.
     */
    boolean renewLease(String node, long startedMs, long leaseMs) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement renew = c.prepare("UPDATE node SET renewed_ms = " + now + ", lease_expires_ms = " + now
                    + " + ? WHERE name = ? AND started_ms = ? AND lease_expires_ms >= " + now);
            renew.setLong(1, leaseMs);
            renew.setString(2, node);
            renew.setLong(3, startedMs);
            return renew.executeUpdate() == 1;
        });
    }

    /** The database's clock now, in epoch milliseconds: the time a cluster's nodes keep. */
    long databaseMillis() {
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT " + dialect.nowMillis());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** A node's lease as the database holds it, with the database's clock at the reading (all in its milliseconds). */
    record NodeLease(long startedMs, long renewedMs, long expiresMs, long nowMs) {
        boolean running() {
            return expiresMs >= nowMs;
        }
    }

    /** The lease of the node named {@code node}, if the name was ever taken. */
    Optional<NodeLease> lease(String node) {
        String now = dialect.nowMillis();
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT started_ms, renewed_ms, lease_expires_ms, " + now
                    + " FROM node WHERE name = ?");
            p.setString(1, node);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new NodeLease(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)))
                        : Optional.empty();
            }
        });
    }

    /** Ends the node's lease now (a clean shutdown): the other nodes take its executions over at their next scan. */
    void giveUpLease(String node, long startedMs) {
        writer.write(c -> {
            // only the lease this node took: never one a later start of the name holds
            PreparedStatement p = c.prepare("UPDATE node SET lease_expires_ms = 0 WHERE name = ? AND started_ms = ?");
            p.setString(1, node);
            p.setLong(2, startedMs);
            p.executeUpdate();
            return null;
        });
    }

    /**
     * The nodes other than {@code self} that own open executions without a lease: lapsed ones,
     * and owners with no node row at all (a node of a build before leases).
     */
    List<String> ownersWithoutLease(String self) {
        String now = dialect.nowMillis();
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT name FROM node WHERE lease_expires_ms < " + now
                    + " AND name <> ? AND EXISTS (SELECT 1 FROM execution WHERE status = 'RUNNING' "
                    + "AND owner = node.name) UNION SELECT DISTINCT owner FROM execution WHERE status = 'RUNNING' "
                    + "AND owner IS NOT NULL AND owner <> ? AND NOT EXISTS (SELECT 1 FROM node "
                    + "WHERE node.name = execution.owner)");
            p.setString(1, self);
            p.setString(2, self);
            List<String> names = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        });
    }

    /**
     * Claims up to {@code limit} open executions of {@code former} for {@code owner}, if
     * {@code former} holds no lease (checked in the same statement, on the database's clock).
     * Each claimed row's version goes one up: the fencing that makes a former owner's next
     * append fail. Rows another node is claiming at the same time are skipped, not waited for.
     */
    List<ExecutionRecord> claimExecutions(String former, String owner, int limit) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement p = c.prepare("UPDATE execution SET owner = ?, row_version = row_version + 1 "
                    + "WHERE id = ANY(ARRAY(SELECT id FROM execution WHERE status = 'RUNNING' AND owner = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM node WHERE name = ? AND lease_expires_ms >= " + now + ") "
                    + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING " + EXECUTION_COLUMNS);
            p.setString(1, owner);
            p.setString(2, former);
            p.setString(3, former);
            p.setInt(4, limit);
            List<ExecutionRecord> claimed = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    claimed.add(execution(r, hash -> definition(c.prepare(DEFINITION), hash)));
                }
            }
            claimed.sort(java.util.Comparator.comparingLong(ExecutionRecord::id));
            return claimed;
        });
    }

    /** The node that runs the execution, if it is running. */
    Optional<String> runningOwner(String executionArn) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT owner FROM execution WHERE arn = ? AND status = 'RUNNING'");
            p.setString(1, executionArn);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        });
    }

    /** Those of these executions (by id) that are no longer running, or no longer stored. */
    java.util.Set<Long> notRunning(Collection<Long> executionIds) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT id FROM execution WHERE id = ANY(?) AND status = 'RUNNING'");
            p.setArray(1, c.connection().createArrayOf("bigint", executionIds.toArray()));
            java.util.Set<Long> ended = new java.util.HashSet<>(executionIds);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ended.remove(r.getLong(1));
                }
            }
            return ended;
        });
    }

    /** A signal waiting in the inbox for the node that runs its execution. */
    record InboxEntry(long id, String executionArn, String signal, String owner, String status) {}

    /** Puts a signal in the inbox and wakes {@code owner} when it commits; returns the entry's id. */
    long postSignal(String executionArn, String signal, String sender, String owner) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement p = c.prepare("INSERT INTO signal_inbox (execution_arn, signal, sender, created_ms) "
                    + "VALUES (?, ?, ?, " + now + ") RETURNING id");
            p.setString(1, executionArn);
            p.setString(2, signal);
            p.setString(3, sender);
            long id;
            try (ResultSet r = p.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
            notify(c, INBOX_CHANNEL, owner);
            return id;
        });
    }

    /**
     * The signals without a verdict that {@code owner} is to apply (its executions'), and those
     * of executions no longer running (any node may answer them), oldest first.
     */
    List<InboxEntry> pendingSignals(String owner, int limit) {
        return read(c -> {
            PreparedStatement p = c.prepare("SELECT i.id, i.execution_arn, i.signal, e.owner, e.status "
                    + "FROM signal_inbox i LEFT JOIN execution e ON e.arn = i.execution_arn "
                    + "WHERE i.verdict IS NULL AND (e.owner = ? OR e.status IS NULL OR e.status <> 'RUNNING') "
                    + "ORDER BY i.id LIMIT ?");
            p.setString(1, owner);
            p.setInt(2, limit);
            List<InboxEntry> entries = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    entries.add(new InboxEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5)));
                }
            }
            return entries;
        });
    }

    /** Records a signal's verdict (unless it has one) and tells its sender. */
    void answerSignal(long inboxId, int verdict) {
        writer.write(c -> {
            answer(c, inboxId, verdict);
            return null;
        });
    }

    private static void answer(Statements c, long inboxId, int verdict) throws SQLException {
        PreparedStatement p = c.prepare("UPDATE signal_inbox SET verdict = ? WHERE id = ? AND verdict IS NULL");
        p.setInt(1, verdict);
        p.setLong(2, inboxId);
        if (p.executeUpdate() == 1) {
            notify(c, VERDICT_CHANNEL, inboxId + ":" + verdict);
        }
    }

    /** A NOTIFY, delivered to the listeners when the transaction commits (never if it rolls back). */
    private static void notify(Statements c, String channel, String payload) throws SQLException {
        PreparedStatement p = c.prepare("SELECT pg_notify(?, ?)");
        p.setString(1, channel);
        p.setString(2, payload);
        p.execute();
    }

    /** The verdicts recorded so far of these inbox entries (those without one are absent). */
    Map<Long, Integer> verdicts(Collection<Long> inboxIds) {
        return read(c -> {
            PreparedStatement p = c.prepare(
                    "SELECT id, verdict FROM signal_inbox WHERE id = ANY(?) AND verdict IS NOT NULL");
            p.setArray(1, c.connection().createArrayOf("bigint", inboxIds.toArray()));
            Map<Long, Integer> verdicts = new HashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    verdicts.put(r.getLong(1), r.getInt(2));
                }
            }
            return verdicts;
        });
    }

    /** Deletes answered inbox entries older than {@code ageMs}; returns how many. */
    int deleteAnsweredSignals(long ageMs) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement p = c.prepare("DELETE FROM signal_inbox WHERE created_ms < " + now
                    + " - ? AND verdict IS NOT NULL");
            p.setLong(1, ageMs);
            return p.executeUpdate();
        });
    }

    // ---- shared activity tasks (PostgreSQL only, see PostgresActivityQueue)

    // ---- announcements (PostgreSQL only: a face tells every node that something changed, see Cluster#announce)

    /** NOTIFY channel: "topic:subject" changed. */
    static final String ANNOUNCE_CHANNEL = "stepwise_announce";

    /** Wakes every node's listener of the topic with the subject, once this commits. */
    void announce(String topic, String subject) {
        writer.write(c -> {
            notify(c, ANNOUNCE_CHANNEL, topic + ":" + subject);
            return null;
        });
    }

    /** NOTIFY channel: a task of the activity named in the payload is offered. */
    static final String ACTIVITY_CHANNEL = "stepwise_activity";

    /**
     * Offers a task (again: no second row). Unclaimed ({@code claimedBy} null), it wakes the
     * activity's pollers on every node when it commits; claimed by a node, for a poll of that node
     * waiting for it, it wakes no one and no other node's poll could take it. False when the task
     * was offered before (a takeover offers again): its row stays as it was.
     */
    boolean offerActivityTask(ActivityQueue.OfferedTask task, String claimedBy) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement p = c.prepare("INSERT INTO activity_task (task_id, activity_arn, execution_arn, token, "
                    + "input, offered_ms, claimed_by, claimed_ms) VALUES (?, ?, ?, ?, ?, " + now + ", ?, "
                    + (claimedBy == null ? "NULL" : now) + ") ON CONFLICT (task_id) DO NOTHING");
            p.setString(1, task.taskId());
            p.setString(2, task.activityArn());
            p.setString(3, task.executionArn());
            p.setString(4, task.token());
            p.setString(5, task.input());
            p.setString(6, claimedBy);
            boolean inserted = p.executeUpdate() == 1;
            if (inserted && claimedBy == null) {
                notify(c, ACTIVITY_CHANNEL, task.activityArn());
            }
            return inserted;
        });
    }

    /**
     * Claims the activity's oldest task for {@code node}: one not claimed, or claimed by a node
     * without a lease, or by a former run of a node (before the lease it holds now began: it died
     * and was started again), or claimed longer than {@code claimLimitMs} ago. Rows another node is
     * claiming at the same moment are skipped, not waited for, so two polls never get one task.
     */
    Optional<ActivityQueue.OfferedTask> claimActivityTask(String activityArn, String node, long claimLimitMs) {
        String now = dialect.nowMillis();
        return writer.write(c -> {
            PreparedStatement p = c.prepare("UPDATE activity_task SET claimed_by = ?, claimed_ms = " + now
                    + " WHERE task_id = (SELECT t.task_id FROM activity_task t WHERE t.activity_arn = ? "
                    + "AND (t.claimed_by IS NULL OR t.claimed_ms < " + now + " - ? OR NOT EXISTS (SELECT 1 FROM node "
                    + "WHERE node.name = t.claimed_by AND node.lease_expires_ms >= " + now
                    + " AND node.started_ms <= t.claimed_ms)) "
                    + "ORDER BY t.offered_ms, t.task_id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                    + "RETURNING activity_arn, task_id, token, execution_arn, input");
            p.setString(1, node);
            p.setString(2, activityArn);
            p.setLong(3, claimLimitMs);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new ActivityQueue.OfferedTask(r.getString(1), r.getString(2),
                        r.getString(3), r.getString(4), r.getString(5))) : Optional.empty();
            }
        });
    }

    /** Deletes an offered task (taken for good, or withdrawn); true when it was there. */
    boolean deleteActivityTask(String taskId) {
        return writer.write(c -> {
            PreparedStatement p = c.prepare("DELETE FROM activity_task WHERE task_id = ?");
            p.setString(1, taskId);
            return p.executeUpdate() == 1;
        });
    }

    /** Offers a claimed task again (its start could not be reported) and wakes the activity's pollers. */
    void unclaimActivityTask(ActivityQueue.OfferedTask task) {
        writer.write(c -> {
            PreparedStatement p = c.prepare(
                    "UPDATE activity_task SET claimed_by = NULL, claimed_ms = NULL WHERE task_id = ?");
            p.setString(1, task.taskId());
            if (p.executeUpdate() == 1) {
                notify(c, ACTIVITY_CHANNEL, task.activityArn());
            }
            return null;
        });
    }

    // ---- housekeeping

    @Override
    public StoreStats stats() {
        return new StoreStats(writer.transactions(), writer.writes(), writer.reconnects(), writer.unanswered());
    }

    /**
     * The query plan the database chooses for a statement with these arguments, a line per row
     * (for checks that lists use an index): SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's
     * EXPLAIN text.
     */
    public List<String> explain(String sql, Object... args) {
        return read(c -> {
            PreparedStatement p = c.prepare(dialect.explain(sql));
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lines.add(r.getString(dialect.planColumn()));
                }
            }
            return lines;
        });
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    // ---- helpers

    private <T> T read(Readers.Read<T> read) {
        try {
            return readers.read(read);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private static void setInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        setLong(p, index, t == null ? null : t.toEpochMilli());
    }

    private static void setLong(PreparedStatement p, int index, Long v) throws SQLException {
        if (v == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, v);
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
