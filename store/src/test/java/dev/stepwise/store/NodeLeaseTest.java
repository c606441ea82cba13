package dev.stepwise.store;

import static dev.stepwise.engine.store.ExecutionLogContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.StoreConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leases and the fencing of takeover, on two stores sharing one PostgreSQL as two nodes do: a
 * node's open executions can be claimed only once its lease has lapsed on the database's clock, a
 * claim bumps the version, and the former owner's next append is then refused and writes nothing.
 */
class NodeLeaseTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private JdbcStore a;
    private JdbcStore b;

    @BeforeEach
    void open() {
        a = (JdbcStore) Stores.open(db.options());
        b = (JdbcStore) Stores.open(db.options());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aHeldLeaseKeepsTheNodesExecutionsFromBeingClaimed() {
        long started = a.takeLease("node-a", 60_000).orElseThrow();
        assertThat(a.renewLease("node-a", started, 60_000)).as("then renews it").isTrue();
        a.create(identity("held", T0), "node-a", step(0, 1, 2, running(3)));

        assertThat(b.ownersWithoutLease("node-b")).isEmpty();
        assertThat(b.claimExecutions("node-a", "node-b", 10)).isEmpty();
        assertThat(b.openExecutionsOwnedBy("node-a")).hasSize(1);
    }

    @Test
    void aFormerOwnerWhoseLeaseLapsedCannotAppendOnceAnotherNodeClaimedItsExecution() {
        a.takeLease("node-a", 300);
        ExecutionRecord e = a.create(identity("fenced", T0), "node-a", step(0, 1, 2, running(3)));
        ExecutionRecord other = a.create(identity("other", T0), "node-a", step(0, 1, 1, running(2)));

        await().atMost(Duration.ofSeconds(5)).until(() -> b.ownersWithoutLease("node-b").contains("node-a"));
        List<ExecutionRecord> claimed = b.claimExecutions("node-a", "node-b", 1);
        assertThat(claimed).extracting(ExecutionRecord::arn).containsExactly(e.arn());
        assertThat(claimed.get(0).owner()).isEqualTo("node-b");
        assertThat(claimed.get(0).version()).isEqualTo(e.version() + 1);

        // node-a, woken up late, still thinks it runs the execution at the version it loaded
        assertThatThrownBy(() -> a.append(e.id(), e.version(), step(1, 3, 4, closed("SUCCEEDED", 5))))
                .isInstanceOf(StoreConflictException.class);
        ExecutionRecord stored = b.execution(e.arn()).orElseThrow();
        assertThat(stored.state()).isEqualTo(running(3));
        assertThat(ids(b.history(e.id(), 0, 100, false))).containsExactly(1L, 2L);

        // the new owner appends at the claimed version; the next batch takes the rest
        b.append(e.id(), claimed.get(0).version(), step(1, 3, 4, closed("SUCCEEDED", 5)));
        assertThat(b.claimExecutions("node-a", "node-b", 10)).extracting(ExecutionRecord::arn)
                .containsExactly(other.arn());
        assertThat(b.openExecutionsOwnedBy("node-a")).isEmpty();
        assertThat(b.ownersWithoutLease("node-b")).isEmpty();
    }

    @Test
    void aNodeThatTakesItsLapsedLeaseAgainStopsFurtherClaims() {
        long started = a.takeLease("node-a", 300).orElseThrow();
        a.create(identity("back", T0), "node-a", step(0, 1, 1, running(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> b.ownersWithoutLease("node-b").contains("node-a"));

        assertThat(a.renewLease("node-a", started, 60_000)).as("a lapsed lease is not renewed").isFalse();
        assertThat(a.takeLease("node-a", 60_000)).as("but taken afresh").isPresent();
        assertThat(b.claimExecutions("node-a", "node-b", 10)).isEmpty();
    }

    @Test
    void leasesAreJudgedByTheDatabasesClock() throws Exception {
        a.takeLease("node-a", 60_000);
        try (Connection c = PostgresFixture.connect(db.url());
             PreparedStatement p = c.prepareStatement("SELECT lease_expires_ms - renewed_ms, "
                     + "abs(renewed_ms - CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)) "
                     + "FROM node WHERE name = 'node-a'");
             ResultSet r = p.executeQuery()) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isEqualTo(60_000);
            assertThat(r.getLong(2)).as("renewed on the database's clock").isLessThan(5_000);
        }
    }

    @Test
    void signalsWaitInTheInboxOfTheExecutionsOwnerUntilAnswered() {
        a.takeLease("node-a", 60_000);
        ExecutionRecord e = a.create(identity("inbox", T0), "node-a", step(0, 1, 1, running(2)));
        assertThat(b.runningOwner(e.arn())).contains("node-a");
        long id = b.postSignal(e.arn(), "{\"type\":\"Redrive\"}", "node-b", "node-a");

        assertThat(a.pendingSignals("node-a", 10)).extracting(JdbcStore.InboxEntry::id).containsExactly(id);
        assertThat(a.pendingSignals("node-c", 10)).isEmpty();
        assertThat(b.verdicts(List.of(id))).isEmpty();

        a.answerSignal(id, JdbcStore.VERDICT_IGNORED);
        a.answerSignal(id, JdbcStore.VERDICT_APPLIED);
        assertThat(b.verdicts(List.of(id))).containsEntry(id, JdbcStore.VERDICT_IGNORED);
        assertThat(a.pendingSignals("node-a", 10)).isEmpty();
    }

    @Test
    void aNameIsHeldByOneStartAtATime() {
        long first = a.takeLease("node-a", 60_000).orElseThrow();
        assertThat(b.takeLease("node-a", 60_000)).as("a second start of the name, while the first holds it")
                .isEmpty();
        assertThat(b.lease("node-a")).hasValueSatisfying(l -> {
            assertThat(l.startedMs()).isEqualTo(first);
            assertThat(l.running()).isTrue();
        });
        assertThat(a.renewLease("node-a", first, 60_000)).isTrue();

        // given up at a clean stop: the next start takes it at once, and the former holder cannot renew it
        a.giveUpLease("node-a", first);
        long second = b.takeLease("node-a", 60_000).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(a.renewLease("node-a", first, 60_000)).as("the former holding of the name").isFalse();
        a.giveUpLease("node-a", first);
        assertThat(b.lease("node-a").orElseThrow().running()).as("not ended by the former holder").isTrue();
        assertThat(b.renewLease("node-a", second, 60_000)).isTrue();
    }

    @Test
    void aNameWhoseLeaseLapsedIsTakenByTheNextStartAndLostToTheFormerHolder() {
        long first = a.takeLease("node-a", 300).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.lease("node-a").orElseThrow().running());
        long second = b.takeLease("node-a", 60_000).orElseThrow();
        assertThat(a.renewLease("node-a", first, 60_000)).as("the frozen former holder, woken up").isFalse();
        assertThat(a.takeLease("node-a", 60_000)).isEmpty();
        assertThat(b.renewLease("node-a", second, 60_000)).isTrue();
    }

    @Test
    void aTaskClaimedByANodeWhoseLeaseLapsedIsClaimedAgainWithItsToken() {
        a.takeLease("node-a", 300);
        b.takeLease("node-b", 60_000);
        ActivityQueue.OfferedTask offered = new ActivityQueue.OfferedTask("arn:aws:states:us-east-1:123456789012:"
                + "activity:work", "task-1", "token-1", "arn:aws:states:us-east-1:123456789012:execution:m:e", "{}");
        a.offerActivityTask(offered, null);
        // node-a claims the task and dies before it hands it out (or before the answer was written)
        assertThat(a.claimActivityTask(offered.activityArn(), "node-a", 60_000)).contains(offered);
        assertThat(b.claimActivityTask(offered.activityArn(), "node-b", 60_000)).as("claimed by a live node").isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> !b.lease("node-a").orElseThrow().running());
        assertThat(b.claimActivityTask(offered.activityArn(), "node-b", 60_000)).as("the claim lapsed with the lease")
                .contains(offered);
        assertThat(b.claimActivityTask(offered.activityArn(), "node-b", 60_000)).as("claimed once").isEmpty();
    }

    @Test
    void aTaskClaimedByANodesFormerRunIsClaimedAgainOnceTheNodeIsBack() {
        a.takeLease("node-a", 300);
        ActivityQueue.OfferedTask offered = new ActivityQueue.OfferedTask("arn:aws:states:us-east-1:123456789012:"
                + "activity:work", "task-2", "token-2", "arn:aws:states:us-east-1:123456789012:execution:m:f", "{}");
        a.offerActivityTask(offered, null);
        assertThat(a.claimActivityTask(offered.activityArn(), "node-a", 60_000)).contains(offered);

        // node-a dies with the task claimed, and is started again under its name
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.lease("node-a").orElseThrow().running());
        b.takeLease("node-a", 60_000).orElseThrow();
        assertThat(b.claimActivityTask(offered.activityArn(), "node-a", 60_000)).as("its former run's claim")
                .contains(offered);
        assertThat(a.claimActivityTask(offered.activityArn(), "node-c", 60_000)).as("now its own").isEmpty();
    }
}
