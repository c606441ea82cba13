package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.engine.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store under {@code --sync FULL} flushes its log after COMMIT, on a second thread: a
 * caller hears back only once a flush that began after its commit has ended, the writer commits the
 * next batches while a flush is in flight, and a failed flush fails the callers it covered.
 */
class FlushAfterCommitTest {
    @TempDir
    Path dir;

    /** A flush that waits for the test's permit, counting those begun. */
    private static final class GatedFlush implements GroupCommitWriter.Durability {
        final Semaphore permits = new Semaphore(0);
        final AtomicInteger begun = new AtomicInteger();
        volatile boolean fail;

        @Override
        public void flush() throws java.io.IOException {
            begun.incrementAndGet();
            permits.acquireUninterruptibly();
            if (fail) {
                throw new java.io.IOException("disk gone");
            }
        }
    }

    private GroupCommitWriter writer(Path db, GroupCommitWriter.Durability durability) throws Exception {
        String url = "jdbc:sqlite:" + db;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (n INTEGER)");
        }
        return new GroupCommitWriter(() -> {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous=NORMAL");
            }
            return c;
        }, Dialect.SQLITE, durability);
    }

    private static CompletableFuture<Object> insert(GroupCommitWriter writer, int n) {
        return writer.submit(statements -> {
            var p = statements.prepare("INSERT INTO t (n) VALUES (?)");
            p.setInt(1, n);
            return p.executeUpdate();
        });
    }

    private static int rows(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aCallerHearsBackOnlyAfterTheFlushAndTheWriterCommitsOnMeanwhile() throws Exception {
        Path db = dir.resolve("pipelined.db");
        GatedFlush flush = new GatedFlush();
        try (GroupCommitWriter writer = writer(db, flush)) {
            CompletableFuture<Object> first = insert(writer, 1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flush.begun.get() == 1);
            // committed (a reader sees it), not yet answered: its flush is in flight
            assertThat(rows(db)).isEqualTo(1);
            assertThat(first).isNotDone();

            // the writer does not wait for that flush: the next write commits now, and waits for a flush of its own
            CompletableFuture<Object> second = insert(writer, 2);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.transactions() == 2);
            assertThat(second).isNotDone();

            flush.permits.release();
            assertThat(first.get()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flush.begun.get() == 2);
            assertThat(second).as("committed before the first flush ended, not covered by it for sure").isNotDone();
            flush.permits.release();
            assertThat(second.get()).isEqualTo(1);
            assertThat(writer.flushes()).isEqualTo(2);
        }
    }

    @Test
    void aFailedFlushFailsTheCallersItCovered() throws Exception {
        Path db = dir.resolve("failing.db");
        GatedFlush flush = new GatedFlush();
        flush.fail = true;
        flush.permits.release(10);
        try (GroupCommitWriter writer = writer(db, flush)) {
            assertThatThrownBy(() -> writer.write(statements -> statements.prepare("INSERT INTO t (n) VALUES (1)")
                    .executeUpdate())).isInstanceOf(StoreException.class).hasMessageContaining("durable");
        }
    }

    @Test
    void theEmbeddedStoreFlushesItsLogUnderSyncFullAndCommitsAreReadBackAfterReopening() throws Exception {
        Path data = dir.resolve("store");
        try (Store store = Stores.openSqlite(data, true)) {
            for (int i = 0; i < 20; i++) {
                store.create(dev.stepwise.engine.store.ExecutionLogContract.identity("e" + i,
                        dev.stepwise.engine.store.ExecutionLogContract.T0), "n",
                        dev.stepwise.engine.store.ExecutionLogContract.step(0, 1, 1,
                                dev.stepwise.engine.store.ExecutionLogContract.running(2)));
            }
            assertThat(((JdbcStore) store).flushes()).as("flushes of the log after COMMIT").isPositive();
        }
        try (Store store = Stores.openSqlite(data, true)) {
            assertThat(store.openExecutions()).hasSize(20);
        }
    }
}
