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
    };

    /** PostgreSQL: integrity constraint violations are SQLSTATE class 23. */
    Dialect POSTGRESQL = new Dialect() {
        @Override
        public String migrations() {
            return "classpath:db/migration/postgresql";
        }

        @Override
        public boolean isConstraintViolation(SQLException e) {
            return e.getSQLState() != null && e.getSQLState().startsWith("23");
        }
    };
}
