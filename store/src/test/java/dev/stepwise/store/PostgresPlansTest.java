package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.ExecutionLog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every listing is a keyset page read along an index on PostgreSQL too: with tens of thousands of
 * rows and fresh statistics, each listing query of JdbcStore, for a first page and a later one, is an
 * index scan whose index condition starts at the page's position, with no sort and no sequential
 * scan; both as planned for its arguments and as the generic plan the server may settle on for a
 * prepared statement run many times.
 */
class PostgresPlansTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    private static final String ACCOUNT = "123456789012";
    private static final String PREFIX = "arn:aws:states:us-east-1:" + ACCOUNT + ":";
    private static final String MACHINE = PREFIX + "stateMachine:indexed";
    private static final String MAP_RUN = PREFIX + "mapRun:indexed/m:1";
    private static final String EXECUTION = PREFIX + "execution:indexed:x";
    private static final long MAX = Long.MAX_VALUE;

    private static JdbcStore store;

    /**
     * A listing query with the arguments of a first and of a later page, and the column its range
     * starts from. {@code fewRows}: the query reads the owner's redriven executions and checks a status
     * on them, so the server may combine indexes and sort what it finds (a few rows by nature) instead
     * of reading a range in order.
     */
    private record Query(String name, String sql, Object[] firstPage, Object[] laterPage, String keyColumn,
                         boolean fewRows) {
        Query(String name, String sql, Object[] firstPage, Object[] laterPage, String keyColumn) {
            this(name, sql, firstPage, laterPage, keyColumn, false);
        }
    }

    @BeforeAll
    static void fill() throws SQLException {
        store = (JdbcStore) Stores.open(db.options());
        try (Connection c = PostgresFixture.connect(db.url()); Statement s = c.createStatement()) {
            // 30,000 executions: 20,000 of the listed machine (a third on version 1, a sixth through an
            // alias, a tenth failed, a few redriven), 5,000 children of one Map run, 5,000 of 50 other machines
            s.execute("""
                    INSERT INTO execution (arn, state_machine_arn, name, type, status, start_ms, stop_ms, input,
                        definition_hash, role_arn, seed, version_arn, alias_arn, map_run_arn, redrive_count, next_event_id,
                        row_version)
                    SELECT '%1$sexecution:' || m || ':e' || i, '%1$sstateMachine:' || m, 'e' || i, 'STANDARD',
                           CASE WHEN i %% 10 = 0 THEN 'FAILED' WHEN i %% 97 = 0 THEN 'RUNNING' ELSE 'SUCCEEDED' END,
                           1700000000000 + i * 10, 1700000000005 + i * 10, '{}', '{}', 'arn:aws:iam::1:role/r', 1,
                           CASE WHEN i %% 3 = 0 THEN '%1$sstateMachine:' || m || ':1' END,
                           CASE WHEN i %% 6 = 0 THEN '%1$sstateMachine:' || m || ':live' END,
                           CASE WHEN i > 20000 AND i <= 25000 THEN '%2$s' END,
                           CASE WHEN i %% 1000 = 0 THEN 1 ELSE 0 END, 5, 1
                    FROM (SELECT i, CASE WHEN i <= 25000 THEN 'indexed' ELSE 'other' || (i %% 50) END AS m
                          FROM generate_series(1, 30000) AS i) AS rows
                    """.formatted(PREFIX, MAP_RUN));
            OwnerKeys.fill(c);
            // a history of 2,500 steps, and a step each for 10,000 other executions
            s.execute("""
                    INSERT INTO history_chunk (execution_id, first_event_id, last_event_id, events)
                    SELECT 1, i * 2 - 1, i * 2, convert_to('[]', 'UTF8') FROM generate_series(1, 2500) AS i
                    UNION ALL
                    SELECT i, 1, 3, convert_to('[]', 'UTF8') FROM generate_series(2, 10000) AS i
                    """);
            // 5,000 state machines, 2,000 Map runs of one execution, 1,000 versions of one machine (AWS's
            // most) and two of each of a thousand others
            s.execute("""
                    INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
                    SELECT '%1$sstateMachine:m' || i, '%2$s', 'us-east-1', 'stateMachine', '', 'm' || i, 1, '{}'
                    FROM generate_series(1, 5000) AS i
                    UNION ALL
                    SELECT '%1$smapRun:indexed/r' || i, '%2$s', 'us-east-1', 'mapRun', '%3$s',
                           lpad((1700000000000 + i)::text, 15, '0') || '/%1$smapRun:indexed/r' || i, 1, '{}'
                    FROM generate_series(1, 2000) AS i
                    UNION ALL
                    SELECT '%1$sstateMachine:m7:' || i, '%2$s', 'us-east-1', 'stateMachineVersion',
                           '%1$sstateMachine:m7', lpad(i::text, 10, '0'), 1, '{}'
                    FROM generate_series(1, 1000) AS i
                    UNION ALL
                    SELECT '%1$sstateMachine:m' || (i %% 1000) || ':' || i, '%2$s', 'us-east-1', 'stateMachineVersion',
                           '%1$sstateMachine:m' || (i %% 1000), lpad(i::text, 10, '0'), 1, '{}'
                    FROM generate_series(1, 2000) AS i WHERE i %% 1000 <> 7
                    """.formatted(PREFIX, ACCOUNT, EXECUTION));
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    private static List<Query> listingQueries() {
        long later = 1700000000000L + 10000 * 10;
        List<Query> queries = new ArrayList<>();
        Map<ExecutionLog.Owner, String> owners = Map.of(ExecutionLog.Owner.STATE_MACHINE, MACHINE,
                ExecutionLog.Owner.VERSION, MACHINE + ":1", ExecutionLog.Owner.ALIAS, MACHINE + ":live",
                ExecutionLog.Owner.MAP_RUN, MAP_RUN);
        for (Map.Entry<ExecutionLog.Owner, String> entry : owners.entrySet()) {
            String owner = entry.getValue();
            // a status most executions have, one a tenth have, one a hundredth have
            for (String status : Arrays.asList(null, "SUCCEEDED", "FAILED", "RUNNING")) {
                for (Boolean redriven : Arrays.asList(null, true, false)) {
                    ExecutionLog.ExecutionFilter filter = new ExecutionLog.ExecutionFilter(entry.getKey(), owner,
                            status, redriven);
                    queries.add(new Query("ListExecutions " + filter, JdbcStore.listExecutionsSql(filter),
                            JdbcStore.listExecutionsArguments(filter, MAX, MAX, 101),
                            JdbcStore.listExecutionsArguments(filter, later, 42L, 101), "start_ms",
                            Boolean.TRUE.equals(redriven) && status != null));
                }
            }
        }
        for (boolean reverse : new boolean[] {false, true}) {
            String sql = reverse ? JdbcStore.LIST_RESOURCES_REVERSE : JdbcStore.LIST_RESOURCES;
            String suffix = reverse ? " reversed" : "";
            queries.add(new Query("ListStateMachines" + suffix, sql,
                    new Object[] {ACCOUNT, "us-east-1", "stateMachine", "", reverse ? "\uffff" : "", 101},
                    new Object[] {ACCOUNT, "us-east-1", "stateMachine", "", "m2500", 101}, "key"));
            queries.add(new Query("ListStateMachineVersions" + suffix, sql,
                    new Object[] {ACCOUNT, "us-east-1", "stateMachineVersion", PREFIX + "stateMachine:m7",
                            reverse ? "\uffff" : "", 101},
                    new Object[] {ACCOUNT, "us-east-1", "stateMachineVersion", PREFIX + "stateMachine:m7",
                            "0000000007", 101}, "key"));
            queries.add(new Query("ListMapRuns" + suffix, sql,
                    new Object[] {ACCOUNT, "us-east-1", "mapRun", EXECUTION, reverse ? "\uffff" : "", 101},
                    new Object[] {ACCOUNT, "us-east-1", "mapRun", EXECUTION, "001700000001000/" + MAP_RUN, 101},
                    "key"));
        }
        queries.add(new Query("GetExecutionHistory", JdbcStore.HISTORY_FORWARD,
                new Object[] {1L, 1L, 0L, 64}, new Object[] {1L, 1L, 2500L, 64}, "first_event_id"));
        queries.add(new Query("GetExecutionHistory reverseOrder", JdbcStore.HISTORY_BACKWARD,
                new Object[] {1L, MAX, 64}, new Object[] {1L, 2500L, 64}, "first_event_id"));
        return queries;
    }

    @Test
    void everyListingIsAnIndexRangeWithoutASortAsPlannedForItsArguments() {
        for (Query q : listingQueries()) {
            for (Object[] args : List.of(q.firstPage(), q.laterPage())) {
                assertIndexRange(q, store.explain(q.sql(), args));
            }
        }
    }

    @Test
    void everyListingIsAnIndexRangeWithoutASortInItsGenericPlan() throws SQLException {
        try (Connection c = PostgresFixture.connect(db.url()); Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            int n = 0;
            for (Query q : listingQueries()) {
                String name = "q" + n++;
                s.execute("PREPARE " + name + " AS " + numbered(q.sql()));
                for (Object[] args : List.of(q.firstPage(), q.laterPage())) {
                    List<String> plan = new ArrayList<>();
                    try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE " + name + "(" + literals(args) + ")")) {
                        while (r.next()) {
                            plan.add(r.getString(1));
                        }
                    }
                    assertIndexRange(q, plan);
                }
            }
        }
    }

    private static void assertIndexRange(Query q, List<String> plan) {
        if (q.fewRows()) {
            assertThat(plan).as("plan of %s", q.name()).noneMatch(line -> line.contains("Seq Scan"))
                    .anyMatch(line -> line.matches(".*Index Scan on execution_redriven_by_\\w+ .*")
                            // the indexes are ascending, read newest first (V15)
                            || line.matches(".*Index Scan (Backward )?using execution_redriven_by_\\w+ .*"));
            return;
        }
        SoftAssertions.assertSoftly(soft -> soft.assertThat(plan).as("plan of %s", q.name()).isNotEmpty()
                .noneMatch(line -> line.contains("Seq Scan"))
                .noneMatch(line -> line.contains("Sort"))
                .noneMatch(line -> line.contains("Bitmap"))
                .anyMatch(line -> line.contains("Index Scan") || line.contains("Index Only Scan"))
                // the range starts at the page's position: an index condition, not a filter up to it
                .anyMatch(line -> line.matches(".*Index Cond: .*\\b" + q.keyColumn() + "\\b.*[<>].*")));
    }

    /** JDBC's ? placeholders as PREPARE's $1, $2, … (no listing query has a ? inside a literal). */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }

    private static String literals(Object[] args) {
        List<String> out = new ArrayList<>();
        for (Object a : args) {
            out.add(a instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(a));
        }
        return String.join(", ", out);
    }
}
