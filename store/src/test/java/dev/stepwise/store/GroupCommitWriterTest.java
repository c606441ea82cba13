package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who commits a write: its caller when the writer is idle, the writer's thread otherwise, in queue order. */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        writer = new GroupCommitWriter(() -> DriverManager.getConnection(url), Dialect.SQLITE);
        writer.write(c -> c.prepare("CREATE TABLE t (v TEXT)").executeUpdate());
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void aWriteWaitedForWhileTheWriterIsIdleCommitsOnItsCallersThread() {
        Thread caller = Thread.currentThread();
        Thread committer = writer.write(c -> Thread.currentThread());
        assertThat(committer).isSameAs(caller);
        assertThat(writer.transactions()).isEqualTo(2);
    }

    @Test
    void aWriteThatFindsAnotherUnansweredIsQueuedBehindItAndCommittedByTheWriterInOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> first = writer.submit(c -> {
            applying.countDown();
            await(release);
            order.add("first");
            return Thread.currentThread();
        });
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Thread> second = CompletableFuture.supplyAsync(() -> writer.write(c -> {
            order.add("second");
            return Thread.currentThread();
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.unanswered() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the second is queued behind the first
        }
        assertThat(writer.unanswered()).isEqualTo(2);
        assertThat(second).isNotDone();
        release.countDown();
        Thread writerThread = (Thread) first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(writerThread);
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void aCallerCommittingItsOwnWriteHoldsTheConnectionUntilItIsDone() throws Exception {
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> inline = CompletableFuture.supplyAsync(() -> writer.write(c -> {
            applying.countDown();
            await(release);
            return c.prepare("INSERT INTO t VALUES ('inline')").executeUpdate();
        }));
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> queued = writer.submit(c -> c.prepare("INSERT INTO t VALUES ('queued')")
                .executeUpdate());
        assertThat(queued).isNotDone();
        release.countDown();
        assertThat(inline.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        List<String> rows = writer.write(c -> {
            PreparedStatement p = c.prepare("SELECT v FROM t ORDER BY rowid");
            List<String> values = new java.util.ArrayList<>();
            try (var r = p.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        });
        assertThat(rows).containsExactly("inline", "queued");
    }

    @Test
    @Timeout(30)
    void aDeferredWriteAloneWaitsForTheNextWriteAndSharesItsCommit() throws Exception {
        try (GroupCommitWriter holding = holding(Duration.ofHours(1))) {
            long before = holding.transactions();
            CompletableFuture<Object> started = holding.submitDeferred(
                    c -> c.prepare("INSERT INTO t VALUES ('started')").executeUpdate());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (holding.held() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the writer's thread holds it
            }
            assertThat(holding.held()).isEqualTo(1);
            // the caller takes the held write and commits it with its own, on its own thread
            Thread committer = holding.write(c -> {
                c.prepare("INSERT INTO t VALUES ('answer')").executeUpdate();
                return Thread.currentThread();
            });
            assertThat(started).isDone();
            assertThat(committer).isSameAs(Thread.currentThread());
            assertThat(holding.held()).isZero();
            assertThat(holding.transactions() - before).isEqualTo(1);
            assertThat(rows()).containsExactly("started", "answer");
        }
    }

    @Test
    @Timeout(30)
    void aWriteQueuedWhileTheWriterCommitsJoinsTheDeferredWritesQueuedBeforeIt() throws Exception {
        try (GroupCommitWriter holding = holding(Duration.ofHours(1))) {
            CountDownLatch applying = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> busy = holding.submit(c -> {
                applying.countDown();
                await(release);
                return c.prepare("INSERT INTO t VALUES ('busy')").executeUpdate();
            });
            assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Object> started = holding.submitDeferred(
                    c -> c.prepare("INSERT INTO t VALUES ('started')").executeUpdate());
            CompletableFuture<Object> answer = holding.submit(
                    c -> c.prepare("INSERT INTO t VALUES ('answer')").executeUpdate());
            long before = holding.transactions();
            release.countDown();
            answer.get(10, TimeUnit.SECONDS);
            assertThat(busy).isDone();
            assertThat(started).isDone();
            // the busy batch, then the deferred write and the answer in one more
            assertThat(holding.transactions() - before).isEqualTo(2);
            assertThat(rows()).containsExactly("busy", "started", "answer");
        }
    }

    @Test
    @Timeout(30)
    void aDeferredWriteAloneCommitsOnItsOwnWhenItsHoldEnds() throws Exception {
        try (GroupCommitWriter holding = holding(Duration.ofMillis(1))) {
            long before = holding.transactions();
            holding.submitDeferred(c -> c.prepare("INSERT INTO t VALUES ('started')").executeUpdate())
                    .get(10, TimeUnit.SECONDS);
            assertThat(holding.transactions() - before).isEqualTo(1);
            assertThat(rows()).containsExactly("started");
        }
    }

    @Test
    @Timeout(30)
    void aReadThatMustSeeDeferredWritesEndsTheirHold() throws Exception {
        try (GroupCommitWriter holding = holding(Duration.ofHours(1))) {
            CompletableFuture<Object> first = holding.submitDeferred(
                    c -> c.prepare("INSERT INTO t VALUES ('first')").executeUpdate());
            CompletableFuture<Object> second = holding.submitDeferred(
                    c -> c.prepare("INSERT INTO t VALUES ('second')").executeUpdate());
            holding.commitDeferred(second);
            assertThat(first).isCompletedWithValue(1);
            assertThat(second).isCompletedWithValue(1);
            assertThat(rows()).containsExactly("first", "second");
        }
    }

    @Test
    @Timeout(30)
    void closingCommitsAHeldDeferredWrite() throws Exception {
        GroupCommitWriter holding = holding(Duration.ofHours(1));
        CompletableFuture<Object> started = holding.submitDeferred(
                c -> c.prepare("INSERT INTO t VALUES ('started')").executeUpdate());
        holding.close();
        assertThat(started).isCompletedWithValue(1);
        assertThat(rows()).containsExactly("started");
    }

    /** A second writer on the test's database, whose deferred writes wait {@code hold} for company. */
    private GroupCommitWriter holding(Duration hold) throws java.sql.SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        return new GroupCommitWriter(() -> DriverManager.getConnection(url), Dialect.SQLITE, hold);
    }

    private List<String> rows() throws java.sql.SQLException {
        try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT v FROM t ORDER BY rowid")) {
            List<String> values = new java.util.ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    /** Waits inside a write (whose apply may throw SQLException alone). */
    private static void await(CountDownLatch latch) throws java.sql.SQLException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new java.sql.SQLException("not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.sql.SQLException(e);
        }
    }
}
