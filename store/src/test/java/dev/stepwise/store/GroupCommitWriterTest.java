package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
