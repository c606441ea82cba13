package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two databases' migrations build the same schema: the same tables and columns in the same
 * order, of corresponding types and nullability, the same primary keys and unique constraints, and
 * the same indexes (name, key columns and their direction, uniqueness, partial condition); and they
 * stand at the same version. A migration added to one folder and not the other fails here.
 */
class SchemaEquivalenceTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    /** SQLite's declared types and the PostgreSQL types that hold the same values. */
    private static final Map<String, Set<String>> TYPES = Map.of(
            "INTEGER", Set.of("bigint", "integer"),
            "TEXT", Set.of("text"),
            "BLOB", Set.of("bytea"),
            "REAL", Set.of("double precision"));

    /** Columns whose SQLite declaration says less than what they hold (SQLite keeps any value in any column). */
    private static final Map<String, String> DECLARED_APART = Map.of(
            // declared TEXT when chunks were text; the store writes UTF-8 bytes since (and reads both)
            "history_chunk.events", "bytea");

    /** A table as both databases describe it. */
    private record Table(List<String> columns, Map<String, String> types, Set<String> notNull, List<String> primaryKey,
                         Set<List<String>> uniqueConstraints, Map<String, Index> indexes) {}

    private record Index(List<String> keys, boolean unique, String where) {}

    @Test
    void sqliteAndPostgresqlMigrationsBuildTheSameSchemaAtTheSameVersion(@TempDir Path dir) throws Exception {
        Stores.openSqlite(dir, false).close();
        Stores.open(db.options()).close();
        Map<String, Table> sqlite;
        String sqliteVersion;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("stepwise.db"))) {
            sqlite = sqliteSchema(c);
            sqliteVersion = version(c);
        }
        Map<String, Table> postgres;
        String postgresVersion;
        try (Connection c = PostgresFixture.connect(db.url())) {
            postgres = postgresSchema(c);
            postgresVersion = version(c);
        }

        assertThat(sqlite).containsKeys("execution", "history_chunk", "resource", "tag", "secret");
        assertThat(sqlite.get("execution").indexes()).hasSizeGreaterThan(10);
        assertThat(postgresVersion).as("the schema version").isEqualTo(sqliteVersion);
        assertThat(postgres.keySet()).as("tables").isEqualTo(sqlite.keySet());
        for (String name : sqlite.keySet()) {
            Table lite = sqlite.get(name);
            Table pg = postgres.get(name);
            assertThat(pg.columns()).as("columns of %s", name).isEqualTo(lite.columns());
            for (String column : lite.columns()) {
                String declared = lite.types().get(column);
                String expected = DECLARED_APART.get(name + "." + column);
                assertThat(pg.types().get(column)).as("type of %s.%s (SQLite: %s)", name, column, declared)
                        .isIn(expected != null ? Set.of(expected) : TYPES.getOrDefault(declared, Set.of()));
            }
            assertThat(pg.notNull()).as("NOT NULL columns of %s", name).isEqualTo(lite.notNull());
            assertThat(pg.primaryKey()).as("primary key of %s", name).isEqualTo(lite.primaryKey());
            assertThat(pg.uniqueConstraints()).as("unique constraints of %s", name).isEqualTo(lite.uniqueConstraints());
            assertThat(pg.indexes()).as("indexes of %s", name).isEqualTo(lite.indexes());
        }
    }

    private static String version(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM flyway_schema_history "
                + "WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             ResultSet r = p.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static Map<String, Table> sqliteSchema(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (String table : strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history'")) {
            List<String> columns = new ArrayList<>();
            Map<String, String> types = new TreeMap<>();
            Set<String> notNull = new TreeSet<>();
            Map<Integer, String> pk = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")) {
                p.setString(1, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String column = r.getString(1);
                        columns.add(column);
                        types.put(column, r.getString(2).toUpperCase(Locale.ROOT));
                        // a primary key's columns hold no NULL (the rowid, or WITHOUT ROWID's rule)
                        if (r.getInt(3) == 1 || r.getInt(4) > 0) {
                            notNull.add(column);
                        }
                        if (r.getInt(4) > 0) {
                            pk.put(r.getInt(4), column);
                        }
                    }
                }
            }
            Set<List<String>> uniques = new TreeSet<>(SchemaEquivalenceTest::compare);
            Map<String, Index> indexes = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, \"unique\", origin FROM pragma_index_list(?)")) {
                p.setString(1, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String index = r.getString(1);
                        List<String> keys = sqliteKeys(c, index);
                        switch (r.getString(3)) {
                            case "pk" -> { } // the primary key, read above
                            case "u" -> uniques.add(columnsOf(keys));
                            default -> indexes.put(index, new Index(keys, r.getInt(2) == 1,
                                    where(string(c, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '"
                                            + index + "'"))));
                        }
                    }
                }
            }
            tables.put(table, new Table(columns, types, notNull, new ArrayList<>(pk.values()), uniques, indexes));
        }
        return tables;
    }

    private static List<String> sqliteKeys(Connection c, String index) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT name, \"desc\" FROM pragma_index_xinfo(?) "
                + "WHERE key = 1 ORDER BY seqno")) {
            p.setString(1, index);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.add(r.getString(1) + (r.getInt(2) == 1 ? " DESC" : ""));
                }
            }
        }
        return keys;
    }

    private static Map<String, Table> postgresSchema(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (String table : strings(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                + "AND tablename <> 'flyway_schema_history'")) {
            List<String> columns = new ArrayList<>();
            Map<String, String> types = new TreeMap<>();
            Set<String> notNull = new TreeSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT column_name, data_type, is_nullable "
                    + "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
                    + "ORDER BY ordinal_position")) {
                p.setString(1, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        columns.add(r.getString(1));
                        types.put(r.getString(1), r.getString(2));
                        if (r.getString(3).equals("NO")) {
                            notNull.add(r.getString(1));
                        }
                    }
                }
            }
            List<String> primaryKey = List.of();
            Set<List<String>> uniques = new TreeSet<>(SchemaEquivalenceTest::compare);
            Map<String, Index> indexes = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT i.relname, x.indisunique, x.indisprimary,
                           EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u'),
                           pg_get_expr(x.indpred, x.indrelid), x.indexrelid, x.indnkeyatts
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace""")) {
                p.setString(1, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        List<String> keys = postgresKeys(c, r.getLong(6), r.getInt(7));
                        if (r.getBoolean(3)) {
                            primaryKey = columnsOf(keys);
                        } else if (r.getBoolean(4)) {
                            uniques.add(columnsOf(keys));
                        } else {
                            indexes.put(r.getString(1), new Index(keys, r.getBoolean(2), where(r.getString(5))));
                        }
                    }
                }
            }
            tables.put(table, new Table(columns, types, notNull, primaryKey, uniques, indexes));
        }
        return tables;
    }

    private static List<String> postgresKeys(Connection c, long index, int count) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT pg_get_indexdef(?, ?, true), "
                + "(SELECT indoption[? - 1] & 1 FROM pg_index WHERE indexrelid = ?)")) {
            for (int k = 1; k <= count; k++) {
                p.setLong(1, index);
                p.setInt(2, k);
                p.setInt(3, k);
                p.setLong(4, index);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    keys.add(r.getString(1) + (r.getInt(2) == 1 ? " DESC" : ""));
                }
            }
        }
        return keys;
    }

    /** A partial index's condition, written alike whichever database printed it. */
    private static String where(String sqlOrCondition) {
        if (sqlOrCondition == null) {
            return null;
        }
        String condition = sqlOrCondition;
        int where = condition.toUpperCase(Locale.ROOT).indexOf(" WHERE ");
        if (sqlOrCondition.toUpperCase(Locale.ROOT).startsWith("CREATE")) {
            if (where < 0) {
                return null;
            }
            condition = condition.substring(where + " WHERE ".length());
        }
        return condition.replaceAll("::[a-z ]+", "").replaceAll("[()\\s]", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> columnsOf(List<String> keys) {
        return keys.stream().map(k -> k.replace(" DESC", "")).toList();
    }

    private static int compare(List<String> a, List<String> b) {
        return String.join(",", a).compareTo(String.join(",", b));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static String string(Connection c, String sql) throws SQLException {
        List<String> all = strings(c, sql);
        return all.isEmpty() ? null : all.getFirst();
    }
}
