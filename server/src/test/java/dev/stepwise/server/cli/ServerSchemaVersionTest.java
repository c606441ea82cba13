package dev.stepwise.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.Main;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import dev.stepwise.store.Stores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose build knows fewer migrations than its database has (another node runs a newer
 * build, or a newer build opened the data folder) is refused at start: a message saying so, exit
 * 1, no stack trace, and nothing of the newer schema touched.
 */
class ServerSchemaVersionTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    /** A migration this build does not have, as a newer build records it. */
    private static final String NEWER_MIGRATION = "INSERT INTO flyway_schema_history (installed_rank, version, "
            + "description, type, script, checksum, installed_by, execution_time, success) VALUES (999, '999', "
            + "'from a newer build', 'SQL', 'V999__newer.sql', 0, 'stepwise', 1, true)";

    @Test
    void aNodeOfAnOlderBuildIsRefusedByADatabaseANewerBuildMigrated(@TempDir Path tmp) throws Exception {
        Stores.open(db.options()).close();
        int applied = appliedMigrations(PostgresFixture.connect(db.url()));
        try (Connection c = PostgresFixture.connect(db.url()); Statement s = c.createStatement()) {
            s.execute(NEWER_MIGRATION);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--port", "0",
                "--data", tmp.resolve("data").toString(), "--database", db.url().url(), "--database-user",
                db.url().user(), "--database-password", db.url().password());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("listening");
        assertThat(err.toString()).startsWith("stepwise: cannot open the store at ")
                .containsPattern("the database's schema is at version 999, newer than this build knows \\(version \\d+\\)")
                .contains("all nodes on one database must run the same version")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(appliedMigrations(PostgresFixture.connect(db.url()))).as("nothing migrated or undone")
                .isEqualTo(applied + 1);
    }

    @Test
    void aDataFolderANewerBuildMigratedIsRefusedToo(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Stores.openSqlite(data, false).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stepwise.db"));
             Statement s = c.createStatement()) {
            s.execute(NEWER_MIGRATION);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--port", "0",
                "--data", data.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).containsPattern("the database's schema is at version 999, newer than this build "
                + "knows \\(version \\d+\\)").doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("listening");
    }

    private static int appliedMigrations(Connection connection) throws SQLException {
        try (Connection c = connection; Statement s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")) {
            r.next();
            return r.getInt(1);
        }
    }
}
