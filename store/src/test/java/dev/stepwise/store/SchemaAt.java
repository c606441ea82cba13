package dev.stepwise.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/**
 * A test of a migration: the database is migrated up to a schema version and no further, as an
 * earlier build left it, given rows at that version, then opened as a store (which migrates it to
 * the latest) and checked, with a connection of its own beside the store.
 */
final class SchemaAt {
    private SchemaAt() {}

    @FunctionalInterface
    interface Rows {
        void store(Connection c) throws Exception;
    }

    @FunctionalInterface
    interface Check {
        void check(Store store, Connection c) throws Exception;
    }

    static void sqlite(Path dir, String version, Rows before, Check after) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("stepwise.db");
        Flyway.configure().dataSource(url, null, null).locations(Dialect.SQLITE.migrations()).target(version).load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            before.store(c);
        }
        try (Store store = Stores.openSqlite(dir, true); Connection c = DriverManager.getConnection(url)) {
            after.check(store, c);
        }
    }

    static void postgres(PostgresDatabase db, String version, Rows before, Check after) throws Exception {
        PostgresUrl url = db.url();
        Flyway.configure().dataSource(url.url(), url.user(), url.password()).locations(Dialect.POSTGRESQL.migrations())
                .target(version).load().migrate();
        try (Connection c = PostgresFixture.connect(url)) {
            before.store(c);
        }
        try (Store store = Stores.open(db.options()); Connection c = PostgresFixture.connect(url)) {
            after.check(store, c);
        }
    }
}
