package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.runtime.ActivityQueue.OfferedTask;
import dev.stepwise.engine.runtime.Cluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster's shared activity queue on PostgreSQL: a task offered while a poll of its activity
 * waits on the offering node goes to that poll, its row written already claimed (no claim of its
 * own, no other node woken); the hand-over's bookkeeping ({@link PostgresActivityQueue.Pollers})
 * never strands a task.
 */
class PostgresActivityQueueTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:a";

    @Test
    void aTaskOfferedWhileAPollOfTheNodeWaitsIsWrittenClaimedForItAndReachesIt() throws Exception {
        try (Store a = Stores.open(db.options()); Cluster nodeA = JoinedNodes.join(a, "node-a");
             Connection listening = listening();
             ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor()) {
            ActivityQueue queue = nodeA.activities();
            Future<OfferedTask> poll = polls.submit(() -> queue.take(ACTIVITY, 10_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting(queue) > 0);

            queue.offer(task("t1"));
            assertThat(poll.get(10, TimeUnit.SECONDS).taskId()).isEqualTo("t1");
            assertThat(claimedBy("t1")).isEqualTo("node-a");
            // written claimed, and no node woken to claim it: the offer notified nobody (a notification
            // is delivered once its transaction commits, before offer returns)
            assertThat(notifications(listening)).isEmpty();
        }
    }

    @Test
    void aTaskOfferedWhileNoPollOfTheNodeWaitsIsOfferedToEveryNode() throws Exception {
        try (Store a = Stores.open(db.options()); Store b = Stores.open(db.options());
             Cluster nodeA = JoinedNodes.join(a, "node-a"); Cluster nodeB = JoinedNodes.join(b, "node-b");
             ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<OfferedTask> pollAtB = polls.submit(() -> nodeB.activities().take(ACTIVITY, 10_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting(nodeB.activities()) > 0);

            try (Connection listening = listening()) {
                nodeA.activities().offer(task("t2"));
                assertThat(pollAtB.get(10, TimeUnit.SECONDS).taskId()).isEqualTo("t2");
                assertThat(claimedBy("t2")).isEqualTo("node-b");
                assertThat(notifications(listening)).containsExactly(ACTIVITY);
            }
        }
    }

    @Test
    void aHandedTaskAlwaysReachesAPollAndIsRefusedWhenNoneWaits() throws Exception {
        PostgresActivityQueue.Pollers pollers = new PostgresActivityQueue.Pollers();
        assertThat(pollers.reserve()).as("no poll waits").isFalse();
        try (ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<OfferedTask> poll = polls.submit(() -> pollers.awaitOffer(pollers.generation(),
                    TimeUnit.SECONDS.toNanos(30)));
            await().atMost(Duration.ofSeconds(10)).until(pollers::reserve);
            assertThat(pollers.reserve()).as("the one poll is reserved by the first offer").isFalse();
            assertThat(pollers.hand(task("t3"))).isTrue();
            assertThat(poll.get(10, TimeUnit.SECONDS).taskId()).isEqualTo("t3");

            // a poll that leaves (woken by another offer) before the hand-over: the task is refused
            long seen = pollers.generation();
            Future<OfferedTask> leaving = polls.submit(() -> pollers.awaitOffer(seen, TimeUnit.SECONDS.toNanos(30)));
            await().atMost(Duration.ofSeconds(10)).until(pollers::reserve);
            pollers.wake();
            assertThat(leaving.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(pollers.hand(task("t4"))).isFalse();
            assertThat(pollers.reserve()).as("nothing is left reserved").isFalse();
        }
    }

    private static OfferedTask task(String id) {
        return new OfferedTask(ACTIVITY, id, "token-" + id, "arn:aws:states:us-east-1:123456789012:execution:m:" + id,
                "{}");
    }

    /** The polls of the activity waiting on the queue's node. */
    private static int waiting(ActivityQueue queue) {
        return ((PostgresActivityQueue) queue).waitingPolls(ACTIVITY);
    }

    /** A connection of the test's own that listens to the activity channel. */
    private static Connection listening() throws SQLException {
        Connection c = DriverManager.getConnection(db.url().url(), db.url().user(), db.url().password());
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("LISTEN " + JdbcStore.ACTIVITY_CHANNEL);
        }
        return c;
    }

    /** The payloads heard on {@code listening}: what arrived, or nothing within a second. */
    private static java.util.List<String> notifications(Connection listening) throws SQLException {
        org.postgresql.PGNotification[] heard = listening.unwrap(org.postgresql.PGConnection.class).getNotifications(1_000);
        return heard == null ? java.util.List.of()
                : java.util.Arrays.stream(heard).map(org.postgresql.PGNotification::getParameter).toList();
    }

    private static String claimedBy(String taskId) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url().url(), db.url().user(), db.url().password());
             PreparedStatement p = c.prepareStatement("SELECT claimed_by FROM activity_task WHERE task_id = ?")) {
            p.setString(1, taskId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : "(no row)";
            }
        }
    }
}
