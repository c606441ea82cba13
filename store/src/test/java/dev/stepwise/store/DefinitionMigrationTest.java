package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionLogContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions stored with their definition in the row (schema 13) keep it when the store moves to
 * definitions stored once (14), on both databases: each execution reads the text it ran with, each
 * distinct text is stored once, and new executions of a migrated text read it too.
 */
class DefinitionMigrationTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private static final String FIRST = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
    private static final String SECOND = FIRST.replace("\"A\"", "\"B\"");

    @Test
    void sqliteExecutionsKeepTheirDefinitions(@TempDir Path dir) throws Exception {
        SchemaAt.sqlite(dir, "13", DefinitionMigrationTest::storeInline, DefinitionMigrationTest::checkMigrated);
    }

    @Test
    void postgresqlExecutionsKeepTheirDefinitions() throws Exception {
        SchemaAt.postgres(db, "13", DefinitionMigrationTest::storeInline, DefinitionMigrationTest::checkMigrated);
    }

    /** Three executions as schema 13 stores them: two of one definition, one of another. */
    private static void storeInline(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, input, definition,
                    role_arn, seed, next_event_id, row_version, owner)
                VALUES (?, ?, ?, 'STANDARD', 'RUNNING', 1, '{}', ?, 'arn:aws:iam::1:role/r', 1, 2, 1, 'n')""")) {
            for (String[] e : new String[][] {{"one", FIRST}, {"two", FIRST}, {"three", SECOND}}) {
                p.setString(1, PREFIX + "execution:m:" + e[0]);
                p.setString(2, PREFIX + "stateMachine:m");
                p.setString(3, e[0]);
                p.setString(4, e[1]);
                p.executeUpdate();
            }
        }
    }

    private static void checkMigrated(Store store, Connection c) throws SQLException {
        assertThat(definition(store, "one")).isEqualTo(FIRST);
        assertThat(definition(store, "two")).isEqualTo(FIRST);
        assertThat(definition(store, "three")).isEqualTo(SECOND);
        assertThat(count(c, "SELECT count(*) FROM execution_definition")).isEqualTo(2);
        assertThat(count(c, "SELECT count(DISTINCT definition_hash) FROM execution")).isEqualTo(2);
        // a new execution of a migrated text: stored once more under its content key, read as given
        ExecutionIdentity fresh = ExecutionLogContract.identity("four", ExecutionLogContract.T0);
        store.create(new ExecutionIdentity(fresh.arn(), fresh.stateMachineArn(), fresh.name(), fresh.type(),
                fresh.start(), fresh.input(), SECOND, fresh.roleArn(), fresh.seed(), null, null, null, null, null), "n",
                ExecutionLogContract.step(0, 1, 1, ExecutionLogContract.running(2)));
        assertThat(store.execution(fresh.arn()).orElseThrow().identity().definition()).isEqualTo(SECOND);
        assertThat(count(c, "SELECT count(*) FROM execution_definition")).isEqualTo(3);
        // and once only: another execution of it adds no row
        ExecutionIdentity five = ExecutionLogContract.identity("five", ExecutionLogContract.T0);
        store.create(new ExecutionIdentity(five.arn(), five.stateMachineArn(), five.name(), five.type(),
                five.start(), five.input(), SECOND, five.roleArn(), five.seed(), null, null, null, null, null), "n",
                ExecutionLogContract.step(0, 1, 1, ExecutionLogContract.closed("SUCCEEDED", 2)));
        assertThat(count(c, "SELECT count(*) FROM execution_definition")).isEqualTo(3);
        assertThat(store.openExecutions()).extracting(e -> e.identity().definition())
                .containsExactly(FIRST, FIRST, SECOND, SECOND);
    }

    private static String definition(Store store, String name) {
        return store.execution(PREFIX + "execution:m:" + name).orElseThrow().identity().definition();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
