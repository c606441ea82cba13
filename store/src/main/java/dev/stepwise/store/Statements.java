package dev.stepwise.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A connection's prepared statements, prepared once per SQL text and reused: preparing is a large
 * part of a small statement's cost. Used by one thread at a time (the connection's). Callers must
 * not close what {@link #prepare} returns; a result set they open they close (on SQLite, closing it
 * resets the statement, which ends a reader's read transaction).
 *
 * <p>The most recently used {@value #KEPT} are kept: a few SQL texts carry a value of their own (a
 * time), and would otherwise pile up.
 */
final class Statements implements AutoCloseable {
    static final int KEPT = 64;
    private final Connection connection;
    private final LinkedHashMap<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true);

    Statements(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement p = cache.get(sql);
        if (p == null) {
            p = connection.prepareStatement(sql);
            cache.put(sql, p);
            if (cache.size() > KEPT) {
                Iterator<PreparedStatement> eldest = cache.values().iterator();
                PreparedStatement dropped = eldest.next();
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
