package dev.stepwise.store;

import static dev.stepwise.engine.store.ExecutionLogContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.StoreConflictException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statements queued on PostgreSQL: the runs of one statement that the writes of a batch queue go to
 * the database together (one round trip), in the order they were queued; a run that fails is found
 * by running the batch again under savepoints, and a write whose queued run counted no row is
 * refused alone, the others of its batch committed without running again.
 */
@Timeout(60)
class QueuedStatementsTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = connect();
        try (var s = connection.createStatement()) {
            // a schema of its own: the store's migrations want the public schema to themselves
            s.execute("CREATE SCHEMA IF NOT EXISTS queued");
            s.execute("CREATE TABLE IF NOT EXISTS queued.q (id bigserial PRIMARY KEY, name text UNIQUE, v int NOT NULL)");
            s.execute("TRUNCATE queued.q RESTART IDENTITY");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.url().url(), db.url().user(), db.url().password());
    }

    @Test
    void queuedRunsWaitForTheNextStatementAndGiveTheirKeysInTheOrderTheyWereQueued() throws Exception {
        try (Statements statements = new Statements(connection)) {
            List<Statements.Queued> runs = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                PreparedStatement p = statements.prepareToQueue("INSERT INTO queued.q (name, v) VALUES (?, 0) RETURNING id", true);
                p.setString(1, name);
                runs.add(statements.queue(p, true));
            }
            assertThatThrownBy(() -> runs.get(0).key()).isInstanceOf(IllegalStateException.class); // not run yet
            // a statement prepared to run at once runs what is queued before it
            try (ResultSet r = statements.prepare("SELECT id FROM queued.q ORDER BY name").executeQuery()) {
                for (Statements.Queued run : runs) {
                    assertThat(r.next()).isTrue();
                    assertThat(run.key()).isEqualTo(r.getLong(1));
                    assertThat(run.count()).isEqualTo(1);
                }
            }
            assertThat(runs).extracting(Statements.Queued::key).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aQueuedRunThatFailsFailsWhenTheBatchRunsNotWhenItIsQueued() throws Exception {
        try (Statements statements = new Statements(connection)) {
            for (String name : List.of("a", "a")) {
                PreparedStatement p = statements.prepareToQueue("INSERT INTO queued.q (name, v) VALUES (?, 0)", false);
                p.setString(1, name);
                statements.queue(p, false); // the duplicate is not refused here
            }
            assertThatThrownBy(() -> statements.prepare("SELECT 1"))
                    .isInstanceOf(Statements.QueuedRunFailed.class)
                    .satisfies(e -> assertThat(Dialect.POSTGRESQL.isConstraintViolation(
                            ((Statements.QueuedRunFailed) e).run())).isTrue());
        }
    }

    @Test
    void aWriteWhoseQueuedRunCountsNoRowIsRefusedAloneAndTheOthersOfItsBatchCommitWithoutRunningAgain()
            throws Exception {
        try (var s = connection.createStatement()) {
            s.execute("INSERT INTO queued.q (name, v) VALUES ('a', 0), ('b', 0), ('c', 0)");
        }
        AtomicInteger applied = new AtomicInteger();
        List<CompletableFuture<Object>> done = inOneBatch(applied,
                increment("a", 0), increment("b", 5), increment("c", 0)); // b is not at 5
        assertThat(done.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(done.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThatThrownBy(() -> done.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreConflictException.class);
        assertThat(applied).hasValue(3); // each write applied once: no rollback, no second run
        assertThat(values()).containsExactly("a=1", "b=0", "c=1");
    }

    @Test
    void aQueuedRunThatFailsIsFoundByRunningTheBatchAgainUnderSavepointsAndRefusedAlone() throws Exception {
        try (var s = connection.createStatement()) {
            s.execute("INSERT INTO queued.q (name, v) VALUES ('taken', 0)");
        }
        AtomicInteger applied = new AtomicInteger();
        List<CompletableFuture<Object>> done = inOneBatch(applied, insert("x"), insert("taken"), insert("y"));
        assertThat(done.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("x");
        assertThat(done.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("y");
        assertThatThrownBy(() -> done.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreConflictException.class);
        assertThat(applied).hasValue(6); // the batch failed as a whole, then each write ran under its savepoint
        assertThat(values()).containsExactly("taken=0", "x=0", "y=0");
    }

    @Test
    void aStepClosingItsExecutionOnASharedDatabaseNotifiesItsEndOnlyWhenItsRowWasAtTheExpectedVersion()
            throws Exception {
        try (Store store = Stores.open(db.options());
             Connection listening = Listening.on(connect(), JdbcStore.CLOSED_CHANNEL)) {
            // steps as the runtime writes them (no step-log row): their statements are queued
            ExecutionRecord e = store.create(identity("closing", T0), "node-a", snapshotted(1, 2, running(3), null));
            assertThatThrownBy(() -> store.append(e.id(), 7, snapshotted(3, 4, closed("SUCCEEDED", 5), null)))
                    .isInstanceOf(StoreConflictException.class);
            // the stale step changed nothing, said nothing
            assertThat(Listening.heard(listening, 1, Duration.ofMillis(200))).isEmpty();
            store.append(e.id(), e.version(), snapshotted(3, 4, closed("SUCCEEDED", 5), null));
            assertThat(Listening.heard(listening, 1, Duration.ofSeconds(5))).containsExactly(Long.toString(e.id()));
            assertThat(store.execution(e.arn()).orElseThrow().status()).isEqualTo("SUCCEEDED");
            assertThat(ids(store.history(e.id(), 0, 10, false))).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    /** A write that queues {@code v = v + 1} for the row named, expecting it at {@code expected}. */
    private static GroupCommitWriter.Write<GroupCommitWriter.Outcome<String>> increment(String name, int expected) {
        return c -> {
            PreparedStatement p = c.prepareToQueue("UPDATE queued.q SET v = v + 1 WHERE name = ? AND v = ?", false);
            p.setString(1, name);
            p.setInt(2, expected);
            Statements.Queued run = c.queue(p, false);
            return () -> {
                if (run.count() != 1) {
                    throw new StoreConflictException(name + " is not at " + expected);
                }
                return name;
            };
        };
    }

    /** A write that queues the insert of a row named {@code name}. */
    private static GroupCommitWriter.Write<GroupCommitWriter.Outcome<String>> insert(String name) {
        return c -> {
            PreparedStatement p = c.prepareToQueue("INSERT INTO queued.q (name, v) VALUES (?, 0)", false);
            p.setString(1, name);
            Statements.Queued run = c.queue(p, false);
            return () -> run.count() == 1 ? name : null;
        };
    }

    /**
     * Commits the writes as one batch: they are queued while the writer's thread is held by a write
     * before them, and it takes them together once that one is done.
     */
    @SafeVarargs
    private static List<CompletableFuture<Object>> inOneBatch(AtomicInteger applied,
            GroupCommitWriter.Write<GroupCommitWriter.Outcome<String>>... writes) throws Exception {
        try (GroupCommitWriter writer = new GroupCommitWriter(QueuedStatementsTest::connect, Dialect.POSTGRESQL)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> first = writer.submit(c -> {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Object>> done = new ArrayList<>();
            for (GroupCommitWriter.Write<GroupCommitWriter.Outcome<String>> w : writes) {
                done.add(writer.submit(c -> {
                    applied.incrementAndGet();
                    return w.apply(c);
                }));
            }
            long transactions = writer.transactions();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(10, TimeUnit.SECONDS);
            assertThat(writer.transactions() - transactions).isEqualTo(2); // the holding write's, then the batch's
            return done;
        }
    }

    private List<String> values() throws SQLException {
        List<String> values = new ArrayList<>();
        try (var s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT name, v FROM queued.q ORDER BY name")) {
            while (r.next()) {
                values.add(r.getString(1) + "=" + r.getInt(2));
            }
        }
        return values;
    }
}
