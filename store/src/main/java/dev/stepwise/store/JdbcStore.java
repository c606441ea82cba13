package dev.stepwise.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.ActivityRecord;
import dev.stepwise.engine.store.AliasRecord;
import dev.stepwise.engine.store.VersionRecord;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionSummary;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.MapRunRecord;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StateMachineRecord;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.Store;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The store on a JDBC database, SQL written out beside its bindings. Writes go through the
 * {@link GroupCommitWriter}; reads use a small pool of their own connections (SQLite in WAL mode
 * lets them run while the writer commits).
 */
public final class JdbcStore implements Store {
    // ---- the listing queries, each a keyset page read along an index (StructureTest checks their plans)
    public static final String LIST_STATE_MACHINES = "SELECT * FROM state_machine WHERE arn > ? AND arn < ? ORDER BY arn LIMIT ?";
    public static final String LIST_ACTIVITIES = "SELECT * FROM activity WHERE arn > ? AND arn < ? ORDER BY arn LIMIT ?";
    public static final String LIST_VERSIONS = "SELECT * FROM state_machine_version WHERE state_machine_arn = ? "
            + "AND version < ? ORDER BY version DESC LIMIT ?";
    public static final String LIST_ALIASES = "SELECT * FROM state_machine_alias WHERE state_machine_arn = ? "
            + "AND name > ? ORDER BY name LIMIT ?";
    public static final String LIST_MAP_RUNS = "SELECT * FROM map_run WHERE execution_arn = ? "
            + "AND (start_ms, arn) > (?, ?) ORDER BY start_ms, arn LIMIT ?";
    /**
     * History chunks (one step's events each, contiguous) from the one holding event ?2 + 1 on:
     * a range of the primary key starting at that chunk's first event.
     */
    public static final String HISTORY_FORWARD = "SELECT events FROM history_chunk WHERE execution_id = ?1 "
            + "AND first_event_id >= IFNULL((SELECT MAX(first_event_id) FROM history_chunk "
            + "WHERE execution_id = ?1 AND first_event_id <= ?2 + 1), 0) ORDER BY first_event_id LIMIT ?3";
    /** History chunks, newest first, from the one holding event ?2 - 1 back. */
    public static final String HISTORY_BACKWARD = "SELECT events FROM history_chunk WHERE execution_id = ?1 "
            + "AND first_event_id < ?2 ORDER BY first_event_id DESC LIMIT ?3";

    private final GroupCommitWriter writer;
    private final HikariDataSource readers;
    /*
     * State machines are read on every StartExecution, so they are cached. Every write of a
     * state_machine row goes through this store and drops the entry after its commit; a read that
     * raced with a write (the write counter moved while it read) does not fill the cache. Valid
     * only while this store is the database's sole writer (the embedded store).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, StateMachineRecord> machines =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong machineWrites = new java.util.concurrent.atomic.AtomicLong();

    private JdbcStore(GroupCommitWriter writer, HikariDataSource readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /**
     * Opens (creating and migrating as needed) the embedded store in {@code dataDir}. With
     * {@code synchronousFull} every commit survives power loss; otherwise (NORMAL) a crash of the
     * machine may lose the last commits, never a crash of the process.
     */
    public static JdbcStore openSqlite(Path dataDir, boolean synchronousFull) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve("stepwise.db").toAbsolutePath();
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                    .load().migrate();
            Connection write = DriverManager.getConnection(url);
            try (Statement s = write.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (synchronousFull ? "FULL" : "NORMAL"));
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
                // the savepoints of group commit would otherwise open and delete a statement
                // journal file per transaction; and the indexes' hot pages stay cached
                s.execute("PRAGMA temp_store=MEMORY");
                s.execute("PRAGMA cache_size=-65536");
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(4);
            config.setPoolName("stepwise-readers");
            config.setConnectionInitSql("PRAGMA busy_timeout=10000; PRAGMA cache_size=-16384");
            return new JdbcStore(new GroupCommitWriter(write), new HikariDataSource(config));
        } catch (Exception e) {
            throw new StoreException("cannot open the store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    // ---- state machines

    @Override
    public void createStateMachine(StateMachineRecord m) {
        try {
            writer.write(c -> {
                {
                    PreparedStatement p = c.prepare("""
                        INSERT INTO state_machine (arn, name, type, status, definition, role_arn, created_ms, updated_ms,
                            revision_id, description, logging, tracing, encryption, row_version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                    bindStateMachine(p, m);
                    p.setLong(14, 1);
                    p.executeUpdate();
                }
                return null;
            });
        } finally {
            forgetMachine(m.arn());
        }
    }

    @Override
    public boolean updateStateMachine(StateMachineRecord m, long expectedRowVersion) {
        try {
            return writer.write(c -> {
                {
                    PreparedStatement p = c.prepare("""
                        UPDATE state_machine SET arn = ?, name = ?, type = ?, status = ?, definition = ?, role_arn = ?,
                            created_ms = ?, updated_ms = ?, revision_id = ?, description = ?, logging = ?, tracing = ?,
                            encryption = ?, row_version = ?
                        WHERE arn = ? AND row_version = ?""");
                    bindStateMachine(p, m);
                    p.setLong(14, expectedRowVersion + 1);
                    p.setString(15, m.arn());
                    p.setLong(16, expectedRowVersion);
                    return p.executeUpdate() == 1;
                }
            });
        } finally {
            forgetMachine(m.arn());
        }
    }

    private static void bindStateMachine(PreparedStatement p, StateMachineRecord m) throws SQLException {
        p.setString(1, m.arn());
        p.setString(2, m.name());
        p.setString(3, m.type());
        p.setString(4, m.status());
        p.setString(5, m.definition());
        p.setString(6, m.roleArn());
        p.setLong(7, m.created().toEpochMilli());
        setInstant(p, 8, m.updated());
        p.setString(9, m.revisionId());
        p.setString(10, m.description());
        p.setString(11, m.logging());
        p.setString(12, m.tracing());
        p.setString(13, m.encryption());
    }

    @Override
    public void deleteStateMachine(String arn) {
        try {
            writer.write(c -> {
                {
                    PreparedStatement p = c.prepare("DELETE FROM state_machine WHERE arn = ?");
                    p.setString(1, arn);
                    p.executeUpdate();
                }
                deleteTags(c, arn);
                {
                    PreparedStatement p = c.prepare("DELETE FROM state_machine_version WHERE state_machine_arn = ?");
                    p.setString(1, arn);
                    p.executeUpdate();
                }
                {
                    PreparedStatement p = c.prepare("DELETE FROM state_machine_alias WHERE state_machine_arn = ?");
                    p.setString(1, arn);
                    p.executeUpdate();
                }
                return null;
            });
        } finally {
            forgetMachine(arn);
        }
    }

    private void forgetMachine(String arn) {
        machineWrites.incrementAndGet();
        machines.remove(arn);
    }

    @Override
    public Optional<StateMachineRecord> stateMachine(String arn) {
        StateMachineRecord cached = machines.get(arn);
        if (cached != null) {
            return Optional.of(cached);
        }
        long writes = machineWrites.get();
        Optional<StateMachineRecord> loaded = loadStateMachine(arn);
        if (loaded.isPresent() && machineWrites.get() == writes) {
            machines.putIfAbsent(arn, loaded.get());
        }
        return loaded;
    }

    private Optional<StateMachineRecord> loadStateMachine(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM state_machine WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(stateMachine(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<StateMachineRecord> listStateMachines(String arnPrefix, String afterArn, int limit) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    LIST_STATE_MACHINES)) {
                p.setString(1, afterArn == null ? arnPrefix : afterArn);
                p.setString(2, endOfPrefix(arnPrefix));
                p.setInt(3, limit + 1);
                List<StateMachineRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(stateMachine(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    return new Page<>(items, items.get(limit - 1).arn());
                }
                return new Page<>(items, null);
            }
        });
    }

    private static StateMachineRecord stateMachine(ResultSet r) throws SQLException {
        return new StateMachineRecord(r.getString("arn"), r.getString("name"), r.getString("type"),
                r.getString("status"), r.getString("definition"), r.getString("role_arn"),
                Instant.ofEpochMilli(r.getLong("created_ms")), instant(r, "updated_ms"), r.getString("revision_id"),
                r.getString("description"), r.getString("logging"), r.getString("tracing"),
                r.getString("encryption"), r.getLong("row_version"));
    }

    // ---- versions and aliases

    @Override
    public VersionRecord publishVersion(VersionRecord t) {
        try {
            return writer.write(c -> {
                int number;
                {
                    PreparedStatement p = c.prepare(
                        "UPDATE state_machine SET last_version = last_version + 1, row_version = row_version + 1 "
                                + "WHERE arn = ? RETURNING last_version");
                    p.setString(1, t.stateMachineArn());
                    try (ResultSet r = p.executeQuery()) {
                        if (!r.next()) {
                            throw new StoreConflictException("state machine " + t.stateMachineArn() + " does not exist");
                        }
                        number = r.getInt(1);
                    }
                }
                VersionRecord v = new VersionRecord(t.stateMachineArn() + ":" + number, t.stateMachineArn(), number,
                        t.definition(), t.roleArn(), t.type(), t.created(), t.description(), t.revisionId(), t.logging(),
                        t.tracing());
                {
                    PreparedStatement p = c.prepare("""
                        INSERT INTO state_machine_version (arn, state_machine_arn, version, definition, role_arn, type,
                            created_ms, description, revision_id, logging, tracing)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                    p.setString(1, v.arn());
                    p.setString(2, v.stateMachineArn());
                    p.setInt(3, v.version());
                    p.setString(4, v.definition());
                    p.setString(5, v.roleArn());
                    p.setString(6, v.type());
                    p.setLong(7, v.created().toEpochMilli());
                    p.setString(8, v.description());
                    p.setString(9, v.revisionId());
                    p.setString(10, v.logging());
                    p.setString(11, v.tracing());
                    p.executeUpdate();
                }
                return v;
            });
        } finally {
            forgetMachine(t.stateMachineArn());
        }
    }

    @Override
    public Optional<VersionRecord> version(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM state_machine_version WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(version(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<VersionRecord> latestVersion(String stateMachineArn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT * FROM state_machine_version WHERE state_machine_arn = ? ORDER BY version DESC LIMIT 1")) {
                p.setString(1, stateMachineArn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(version(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<VersionRecord> listVersions(String stateMachineArn, String afterVersion, int limit) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    LIST_VERSIONS)) {
                p.setString(1, stateMachineArn);
                p.setInt(2, afterVersion == null ? Integer.MAX_VALUE : Integer.parseInt(afterVersion));
                p.setInt(3, limit + 1);
                List<VersionRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(version(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    return new Page<>(items, Integer.toString(items.get(limit - 1).version()));
                }
                return new Page<>(items, null);
            }
        });
    }

    @Override
    public void deleteVersion(String arn) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("DELETE FROM state_machine_version WHERE arn = ?");
                p.setString(1, arn);
                p.executeUpdate();
            }
            return null;
        });
    }

    private static VersionRecord version(ResultSet r) throws SQLException {
        return new VersionRecord(r.getString("arn"), r.getString("state_machine_arn"), r.getInt("version"),
                r.getString("definition"), r.getString("role_arn"), r.getString("type"),
                Instant.ofEpochMilli(r.getLong("created_ms")), r.getString("description"), r.getString("revision_id"),
                r.getString("logging"), r.getString("tracing"));
    }

    @Override
    public void createAlias(AliasRecord a) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("""
                    INSERT INTO state_machine_alias (arn, state_machine_arn, name, description, routing, created_ms,
                        updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)""");
                bindAlias(p, a);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void updateAlias(AliasRecord a) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("""
                    UPDATE state_machine_alias SET arn = ?, state_machine_arn = ?, name = ?, description = ?,
                        routing = ?, created_ms = ?, updated_ms = ? WHERE arn = ?""");
                bindAlias(p, a);
                p.setString(8, a.arn());
                if (p.executeUpdate() != 1) {
                    throw new StoreConflictException("alias " + a.arn() + " does not exist");
                }
            }
            return null;
        });
    }

    private static void bindAlias(PreparedStatement p, AliasRecord a) throws SQLException {
        p.setString(1, a.arn());
        p.setString(2, a.stateMachineArn());
        p.setString(3, a.name());
        p.setString(4, a.description());
        p.setString(5, a.routing());
        p.setLong(6, a.created().toEpochMilli());
        p.setLong(7, a.updated().toEpochMilli());
    }

    @Override
    public Optional<AliasRecord> alias(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM state_machine_alias WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(alias(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void deleteAlias(String arn) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("DELETE FROM state_machine_alias WHERE arn = ?");
                p.setString(1, arn);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Page<AliasRecord> listAliases(String stateMachineArn, String afterArn, int limit) {
        return read(c -> {
            // an alias's ARN is its machine's ARN, ':' and its name: within one machine, ARN order is name
            // order, which the (state_machine_arn, name) index gives without a sort
            try (PreparedStatement p = c.prepareStatement(
                    LIST_ALIASES)) {
                p.setString(1, stateMachineArn);
                p.setString(2, afterArn == null ? "" : afterArn.substring(afterArn.lastIndexOf(':') + 1));
                p.setInt(3, limit + 1);
                List<AliasRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(alias(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    return new Page<>(items, items.get(limit - 1).arn());
                }
                return new Page<>(items, null);
            }
        });
    }

    private static AliasRecord alias(ResultSet r) throws SQLException {
        return new AliasRecord(r.getString("arn"), r.getString("state_machine_arn"), r.getString("name"),
                r.getString("description"), r.getString("routing"), Instant.ofEpochMilli(r.getLong("created_ms")),
                Instant.ofEpochMilli(r.getLong("updated_ms")));
    }

    // ---- activities

    @Override
    public void createActivity(ActivityRecord a) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare(
                    "INSERT INTO activity (arn, name, created_ms, encryption) VALUES (?, ?, ?, ?)");
                p.setString(1, a.arn());
                p.setString(2, a.name());
                p.setLong(3, a.created().toEpochMilli());
                p.setString(4, a.encryption());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ActivityRecord> activity(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM activity WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(activity(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void deleteActivity(String arn) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("DELETE FROM activity WHERE arn = ?");
                p.setString(1, arn);
                p.executeUpdate();
            }
            deleteTags(c, arn);
            return null;
        });
    }

    @Override
    public Page<ActivityRecord> listActivities(String arnPrefix, String afterArn, int limit) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(LIST_ACTIVITIES)) {
                p.setString(1, afterArn == null ? arnPrefix : afterArn);
                p.setString(2, endOfPrefix(arnPrefix));
                p.setInt(3, limit + 1);
                List<ActivityRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(activity(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    return new Page<>(items, items.get(limit - 1).arn());
                }
                return new Page<>(items, null);
            }
        });
    }

    private static ActivityRecord activity(ResultSet r) throws SQLException {
        return new ActivityRecord(r.getString("arn"), r.getString("name"), Instant.ofEpochMilli(r.getLong("created_ms")),
                r.getString("encryption"));
    }

    // ---- tags

    @Override
    public void tag(String resourceArn, java.util.Map<String, String> tags) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare(
                    "INSERT INTO tag (resource_arn, key, value) VALUES (?, ?, ?) "
                            + "ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value");
                for (java.util.Map.Entry<String, String> t : tags.entrySet()) {
                    p.setString(1, resourceArn);
                    p.setString(2, t.getKey());
                    p.setString(3, t.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void untag(String resourceArn, java.util.Collection<String> keys) {
        writer.write(c -> {
            {
                PreparedStatement p = c.prepare("DELETE FROM tag WHERE resource_arn = ? AND key = ?");
                for (String key : keys) {
                    p.setString(1, resourceArn);
                    p.setString(2, key);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public java.util.Map<String, String> tags(String resourceArn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT key, value FROM tag WHERE resource_arn = ? ORDER BY key")) {
                p.setString(1, resourceArn);
                java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        tags.put(r.getString(1), r.getString(2));
                    }
                }
                return tags;
            }
        });
    }

    private static void deleteTags(GroupCommitWriter.Statements c, String resourceArn) throws SQLException {
        {
                PreparedStatement p = c.prepare("DELETE FROM tag WHERE resource_arn = ?");
            p.setString(1, resourceArn);
            p.executeUpdate();
        }
    }

    // ---- executions

    @Override
    public ExecutionRecord createExecution(ExecutionRecord e, StepRecord first) {
        return writer.write(c -> {
            long id;
            {
                PreparedStatement p = c.prepare("""
                    INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, stop_ms, input, output,
                        error, cause, definition, role_arn, seed, version_arn, alias_arn, map_run_arn, parent_arn,
                        redrive_count, redrive_ms, next_event_id, mock_test_case, row_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id""");
                p.setString(1, e.arn());
                p.setString(2, e.stateMachineArn());
                p.setString(3, e.name());
                p.setString(4, e.type());
                p.setString(5, e.status());
                p.setLong(6, e.start().toEpochMilli());
                setInstant(p, 7, e.stop());
                p.setString(8, e.input());
                p.setString(9, e.output());
                p.setString(10, e.error());
                p.setString(11, e.cause());
                p.setString(12, e.definition());
                p.setString(13, e.roleArn());
                p.setLong(14, e.seed());
                p.setString(15, e.versionArn());
                p.setString(16, e.aliasArn());
                p.setString(17, e.mapRunArn());
                p.setString(18, e.parentArn());
                p.setInt(19, e.redriveCount());
                setInstant(p, 20, e.redriveDate());
                p.setLong(21, e.nextEventId());
                p.setString(22, e.mockTestCase());
                try (ResultSet keys = p.executeQuery()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertStep(c, id, first);
            return e.withId(id);
        });
    }

    @Override
    public void appendStep(long executionId, StepRecord step, ExecutionUpdate u) {
        writer.write(c -> {
            insertStep(c, executionId, step);
            {
                PreparedStatement p = c.prepare("""
                    UPDATE execution SET status = ?, stop_ms = ?, output = ?, error = ?, cause = ?, next_event_id = ?,
                        redrive_count = ?, redrive_ms = ?, row_version = row_version + 1
                    WHERE id = ?""");
                p.setString(1, u.status());
                setInstant(p, 2, u.stop());
                p.setString(3, u.output());
                p.setString(4, u.error());
                p.setString(5, u.cause());
                p.setLong(6, u.nextEventId());
                p.setInt(7, u.redriveCount());
                setInstant(p, 8, u.redriveDate());
                p.setLong(9, executionId);
                if (p.executeUpdate() != 1) {
                    throw new StoreConflictException("execution " + executionId + " does not exist");
                }
            }
            return null;
        });
    }

    private static void insertStep(GroupCommitWriter.Statements c, long executionId, StepRecord step) throws SQLException {
        for (MapRunRecord m : step.mapRuns()) {
            PreparedStatement p = c.prepare("""
                    INSERT INTO map_run (arn, execution_arn, status, start_ms, stop_ms, item_count, max_concurrency,
                        tolerated_failure_count, tolerated_failure_percentage)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_ms = excluded.stop_ms,
                        max_concurrency = excluded.max_concurrency,
                        tolerated_failure_count = excluded.tolerated_failure_count,
                        tolerated_failure_percentage = excluded.tolerated_failure_percentage""");
            p.setString(1, m.arn());
            p.setString(2, m.executionArn());
            p.setString(3, m.status());
            p.setLong(4, m.start().toEpochMilli());
            setInstant(p, 5, m.stop());
            p.setInt(6, m.itemCount());
            p.setInt(7, m.maxConcurrency());
            p.setLong(8, m.toleratedFailureCount());
            p.setDouble(9, m.toleratedFailurePercentage());
            p.executeUpdate();
        }
        {
                PreparedStatement p = c.prepare(
                "INSERT INTO execution_step (execution_id, seq, at_ms, signal) VALUES (?, ?, ?, ?)");
            p.setLong(1, executionId);
            p.setLong(2, step.seq());
            p.setLong(3, step.at().toEpochMilli());
            p.setString(4, step.signal());
            p.executeUpdate();
        }
        if (step.events() == null) {
            return;
        }
        PreparedStatement p = c.prepare(
                "INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events) VALUES (?, ?, ?, ?)");
        p.setLong(1, executionId);
        p.setLong(2, step.firstEventId());
        p.setLong(3, step.lastEventId());
        p.setBytes(4, step.events());
        p.executeUpdate();
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM execution WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(execution(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<ExecutionRecord> executionByName(String stateMachineArn, String name) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT * FROM execution WHERE state_machine_arn = ? AND name = ? AND type = 'STANDARD'")) {
                p.setString(1, stateMachineArn);
                p.setString(2, name);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(execution(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit) {
        long afterStart = Long.MAX_VALUE;
        long afterId = Long.MAX_VALUE;
        if (after != null) {
            String[] parts = after.split(":");
            afterStart = Long.parseLong(parts[0]);
            afterId = Long.parseLong(parts[1]);
        }
        boolean byMapRun = filter.mapRunArn() != null;
        String sql = listExecutionsSql(filter);
        long start = afterStart;
        long id = afterId;
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                p.setString(i++, byMapRun ? filter.mapRunArn() : filter.stateMachineArn());
                if (filter.status() != null) {
                    p.setString(i++, filter.status());
                }
                p.setLong(i++, start);
                p.setLong(i++, id);
                p.setInt(i, limit + 1);
                List<ExecutionSummary> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(summary(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    ExecutionSummary last = items.get(limit - 1);
                    return new Page<>(items, last.start().toEpochMilli() + ":" + last.id());
                }
                return new Page<>(items, null);
            }
        });
    }


    /**
     * ListExecutions, newest first, as a keyset page: parameters are the owner (state machine or
     * map run), the status when filtered, then the last row's start_ms and id, and the limit. The
     * row-value comparison lets the index range start at the last row instead of filtering up to it.
     */
    public static String listExecutionsSql(ExecutionFilter filter) {
        String owner = filter.mapRunArn() != null ? "map_run_arn" : "state_machine_arn";
        return "SELECT id, arn, state_machine_arn, name, status, start_ms, stop_ms, version_arn, alias_arn, "
                + "map_run_arn, redrive_count FROM execution WHERE " + owner + " = ?"
                + (filter.status() != null ? " AND status = ?" : "")
                // the redrive filter is a residual condition on the index range (redriven executions are few)
                + (filter.redriven() == null ? "" : filter.redriven() ? " AND redrive_count > 0" : " AND redrive_count = 0")
                + " AND (start_ms, id) < (?, ?) ORDER BY start_ms DESC, id DESC LIMIT ?";
    }

    private static ExecutionSummary summary(ResultSet r) throws SQLException {
        return new ExecutionSummary(r.getLong("id"), r.getString("arn"), r.getString("state_machine_arn"),
                r.getString("name"), r.getString("status"), Instant.ofEpochMilli(r.getLong("start_ms")),
                instant(r, "stop_ms"), r.getString("version_arn"), r.getString("alias_arn"), r.getString("map_run_arn"),
                r.getInt("redrive_count"));
    }

    @Override
    public List<ObjectNode> history(long executionId, long afterEventId, int limit, boolean reverse) {
        String sql = reverse ? HISTORY_BACKWARD : HISTORY_FORWARD;
        return read(c -> {
            List<ObjectNode> events = new ArrayList<>();
            long position = afterEventId;
            // chunks hold one step's events each; read a few at a time until the page is full
            while (events.size() < limit) {
                int chunks = 0;
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setLong(1, executionId);
                    p.setLong(2, position);
                    p.setInt(3, 64);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next() && events.size() < limit) {
                            chunks++;
                            JsonNode array = parse(r.getBytes(1));
                            for (int i = 0; i < array.size() && events.size() < limit; i++) {
                                ObjectNode event = (ObjectNode) array.get(reverse ? array.size() - 1 - i : i);
                                long id = event.get("id").asLong();
                                if (reverse ? id < afterEventId : id > afterEventId) {
                                    events.add(event);
                                    position = id;
                                }
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

    /** A stored chunk: UTF-8 JSON (rows written as text before the store kept bytes read the same). */
    private static JsonNode parse(byte[] utf8) throws SQLException {
        try {
            return Json.MAPPER.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new SQLException("a stored history chunk is not JSON", e);
        }
    }

    @Override
    public List<StepRecord> steps(long executionId) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq, at_ms, signal FROM execution_step WHERE execution_id = ? ORDER BY seq")) {
                p.setLong(1, executionId);
                List<StepRecord> steps = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        steps.add(new StepRecord(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                                0, 0, null, List.of()));
                    }
                }
                return steps;
            }
        });
    }

    @Override
    public Optional<MapRunRecord> mapRun(String arn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM map_run WHERE arn = ?")) {
                p.setString(1, arn);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(mapRun(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<MapRunRecord> listMapRuns(String executionArn, String after, int limit) {
        long afterStart = -1;
        String afterArn = "";
        if (after != null) {
            int cut = after.indexOf(':');
            afterStart = Long.parseLong(after.substring(0, cut));
            afterArn = after.substring(cut + 1);
        }
        long start = afterStart;
        String arn = afterArn;
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(LIST_MAP_RUNS)) {
                p.setString(1, executionArn);
                p.setLong(2, start);
                p.setString(3, arn);
                p.setInt(4, limit + 1);
                List<MapRunRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(mapRun(r));
                    }
                }
                if (items.size() > limit) {
                    items.remove(limit);
                    MapRunRecord last = items.get(limit - 1);
                    return new Page<>(items, last.start().toEpochMilli() + ":" + last.arn());
                }
                return new Page<>(items, null);
            }
        });
    }

    @Override
    public java.util.Map<String, Long> mapRunExecutionCounts(String mapRunArn) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT status, count(*) FROM execution WHERE map_run_arn = ? GROUP BY status")) {
                p.setString(1, mapRunArn);
                java.util.Map<String, Long> counts = new java.util.HashMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        counts.put(r.getString(1), r.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    private static MapRunRecord mapRun(ResultSet r) throws SQLException {
        return new MapRunRecord(r.getString("arn"), r.getString("execution_arn"), r.getString("status"),
                Instant.ofEpochMilli(r.getLong("start_ms")), instant(r, "stop_ms"), r.getInt("item_count"),
                r.getInt("max_concurrency"), r.getLong("tolerated_failure_count"),
                r.getDouble("tolerated_failure_percentage"));
    }

    @Override
    public int deleteClosedBefore(Instant cutoff, int limit) {
        return writer.write(c -> {
            List<Long> ids = new ArrayList<>();
            List<String> arns = new ArrayList<>();
            PreparedStatement find = c.prepare(
                    "SELECT id, arn FROM execution WHERE status <> 'RUNNING' AND stop_ms < ? ORDER BY stop_ms LIMIT ?");
            find.setLong(1, cutoff.toEpochMilli());
            find.setInt(2, limit);
            try (ResultSet r = find.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                    arns.add(r.getString(2));
                }
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
            PreparedStatement runs = c.prepare("DELETE FROM map_run WHERE execution_arn = ?");
            for (String arn : arns) {
                runs.setString(1, arn);
                runs.addBatch();
            }
            runs.executeBatch();
            return ids.size();
        });
    }

    @Override
    public List<ExecutionRecord> openExecutions() {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM execution WHERE status = 'RUNNING' ORDER BY id")) {
                List<ExecutionRecord> items = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        items.add(execution(r));
                    }
                }
                return items;
            }
        });
    }

    private static ExecutionRecord execution(ResultSet r) throws SQLException {
        return new ExecutionRecord(r.getLong("id"), r.getString("arn"), r.getString("state_machine_arn"),
                r.getString("name"), r.getString("type"), r.getString("status"),
                Instant.ofEpochMilli(r.getLong("start_ms")), instant(r, "stop_ms"), r.getString("input"),
                r.getString("output"), r.getString("error"), r.getString("cause"), r.getString("definition"),
                r.getString("role_arn"), r.getLong("seed"), r.getString("version_arn"), r.getString("alias_arn"),
                r.getString("map_run_arn"), r.getString("parent_arn"), r.getInt("redrive_count"),
                instant(r, "redrive_ms"), r.getLong("next_event_id"), r.getString("mock_test_case"));
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(writer.transactions(), writer.writes());
    }

    /** The query plan SQLite chooses for a statement (for checks that lists use an index). */
    public List<String> explain(String sql, Object... args) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                List<String> lines = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        lines.add(r.getString("detail"));
                    }
                }
                return lines;
            }
        });
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    // ---- helpers

    /** The least string greater than every string that starts with {@code prefix}: a key range's end. */
    static String endOfPrefix(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection c = readers.getConnection()) {
            return read.apply(c);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private static void setInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, t.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
