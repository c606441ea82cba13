package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing indexes by machine are keyed by a number standing for the machine's ARN: executions
 * stored before that (schema 15) get their machine's key when the store moves to schema 16, on both
 * databases, and are listed by their machine as before; and since two ARNs may share a key, a
 * listing compares the ARN too.
 */
class MachineKeysTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private static final String ORDERS = PREFIX + "stateMachine:orders";
    private static final String INVOICES = PREFIX + "stateMachine:invoices";

    @Test
    void theKeyIsTheFirstEightBytesOfTheArnsSha256() {
        // stored keys must never change meaning: this value is Python's
        // struct.unpack('>q', hashlib.sha256(arn.encode()).digest()[:8])[0]
        assertThat(MachineKeys.of(ORDERS)).isEqualTo(4330565231053625220L);
    }

    @Test
    void sqliteExecutionsStoredBeforeMachineKeysAreListedByTheirMachine(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("stepwise.db");
        Flyway.configure().dataSource(url, null, null).locations(Dialect.SQLITE.migrations()).target("15").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            storeAtSchema15(c);
        }
        try (Store store = Stores.openSqlite(dir, true); Connection c = DriverManager.getConnection(url)) {
            checkMigrated(store, c);
            checkSharedKey(store, c);
        }
    }

    @Test
    void postgresqlExecutionsStoredBeforeMachineKeysAreListedByTheirMachine() throws Exception {
        PostgresUrl url = db.url();
        Flyway.configure().dataSource(url.url(), url.user(), url.password()).locations(Dialect.POSTGRESQL.migrations())
                .target("15").load().migrate();
        try (Connection c = PostgresFixture.connect(url)) {
            storeAtSchema15(c);
        }
        try (Store store = Stores.open(db.options()); Connection c = PostgresFixture.connect(url)) {
            checkMigrated(store, c);
            checkSharedKey(store, c);
        }
    }

    /** Executions as schema 15 stores them: three of one machine (one failed, one redriven), two of another. */
    private static void storeAtSchema15(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, input, definition_hash,
                    role_arn, seed, next_event_id, redrive_count, row_version, owner)
                VALUES (?, ?, ?, 'STANDARD', ?, ?, '{}', 'sha256:x', 'arn:aws:iam::1:role/r', 1, 2, ?, 1, 'n')""")) {
            Object[][] rows = {{ORDERS, "o1", "SUCCEEDED", 0}, {ORDERS, "o2", "FAILED", 1}, {INVOICES, "i1", "SUCCEEDED", 0},
                    {ORDERS, "o3", "SUCCEEDED", 0}, {INVOICES, "i2", "SUCCEEDED", 0}};
            for (int i = 0; i < rows.length; i++) {
                String machine = (String) rows[i][0];
                p.setString(1, machine.replace("stateMachine", "execution") + ":" + rows[i][1]);
                p.setString(2, machine);
                p.setString(3, (String) rows[i][1]);
                p.setString(4, (String) rows[i][2]);
                p.setLong(5, 1_000 + i);
                p.setInt(6, (Integer) rows[i][3]);
                p.executeUpdate();
            }
        }
    }

    private static void checkMigrated(Store store, Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT state_machine_arn, machine_key FROM execution");
             ResultSet r = p.executeQuery()) {
            int rows = 0;
            while (r.next()) {
                assertThat(r.getLong(2)).as(r.getString(1)).isEqualTo(MachineKeys.of(r.getString(1)));
                rows++;
            }
            assertThat(rows).isEqualTo(5);
        }
        assertThat(names(store, ORDERS, null, null)).containsExactly("o3", "o2", "o1");
        assertThat(names(store, ORDERS, "SUCCEEDED", null)).containsExactly("o3", "o1");
        assertThat(names(store, ORDERS, null, true)).containsExactly("o2");
        assertThat(names(store, INVOICES, null, null)).containsExactly("i2", "i1");
    }

    /** Two machines whose ARNs share a key (forged here: a 64-bit collision is not found by chance) list apart. */
    private static void checkSharedKey(Store store, Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE execution SET machine_key = ? WHERE state_machine_arn = ?")) {
            p.setLong(1, MachineKeys.of(ORDERS));
            p.setString(2, INVOICES);
            assertThat(p.executeUpdate()).isEqualTo(2);
        }
        assertThat(names(store, ORDERS, null, null)).containsExactly("o3", "o2", "o1");
        assertThat(names(store, ORDERS, "SUCCEEDED", null)).containsExactly("o3", "o1");
        assertThat(names(store, INVOICES, null, null)).isEmpty(); // found by its own key no longer
    }

    /** One page at a time, two a page, so the keyset's later pages are read too. */
    private static List<String> names(Store store, String machine, String status, Boolean redriven) {
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            assertThat(pages++).as("pages of %s", machine).isLessThan(5);
            var page = store.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.STATE_MACHINE, machine,
                    status, redriven), after, 2);
            page.items().stream().map(ExecutionSummary::name).forEach(names::add);
            after = page.next();
        } while (after != null);
        return names;
    }
}
