package dev.stepwise.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A connection's prepared statements, prepared once per SQL text and reused: preparing is a large
 * part of a small statement's cost. Used by one thread at a time (the connection's). Callers must
 * not close what {@link #prepare} returns; a result set they open they close (on SQLite, closing it
 * resets the statement, which ends a reader's read transaction).
 *
 * <p>The most recently used {@value #KEPT} are kept: a few SQL texts carry a value of their own (a
 * time), and would otherwise pile up.
 *
 * <p>A statement may also be queued ({@link #prepareToQueue}, {@link #queue}) instead of run: queued
 * runs of one statement go to the database together, as one JDBC batch, the next time any other
 * statement is prepared or {@link #runQueued} is called; where the database is a server, the batch is
 * one round trip instead of one for each. Statements therefore still run in the order they were
 * written: a statement prepared to run at once first runs what is queued before it.
 */
final class Statements implements AutoCloseable {
    static final int KEPT = 64;
    private final Connection connection;
    private final LinkedHashMap<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true);
    /** The statement whose runs are queued, null when none is; and what each run will be told. */
    private PreparedStatement queuedStatement;
    private boolean queuedReturnKeys;
    private final List<Queued> queued = new ArrayList<>();

    /**
     * One queued run of a statement: once the batch has run, how many rows it counted and, for a
     * statement prepared to return keys, the one key it returned.
     */
    static final class Queued {
        private int count = -1;
        private long key;

        /** The rows the run counted; only once {@link #runQueued} has returned. */
        int count() {
            if (count < 0) {
                throw new IllegalStateException("the queued statement has not run");
            }
            return count;
        }

        /** The key the run returned (the first column of its one returned row). */
        long key() {
            count();
            return key;
        }
    }

    /**
     * Thrown by {@link #prepare} and {@link #runQueued} when the queued batch failed: the failure is
     * one of the queued runs', not the statement's about to be prepared.
     */
    static final class QueuedRunFailed extends SQLException {
        QueuedRunFailed(SQLException cause) {
            super("a queued statement failed: " + cause.getMessage(), state(cause), cause);
        }

        /** The failure's SQLSTATE: a batch's own exception may carry none, the run's that it chains does. */
        private static String state(SQLException e) {
            String state = e.getSQLState();
            SQLException next = e.getNextException();
            return state != null || next == null ? state : next.getSQLState();
        }

        /** The failed run's own exception where the batch's chains it, else the batch's. */
        SQLException run() {
            SQLException batch = (SQLException) getCause();
            return batch.getNextException() != null ? batch.getNextException() : batch;
        }
    }

    Statements(Connection connection) {
        this.connection = connection;
    }

    /** A statement to run at once: what is queued runs first. */
    PreparedStatement prepare(String sql) throws SQLException {
        runQueued();
        return cached(sql, false);
    }

    /**
     * A statement to bind and then {@link #queue}; what is queued of another statement runs first.
     * {@code returnKeys}: each run returns exactly one row (its {@code RETURNING} clause), whose first
     * column {@link Queued#key} gives.
     */
    PreparedStatement prepareToQueue(String sql, boolean returnKeys) throws SQLException {
        PreparedStatement p = cached(returnKeys ? KEYS + sql : sql, returnKeys);
        if (queuedStatement != null && queuedStatement != p) {
            runQueued();
        }
        return p;
    }

    /** Queues a run of {@code p} (from {@link #prepareToQueue}) with the parameters bound to it. */
    Queued queue(PreparedStatement p, boolean returnKeys) throws SQLException {
        p.addBatch();
        queuedStatement = p;
        queuedReturnKeys = returnKeys;
        Queued q = new Queued();
        queued.add(q);
        return q;
    }

    /** Runs the queued runs, one JDBC batch; a failure is a {@link QueuedRunFailed} and clears them. */
    void runQueued() throws SQLException {
        PreparedStatement p = queuedStatement;
        if (p == null) {
            return;
        }
        queuedStatement = null;
        try {
            int[] counts = p.executeBatch();
            if (queuedReturnKeys) {
                // one row each, in the order of the runs
                try (ResultSet keys = p.getGeneratedKeys()) {
                    for (Queued q : queued) {
                        if (!keys.next()) {
                            throw new SQLException("a queued run returned no key");
                        }
                        q.key = keys.getLong(1);
                        q.count = 1;
                    }
                }
            } else {
                for (int i = 0; i < queued.size(); i++) {
                    if (counts[i] < 0) {
                        throw new SQLException("the database did not count a queued run's rows");
                    }
                    queued.get(i).count = counts[i];
                }
            }
        } catch (SQLException e) {
            try {
                p.clearBatch(); // a driver may keep a failed batch's runs: none may run with the next
            } catch (SQLException alsoLost) {
                e.addSuppressed(alsoLost);
            }
            throw new QueuedRunFailed(e);
        } finally {
            queued.clear();
        }
    }

    /** Forgets what is queued without running it: the transaction it was for is rolled back. */
    void dropQueued() throws SQLException {
        if (queuedStatement != null) {
            queuedStatement.clearBatch();
            queuedStatement = null;
        }
        queued.clear();
    }

    /** The cache's key of a statement prepared to return keys: the same text, prepared apart. */
    private static final String KEYS = "\0keys\0";

    private PreparedStatement cached(String sql, boolean returnKeys) throws SQLException {
        PreparedStatement p = cache.get(sql);
        if (p == null) {
            p = returnKeys
                    ? connection.prepareStatement(sql.substring(KEYS.length()), Statement.RETURN_GENERATED_KEYS)
                    : connection.prepareStatement(sql);
            cache.put(sql, p);
            if (cache.size() > KEPT) {
                Iterator<PreparedStatement> eldest = cache.values().iterator();
                PreparedStatement dropped = eldest.next();
                if (dropped == queuedStatement) {
                    runQueued();
                }
                eldest.remove();
                dropped.close();
            }
        } else {
            p.clearParameters();
        }
        return p;
    }

    Connection connection() {
        return connection;
    }

    /** Closes the statements (not the connection). */
    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement p : cache.values()) {
            try {
                p.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        cache.clear();
        if (first != null) {
            throw first;
        }
    }
}
