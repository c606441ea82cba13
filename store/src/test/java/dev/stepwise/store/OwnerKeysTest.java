package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionLog.Owner;
import dev.stepwise.engine.store.ExecutionSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing indexes by machine are keyed by a number standing for the machine's ARN: executions
 * stored before that (schema 15) get their machine's key when the store moves to schema 16, on both
 * databases, and are listed by their machine as before; and since two ARNs may share a key, a
 * listing compares the ARN too.
 */
class OwnerKeysTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private static final String ORDERS = PREFIX + "stateMachine:orders";
    private static final String INVOICES = PREFIX + "stateMachine:invoices";
    private static final String VERSION = ORDERS + ":1";
    private static final String ALIAS = ORDERS + ":live";
    private static final String MAP_RUN = PREFIX + "mapRun:invoices/each:1";

    @Test
    void theKeyIsTheFirstEightBytesOfTheArnsSha256() {
        // stored keys must never change meaning: this value is Python's
        // struct.unpack('>q', hashlib.sha256(arn.encode()).digest()[:8])[0]
        assertThat(OwnerKeys.of(ORDERS)).isEqualTo(4330565231053625220L);
        assertThat(OwnerKeys.of(null)).isNull();
    }

    @Test
    void keysComputedAtOnceOnManyThreadsAreTheSameAsOneAtATime() throws Exception {
        // the digest is copied from one shared prototype: no hash may leak into another
        List<String> arns = IntStream.range(0, 64).mapToObj(i -> ORDERS + i).toList();
        Map<String, Long> alone = arns.stream().collect(Collectors.toMap(a -> a, OwnerKeys::of));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                for (String arn : arns) {
                    checks.add(pool.submit(() -> alone.get(arn).equals(OwnerKeys.of(arn))));
                }
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        }
        assertThat(OwnerKeys.of(ORDERS)).isEqualTo(4330565231053625220L);
    }

    @Test
    void sqliteExecutionsStoredBeforeOwnerKeysAreListedByTheirOwners(@TempDir Path dir) throws Exception {
        SchemaAt.sqlite(dir, "15", OwnerKeysTest::storeAtSchema15, OwnerKeysTest::checkMigratedAndSharedKey);
    }

    @Test
    void postgresqlExecutionsStoredBeforeOwnerKeysAreListedByTheirOwners() throws Exception {
        SchemaAt.postgres(db, "15", OwnerKeysTest::storeAtSchema15, OwnerKeysTest::checkMigratedAndSharedKey);
    }

    private static void checkMigratedAndSharedKey(Store store, Connection c) throws Exception {
        checkMigrated(store, c);
        checkSharedKey(store, c);
    }

    /**
     * Executions as schema 15 stores them: three of one machine (one failed and redriven, two through
     * its alias to version 1), two of another (children of a Map run).
     */
    private static void storeAtSchema15(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, input, definition_hash,
                    role_arn, seed, next_event_id, redrive_count, version_arn, alias_arn, map_run_arn, row_version, owner)
                VALUES (?, ?, ?, 'STANDARD', ?, ?, '{}', 'sha256:x', 'arn:aws:iam::1:role/r', 1, 2, ?, ?, ?, ?, 1, 'n')""")) {
            Object[][] rows = {{ORDERS, "o1", "SUCCEEDED", 0, null, null, null},
                    {ORDERS, "o2", "FAILED", 1, VERSION, ALIAS, null}, {INVOICES, "i1", "SUCCEEDED", 0, null, null, MAP_RUN},
                    {ORDERS, "o3", "SUCCEEDED", 0, VERSION, ALIAS, null}, {INVOICES, "i2", "FAILED", 0, null, null, MAP_RUN}};
            for (int i = 0; i < rows.length; i++) {
                String machine = (String) rows[i][0];
                p.setString(1, machine.replace("stateMachine", "execution") + ":" + rows[i][1]);
                p.setString(2, machine);
                p.setString(3, (String) rows[i][1]);
                p.setString(4, (String) rows[i][2]);
                p.setLong(5, 1_000 + i);
                p.setInt(6, (Integer) rows[i][3]);
                p.setString(7, (String) rows[i][4]);
                p.setString(8, (String) rows[i][5]);
                p.setString(9, (String) rows[i][6]);
                p.executeUpdate();
            }
        }
    }

    private static void checkMigrated(Store store, Connection c) throws SQLException {
        int rows = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT state_machine_arn, machine_key, version_arn, version_key, "
                + "alias_arn, alias_key, map_run_arn, map_run_key FROM execution"); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                for (int column = 1; column < 8; column += 2) {
                    long key = r.getLong(column + 1);
                    assertThat(r.wasNull() ? null : key).as(r.getString(column))
                            .isEqualTo(OwnerKeys.of(r.getString(column)));
                }
                rows++;
            }
        }
        assertThat(rows).isEqualTo(5);
        assertThat(names(store, Owner.STATE_MACHINE, ORDERS, null, null)).containsExactly("o3", "o2", "o1");
        assertThat(names(store, Owner.STATE_MACHINE, ORDERS, "SUCCEEDED", null)).containsExactly("o3", "o1");
        assertThat(names(store, Owner.STATE_MACHINE, ORDERS, null, true)).containsExactly("o2");
        assertThat(names(store, Owner.STATE_MACHINE, INVOICES, null, null)).containsExactly("i2", "i1");
        assertThat(names(store, Owner.VERSION, VERSION, null, null)).containsExactly("o3", "o2");
        assertThat(names(store, Owner.ALIAS, ALIAS, "FAILED", null)).containsExactly("o2");
        assertThat(names(store, Owner.ALIAS, ALIAS, null, true)).containsExactly("o2");
        assertThat(names(store, Owner.MAP_RUN, MAP_RUN, null, false)).containsExactly("i2", "i1");
        assertThat(store.statusCounts(MAP_RUN)).containsExactlyInAnyOrderEntriesOf(Map.of("SUCCEEDED", 1L, "FAILED", 1L));
    }

    /**
     * Owners whose ARNs share a key (forged here: a 64-bit collision is not found by chance) list
     * apart: two machines, whose executions interleave so that a page's rows are partly the other's,
     * and two Map runs, whose children's counts stay apart.
     */
    private static void checkSharedKey(Store store, Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE execution SET machine_key = ? WHERE state_machine_arn = ?")) {
            p.setLong(1, OwnerKeys.of(ORDERS));
            p.setString(2, INVOICES);
            assertThat(p.executeUpdate()).isEqualTo(2);
        }
        assertThat(names(store, Owner.STATE_MACHINE, ORDERS, null, null)).containsExactly("o3", "o2", "o1");
        assertThat(names(store, Owner.STATE_MACHINE, ORDERS, "SUCCEEDED", null)).containsExactly("o3", "o1");
        // found by its own key no longer
        assertThat(names(store, Owner.STATE_MACHINE, INVOICES, null, null)).isEmpty();
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE execution SET map_run_arn = ?, map_run_key = ?, status = 'ABORTED' WHERE name = 'o1'")) {
            p.setString(1, MAP_RUN.replace("each", "other"));
            p.setLong(2, OwnerKeys.of(MAP_RUN));
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
        assertThat(names(store, Owner.MAP_RUN, MAP_RUN, null, null)).containsExactly("i2", "i1");
        assertThat(store.statusCounts(MAP_RUN)).containsExactlyInAnyOrderEntriesOf(Map.of("SUCCEEDED", 1L, "FAILED", 1L));
    }

    /** One page at a time, two a page, so the keyset's later pages are read too. */
    private static List<String> names(Store store, Owner owner, String arn, String status, Boolean redriven) {
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            assertThat(pages++).as("pages of %s", arn).isLessThan(5);
            var page = store.listExecutions(new ExecutionLog.ExecutionFilter(owner, arn, status, redriven), after, 2);
            page.items().stream().map(ExecutionSummary::name).forEach(names::add);
            after = page.next();
        } while (after != null);
        return names;
    }
}
