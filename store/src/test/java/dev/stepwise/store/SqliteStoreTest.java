package dev.stepwise.store;

import static dev.stepwise.engine.store.ExecutionLogContract.identity;
import static dev.stepwise.engine.store.ExecutionLogContract.ids;
import static dev.stepwise.engine.store.ExecutionLogContract.running;
import static dev.stepwise.engine.store.ExecutionLogContract.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionLogContract;
import dev.stepwise.engine.store.ExecutionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, and the execution log's, on the embedded SQLite store; and how SQLite keeps them. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return Stores.openSqlite(dir, true);
    }

    @Nested
    class AsExecutionLog extends ExecutionLogContract {
        @Override
        protected ExecutionLog openLog() {
            return Stores.openSqlite(dir.resolve("log"), true);
        }
    }

    @Test
    void historyChunksAreStoredCompressedAndThoseOfEarlierBuildsReadAsTheyWere() throws Exception {
        ExecutionRecord e = store.create(identity("compressed", ExecutionLogContract.T0), "n",
                step(0, 1, 20, running(21)));
        byte[] stored;
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(
                "SELECT events FROM history_chunk WHERE execution_id = ? AND first_event_id = 1")) {
            p.setLong(1, e.id());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                stored = r.getBytes(1);
            }
            // the next step as an earlier build stored it: plain JSON text
            try (PreparedStatement plain = c.prepareStatement("INSERT INTO history_chunk (execution_id, "
                    + "first_event_id, last_event_id, events) VALUES (?, 21, 21, ?)")) {
                plain.setLong(1, e.id());
                plain.setString(2, "[{\"timestamp\":1.0,\"type\":\"PassStateExited\",\"id\":21,\"previousEventId\":20,"
                        + "\"stateExitedEventDetails\":{\"name\":\"S20\",\"output\":\"{}\"}}]");
                plain.executeUpdate();
            }
        }
        byte[] json = ExecutionLogContract.step(0, 1, 20, running(21)).events();
        assertThat(stored[0]).isNotEqualTo((byte) '[');
        assertThat(stored.length).isLessThan(json.length / 4);
        assertThat(HistoryChunks.decode(stored)).isEqualTo(json);
        assertThat(ids(store.history(e.id(), 0, 100, false))).hasSize(21).endsWith(20L, 21L);
        assertThat(ids(store.history(e.id(), 22, 100, true))).hasSize(21).startsWith(21L, 20L);
        assertThat(store.history(e.id(), 20, 1, false).get(0).toString()).contains("PassStateExited");
    }

    @Test
    void theOpenExecutionsAreReadAlongAnIndex() {
        JdbcStore jdbc = (JdbcStore) store;
        for (int i = 0; i < 50; i++) {
            store.create(identity("e" + i, ExecutionLogContract.T0), "n", step(0, 1, 1, running(2)));
        }
        // a whole-table scan in id order would read every execution ever stored, open or not
        assertThat(jdbc.explain(JdbcStore.OPEN_EXECUTIONS))
                .anySatisfy(line -> assertThat(line).contains("USING INDEX execution_open_by_owner"))
                .noneSatisfy(line -> assertThat(line).isEqualTo("SCAN execution"));
    }

    /**
     * Entries of new executions land at the end of the listing indexes (they ascend, and are read
     * newest first backwards): an index filled at its end leaves full pages behind, where entries
     * always added at a range's start leave pages half-empty, and write more of them per execution.
     */
    @Test
    void listingIndexesFilledByNewExecutionsKeepTheirPagesFull() throws Exception {
        for (int i = 0; i < 1500; i++) {
            store.create(identity("e" + i, ExecutionLogContract.T0.plusMillis(i)), "n",
                    step(0, 1, 1, ExecutionLogContract.closedAt(ExecutionLogContract.T0.plusMillis(i + 1))));
        }
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("""
                SELECT name, count(*), 1.0 - CAST(sum(unused) AS REAL) / sum(pgsize) FROM dbstat
                WHERE name IN ('execution_by_machine', 'execution_by_machine_status') AND pagetype = 'leaf'
                GROUP BY name""")) {
            int indexes = 0;
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    indexes++;
                    assertThat(r.getInt(2)).as("leaf pages of %s", r.getString(1)).isGreaterThan(10);
                    assertThat(r.getDouble(3)).as("how full the leaf pages of %s are", r.getString(1))
                            .isGreaterThan(0.85);
                }
            }
            assertThat(indexes).isEqualTo(2);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("stepwise.db"));
    }
}
