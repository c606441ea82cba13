package dev.stepwise.store;

import java.sql.SQLException;

/**
 * What differs between the databases the store runs on. The SQL itself is written once, in the
 * subset both speak (positional parameters, COALESCE, row-value comparisons, INSERT … RETURNING,
 * ON CONFLICT … DO UPDATE); each database has its own migrations folder for its DDL.
 */
interface Dialect {

    /** The Flyway location of this database's migrations. */
    String migrations();

    /** Whether the failure is a uniqueness (or other integrity) rule refusing a write. */
    boolean isConstraintViolation(SQLException e);

    /**
     * Whether the failure is the connection's, not the statement's (the database went away, the
     * connection was closed under us): the transaction it was in is gone, and a new connection may
     * succeed where this one failed.
     */
    boolean isConnectionFailure(SQLException e);

    /** The statement that shows the query plan of {@code sql} (same parameters). */
    String explain(String sql);

    /** The column of {@link #explain}'s result rows that holds the plan's text. */
    String planColumn();

    /** SQLite: the embedded store in one file, written by this process alone. */
    Dialect SQLITE = new Dialect() {
        @Override
        public String migrations() {
            return "classpath:db/migration/sqlite";
        }

        @Override
        public boolean isConstraintViolation(SQLException e) {
            // SQLITE_CONSTRAINT and its extended codes (UNIQUE, PRIMARYKEY, …) share the low byte 19
            return (e.getErrorCode() & 0xff) == 19 || "23000".equals(e.getSQLState());
        }

        @Override
        public boolean isConnectionFailure(SQLException e) {
            // a file opened by this process: its connection is not lost while the process lives
            return false;
        }

        @Override
        public String explain(String sql) {
            return "EXPLAIN QUERY PLAN " + sql;
        }

        @Override
        public String planColumn() {
            return "detail";
        }
    };

    /** PostgreSQL: integrity constraint violations are SQLSTATE class 23, connection failures class 08. */
    Dialect POSTGRESQL = new Dialect() {
        @Override
        public String migrations() {
            return "classpath:db/migration/postgresql";
        }

        @Override
        public boolean isConstraintViolation(SQLException e) {
            return e.getSQLState() != null && e.getSQLState().startsWith("23");
        }

        @Override
        public boolean isConnectionFailure(SQLException e) {
            // 08: connection exception; 57P01..57P03: the server is shutting down or not yet accepting
            String state = e.getSQLState();
            return state != null && (state.startsWith("08") || state.startsWith("57P"));
        }

        @Override
        public String explain(String sql) {
            return "EXPLAIN " + sql;
        }

        @Override
        public String planColumn() {
            return "QUERY PLAN";
        }
    };
}
