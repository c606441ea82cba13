package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Nodes whose clocks are off by many seconds (a lease many times over) still agree on leases,
 * which are kept on the database's clock: a node ahead does not see the others' leases as lapsed
 * and takes nothing from the living, a node behind does not believe in a lease the database let
 * lapse, and executions run on either as on a node with a true clock. Nodes run on the database's
 * time: events carry it whatever the node's clock says, and a Wait taken over from a node ahead
 * by a node behind fires at its original time. (The database runs on this machine: its clock is
 * the test's.)
 */
class ClusterClockSkewTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";
    private static final Duration SKEW = Duration.ofSeconds(30);

    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db);

    @Test
    void nodesWithClocksOffBySecondsTakeNothingFromTheLivingAndTakeOverFromTheDead() throws Exception {
        Node ahead = cluster.start("node-ahead", Clock.offset(Clock.systemUTC(), SKEW));
        Node behind = cluster.start("node-behind", Clock.offset(Clock.systemUTC(), SKEW.negated()));
        String activity = ahead.sfn.createActivity(r -> r.name("work")).activityArn();
        String tasks = ahead.sfn.createStateMachine(r -> r.name("tasks").roleArn(ROLE).definition("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(activity))).stateMachineArn();
        String waits = ahead.sfn.createStateMachine(r -> r.name("waits").roleArn(ROLE).definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""")).stateMachineArn();
        List<String> onAhead = List.of(start(ahead.sfn, tasks), start(ahead.sfn, tasks));
        List<String> onBehind = List.of(start(behind.sfn, waits), start(behind.sfn, waits));

        // longer than a lease and several scans: neither node takes the other's executions
        Instant until = Instant.now().plus(ClusterNodes.LEASE.multipliedBy(2));
        await().atMost(ClusterNodes.LEASE.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(owners(onAhead)).containsOnly("node-ahead");
            assertThat(owners(onBehind)).containsOnly("node-behind");
            return Instant.now().isAfter(until);
        });
        assertThat(ahead.server.cluster().stats().takeovers()).isZero();
        assertThat(behind.server.cluster().stats().takeovers()).isZero();
        assertThat(ahead.server.cluster().leaseHeld()).isTrue();
        assertThat(behind.server.cluster().leaseHeld()).isTrue();

        // the node ahead dies: the node behind takes its executions over within the lease all the same
        ahead.kill();
        Instant killed = Instant.now();
        await().atMost(ClusterNodes.LEASE.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> owners(onAhead).stream().allMatch(o -> o.equals("node-behind")));
        assertThat(Duration.between(killed, Instant.now())).isLessThan(ClusterNodes.LEASE.plus(ClusterNodes.SCAN)
                .plusSeconds(2));
        for (int i = 0; i < onAhead.size(); i++) {
            String token = behind.sfn.getActivityTask(r -> r.activityArn(activity)).taskToken();
            assertThat(token).isNotNull();
            behind.sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}"));
        }
        for (String arn : concat(onAhead, onBehind)) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(
                    () -> behind.sfn.describeExecution(r -> r.executionArn(arn)).status() == ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void aWaitTakenOverFromANodeAheadFiresAtItsTimeAndEventsCarryTheDatabasesTime() throws Exception {
        Node ahead = cluster.start("node-ahead", Clock.offset(Clock.systemUTC(), SKEW));
        Node behind = cluster.start("node-behind", Clock.offset(Clock.systemUTC(), SKEW.negated()));
        Duration wait = Duration.ofSeconds(4);
        String waits = ahead.sfn.createStateMachine(r -> r.name("waits").roleArn(ROLE).definition("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": %d, "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""".formatted(wait.toSeconds()))).stateMachineArn();
        Instant before = Instant.now();
        List<String> arns = List.of(start(ahead.sfn, waits), start(ahead.sfn, waits), start(ahead.sfn, waits));
        Instant after = Instant.now();
        for (String arn : arns) {
            assertThat(behind.sfn.describeExecution(r -> r.executionArn(arn)).startDate())
                    .as("started on the database's time, not the node's (%s ahead)", SKEW)
                    .isBetween(before.minusSeconds(1), after.plusSeconds(1));
        }

        // the node ahead dies while they wait: the node behind takes them over before their timers are due
        ahead.kill();
        Instant killed = Instant.now();
        await().atMost(ClusterNodes.LEASE.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> owners(arns).stream().allMatch(o -> o.equals("node-behind")));
        // at their times on the database's clock: long before the node behind's own clock gets there
        for (String arn : arns) {
            await().atMost(wait.plus(ClusterNodes.LEASE).plusSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                    () -> behind.sfn.describeExecution(r -> r.executionArn(arn)).status() == ExecutionStatus.SUCCEEDED);
            List<HistoryEvent> events = behind.sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
            Instant entered = timestamp(events, HistoryEventType.WAIT_STATE_ENTERED);
            Instant exited = timestamp(events, HistoryEventType.WAIT_STATE_EXITED);
            assertThat(Duration.between(entered, exited)).as("the Wait of %s, taken over at %s", arn, killed)
                    .isGreaterThanOrEqualTo(wait).isLessThan(wait.plus(ClusterNodes.LEASE).plusSeconds(3));
            assertThat(exited).as("fired on the database's time").isBefore(Instant.now().plusSeconds(1));
        }
    }

    private static Instant timestamp(List<HistoryEvent> events, HistoryEventType type) {
        return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow().timestamp();
    }

    private static String start(SfnClient sfn, String machine) {
        return sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> owners(List<String> arns) throws Exception {
        try (Connection c = PostgresFixture.connect(db.url());
             PreparedStatement p = c.prepareStatement("SELECT owner FROM execution WHERE arn = ANY(?)")) {
            p.setArray(1, c.createArrayOf("text", arns.toArray()));
            List<String> owners = new java.util.ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    owners.add(r.getString(1));
                }
            }
            return owners;
        }
    }
}
