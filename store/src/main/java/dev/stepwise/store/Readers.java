package dev.stepwise.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** The connections reads run on, each read on one connection of its own while it runs. */
interface Readers extends AutoCloseable {
    /** A read: statements from {@code statements}, which it does not close. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Statements statements) throws SQLException;
    }

    <T> T read(Read<T> read) throws SQLException;

    @Override
    void close();

    /** Reads on connections borrowed from a pool; the statements of a read are closed after it. */
    static Readers pooled(HikariDataSource pool) {
        return new Readers() {
            @Override
            public <T> T read(Read<T> read) throws SQLException {
                try (Connection c = pool.getConnection(); Statements statements = new Statements(c)) {
                    return read.apply(statements);
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /**
     * Reads on a fixed set of SQLite connections that keep their prepared statements: SQLite
     * prepares a statement on every call otherwise, which was about 40% of a DescribeExecution's
     * time in the store. A local file's connection is not lost, so none is ever replaced.
     */
    static Readers sqlite(String url, int size, List<String> pragmas) throws SQLException {
        return new SqliteReaders(url, size, pragmas);
    }

    final class SqliteReaders implements Readers {
        private static final long WAIT_SECONDS = 30;
        private final List<Statements> all = new ArrayList<>();
        private final BlockingQueue<Statements> idle;
        private volatile boolean closed;

        private SqliteReaders(String url, int size, List<String> pragmas) throws SQLException {
            idle = new ArrayBlockingQueue<>(size);
            try {
                for (int i = 0; i < size; i++) {
                    Connection c = DriverManager.getConnection(url);
                    all.add(new Statements(c));
                    try (Statement s = c.createStatement()) {
                        for (String pragma : pragmas) {
                            s.execute(pragma);
                        }
                    }
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
            idle.addAll(all);
        }

        @Override
        public <T> T read(Read<T> read) throws SQLException {
            Statements statements;
            try {
                statements = idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a reader connection", e);
            }
            if (statements == null) {
                throw new SQLException("no reader connection was free for " + WAIT_SECONDS + " s");
            }
            try {
                if (closed) {
                    throw new SQLException("the store is closed");
                }
                return read.apply(statements);
            } finally {
                idle.add(statements);
            }
        }

        @Override
        public void close() {
            closed = true;
            for (Statements s : all) {
                try {
                    s.close();
                    s.connection().close();
                } catch (SQLException ignored) {
                    // closing: nothing more to release
                }
            }
        }
    }
}
