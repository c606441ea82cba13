package dev.stepwise.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /**
     * The database's clock now, as epoch milliseconds, in SQL: leases are judged by it, never by a
     * node's own clock (the current time, not the transaction's start, where the two differ).
     */
    String nowMillis();

    /** The statement that shows the query plan of {@code sql} (same parameters). */
    String explain(String sql);

    /**
     * What ends an INSERT whose generated {@code id} {@link #insertedId} reads: {@code RETURNING id},
     * or nothing where the database tells the id otherwise.
     */
    default String returningId() {
        return " RETURNING id";
    }

    /** Runs {@code insert} (ended with {@link #returningId}) and returns the id it generated. */
    default long insertedId(Statements statements, PreparedStatement insert) throws SQLException {
        try (ResultSet r = insert.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Whether a write's statements are combined into one where they can be (a data-modifying WITH):
     * each statement is a round trip to a database server, one the single writer waits for. SQLite
     * runs in this process, and has no data-modifying WITH.
     */
    default boolean combinesStatements() {
        return false;
    }

    /** The column of {@link #explain}'s result rows that holds the plan's text. */
    String planColumn();

    /**
     * Free text (an error, a cause, a tag) as this database can hold it; {@link #givenText} gives it
     * back as it was. Identity for every text without NUL on both databases.
     */
    default String storedText(String text) {
        return text;
    }

    /** Text read from a column {@link #storedText} wrote, as it was given. */
    default String givenText(String stored) {
        return stored;
    }

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
        public String nowMillis() {
            return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
        }

        @Override
        public String explain(String sql) {
            return "EXPLAIN QUERY PLAN " + sql;
        }

        @Override
        public String planColumn() {
            return "detail";
        }

        /*
         * SQLite runs an INSERT … RETURNING through a temporary table that it fills and reads back:
         * that was about a quarter of an execution row's INSERT. The connection's last inserted rowid
         * is the same number (id is the rowid), for one more small statement.
         */
        @Override
        public String returningId() {
            return "";
        }

        @Override
        public long insertedId(Statements statements, PreparedStatement insert) throws SQLException {
            insert.executeUpdate();
            try (ResultSet r = statements.prepare("SELECT last_insert_rowid()").executeQuery()) {
                r.next();
                return r.getLong(1);
            }
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
        public String nowMillis() {
            return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)";
        }

        @Override
        public boolean combinesStatements() {
            return true;
        }

        @Override
        public String explain(String sql) {
            return "EXPLAIN " + sql;
        }

        @Override
        public String planColumn() {
            return "QUERY PLAN";
        }

        /*
         * PostgreSQL's text holds no NUL (SQLite's does). NUL is written U+FFFF '0' and U+FFFF itself
         * U+FFFF U+FFFF (a noncharacter: text from clients all but never holds it), so that text
         * without either is stored as it is.
         */
        @Override
        public String storedText(String text) {
            if (text == null || (text.indexOf('\u0000') < 0 && text.indexOf(ESCAPE) < 0)) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\u0000' -> out.append(ESCAPE).append('0');
                    case ESCAPE -> out.append(ESCAPE).append(ESCAPE);
                    default -> out.append(c);
                }
            }
            return out.toString();
        }

        @Override
        public String givenText(String stored) {
            if (stored == null || stored.indexOf(ESCAPE) < 0) {
                return stored;
            }
            StringBuilder out = new StringBuilder(stored.length());
            for (int i = 0; i < stored.length(); i++) {
                char c = stored.charAt(i);
                if (c == ESCAPE && i + 1 < stored.length()) {
                    out.append(stored.charAt(++i) == '0' ? '\u0000' : ESCAPE);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    };

    /** PostgreSQL's escape for text holding NUL (see {@link #POSTGRESQL}'s storedText). */
    char ESCAPE = '\uffff';
}
