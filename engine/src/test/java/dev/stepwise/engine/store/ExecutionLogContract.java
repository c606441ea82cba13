package dev.stepwise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every execution log must do, whatever keeps it (a database, memory): each implementation
 * runs these tests. The store contract adds what concerns the catalog and the two together.
 */
public abstract class ExecutionLogContract {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
    public static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:m/run:1";
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected ExecutionLog log;

    protected abstract ExecutionLog openLog() throws Exception;

    @BeforeEach
    void openTheLog() throws Exception {
        log = openLog();
    }

    @AfterEach
    void closeTheLog() throws Exception {
        if (log instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Test
    public void anExecutionIsStoredWithItsIdentityFirstStepAndOwner() {
        ExecutionIdentity identity = new ExecutionIdentity(MACHINE.replace("stateMachine", "execution") + ":e",
                MACHINE, "e", "STANDARD", T0, "{\"in\":1}", "{\"StartAt\":\"P\"}", "arn:aws:iam::1:role/r", 42,
                MACHINE + ":1", MACHINE + ":live", MAP_RUN, "arn:aws:states:us-east-1:123456789012:execution:p:q",
                "HappyPath");
        ExecutionRecord created = log.create(identity, "node-a", step(0, 1, 2, running(3)));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.tokenFormat()).isEqualTo(ExecutionRecord.SIGNED_TOKENS);

        ExecutionRecord read = log.execution(identity.arn()).orElseThrow();
        assertThat(read.identity()).isEqualTo(identity);
        assertThat(read.state()).isEqualTo(running(3));
        assertThat(read.id()).isEqualTo(created.id());
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.owner()).isEqualTo("node-a");
        assertThat(log.execution(identity.arn() + "-other")).isEmpty();
    }

    @Test
    public void eachExecutionReadsBackTheDefinitionItWasStartedWith() {
        String first = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
        String second = first.replace("\"End\":true", "\"Result\":\"é\",\"End\":true");
        ExecutionRecord a = log.create(withDefinition(identity("a", T0), first), "n", step(0, 1, 1, running(2)));
        ExecutionRecord b = log.create(withDefinition(identity("b", T0), first), "n", step(0, 1, 1, running(2)));
        ExecutionRecord c = log.create(withDefinition(identity("c", T0), second), "n", step(0, 1, 1, running(2)));
        assertThat(log.execution(a.arn()).orElseThrow().identity().definition()).isEqualTo(first);
        assertThat(log.execution(b.arn()).orElseThrow().identity().definition()).isEqualTo(first);
        assertThat(log.execution(c.arn()).orElseThrow().identity().definition()).isEqualTo(second);
        assertThat(log.openExecutions()).extracting(e -> e.identity().definition())
                .containsExactly(first, first, second);
        assertThat(log.openExecutionsOwnedBy("n")).extracting(e -> e.identity().definition())
                .containsExactly(first, first, second);
    }

    private static ExecutionIdentity withDefinition(ExecutionIdentity e, String definition) {
        return new ExecutionIdentity(e.arn(), e.stateMachineArn(), e.name(), e.type(), e.start(), e.input(), definition,
                e.roleArn(), e.seed(), e.versionArn(), e.aliasArn(), e.mapRunArn(), e.parentArn(), e.mockTestCase());
    }

    @Test
    public void anExecutionArnIsTakenOnce() {
        // a STANDARD execution's ARN names its state machine and its name: the name is taken once per machine
        ExecutionRecord first = log.create(identity("e1", T0), "n", step(0, 1, 1, running(2)));
        assertThatThrownBy(() -> log.create(identity("e1", T0), "n", step(0, 1, 1, running(2))))
                .isInstanceOf(StoreConflictException.class);
        assertThat(log.execution(e("e1"))).get().extracting(ExecutionRecord::id).isEqualTo(first.id());
        assertThat(log.execution(e("nobody"))).isEmpty();
        // EXPRESS executions may share a name (their ARNs differ)
        log.create(express("x", "1"), "n", step(0, 1, 1, running(2)));
        log.create(express("x", "2"), "n", step(0, 1, 1, running(2)));
        assertThat(log.execution(express("x", "2").arn())).isPresent();
    }

    @Test
    public void anAppendNamesTheVersionItFollowsAndASecondWriterWritesNothing() {
        ExecutionRecord e = log.create(identity("e", T0), "n", step(0, 1, 2, running(3)));
        log.append(e.id(), 1, step(1, 3, 4, running(5)));
        // a second writer that loaded the execution at version 1 is refused, and writes nothing
        assertThatThrownBy(() -> log.append(e.id(), 1, step(1, 3, 3, running(4))))
                .isInstanceOf(StoreConflictException.class);
        assertThatThrownBy(() -> log.append(e.id() + 1000, 1, step(1, 3, 3, running(4))))
                .isInstanceOf(StoreConflictException.class);
        ExecutionRecord read = log.execution(e.arn()).orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.nextEventId()).isEqualTo(5);
        assertThat(ids(log.history(e.id(), 0, 100, false))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log.steps(e.id())).extracting(StepRecord::seq).containsExactly(0L, 1L);
        log.append(e.id(), 2, step(2, 5, 5, closed("SUCCEEDED", 6)));
        assertThat(log.execution(e.arn()).orElseThrow().state()).isEqualTo(closed("SUCCEEDED", 6));
    }

    @Test
    public void aQueuedAppendCommitsNoLaterThanTheAppendQueuedAfterItAndARefusedOneRefusesWhatFollows()
            throws Exception {
        ExecutionRecord e = log.create(identity("queued", T0), "n", step(0, 1, 2, running(3)));
        java.util.concurrent.CompletableFuture<Void> started = log.appendQueued(e.id(), 1, step(1, 3, 3, running(4)));
        // the next step is appended (and waited for) without waiting for the queued one first
        log.append(e.id(), 2, step(2, 4, 5, closed("SUCCEEDED", 6)));
        assertThat(started).isDone();
        started.get();
        assertThat(ids(log.history(e.id(), 0, 100, false))).containsExactly(1L, 2L, 3L, 4L, 5L);

        // a queued step the version check refuses changes nothing, and the step that counted on it is refused too
        ExecutionRecord f = log.create(identity("queued-refused", T0), "n", step(0, 1, 2, running(3)));
        java.util.concurrent.CompletableFuture<Void> stale;
        try {
            stale = log.appendQueued(f.id(), 7, step(1, 3, 3, running(4)));
        } catch (StoreConflictException refusedAtOnce) {
            stale = java.util.concurrent.CompletableFuture.failedFuture(refusedAtOnce);
        }
        assertThatThrownBy(() -> log.append(f.id(), 8, step(2, 4, 4, running(5))))
                .isInstanceOf(StoreConflictException.class);
        assertThat(stale).isCompletedExceptionally();
        assertThatThrownBy(stale::get).hasCauseInstanceOf(StoreConflictException.class);
        assertThat(ids(log.history(f.id(), 0, 100, false))).containsExactly(1L, 2L);
    }

    @Test
    public void aHistoryReadShowsEveryStepQueuedBeforeIt() throws Exception {
        ExecutionRecord e = log.create(identity("queued-read", T0), "n", step(0, 1, 2, running(3)));
        java.util.concurrent.CompletableFuture<Void> started = log.appendQueued(e.id(), 1, step(1, 3, 3, running(4)));
        assertThat(ids(log.history(e.id(), 0, 100, false))).containsExactly(1L, 2L, 3L);
        assertThat(started).isDone();
        started.get();
    }

    @Test
    public void aStepsSnapshotReplacesTheLastAndNoneClearsIt() {
        Snapshot first = new Snapshot(1, new byte[] {1, 2, 3}, 77, T0);
        ExecutionRecord e = log.create(identity("e", T0), "n", snapshotted(1, 2, running(3), first));
        assertThat(log.snapshot(e.id())).get().satisfies(s -> {
            assertThat(s.format()).isEqualTo(1);
            assertThat(s.state()).containsExactly(1, 2, 3);
            assertThat(s.randomState()).isEqualTo(77);
            assertThat(s.at()).isEqualTo(T0);
        });
        Snapshot second = new Snapshot(2, new byte[] {9}, -5, T0.plusSeconds(3));
        log.append(e.id(), 1, snapshotted(3, 3, running(4), second));
        assertThat(log.snapshot(e.id())).get().satisfies(s -> {
            assertThat(s.format()).isEqualTo(2);
            assertThat(s.state()).containsExactly(9);
            assertThat(s.randomState()).isEqualTo(-5);
            assertThat(s.at()).isEqualTo(T0.plusSeconds(3));
        });
        // since snapshots, a step writes no step log
        assertThat(log.steps(e.id())).isEmpty();
        log.append(e.id(), 2, snapshotted(4, 4, closed("SUCCEEDED", 5), null));
        assertThat(log.snapshot(e.id())).isEmpty();
        assertThat(log.snapshot(e.id() + 1000)).isEmpty();
    }

    @Test
    public void openExecutionsAreTheRunningOnesOldestFirst() {
        log.create(identity("a", T0), "n", step(0, 1, 1, running(2)));
        log.create(identity("b", T0), "n", step(0, 1, 1, closed("FAILED", 2)));
        ExecutionRecord c = log.create(identity("c", T0), "n", step(0, 1, 1, running(2)));
        log.append(c.id(), 1, step(1, 2, 2, running(3)));
        assertThat(log.openExecutions()).extracting(ExecutionRecord::name).containsExactly("a", "c");
    }

    @Test
    public void executionsListNewestFirstAcrossPagesFilteredByStatusAndRedrive() {
        for (int i = 0; i < 25; i++) {
            ExecutionUpdate state = i % 5 == 0 ? closed("FAILED", 2) : running(2);
            log.create(identity("e" + i, T0.plusSeconds(i)), "n", step(0, 1, 1, state));
        }
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.STATE_MACHINE, MACHINE, null), after,
                10))).hasSize(25).startsWith("e24", "e23").endsWith("e1", "e0");
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.STATE_MACHINE, MACHINE, "FAILED"), after,
                2))).containsExactly("e20", "e15", "e10", "e5", "e0");
        ExecutionRecord redriven = log.execution(e("e15")).orElseThrow();
        log.append(redriven.id(), 1, step(1, 2, 2, new ExecutionUpdate("RUNNING", null, null, null, null, 3, 1,
                T0.plusSeconds(100))));
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.STATE_MACHINE, MACHINE, null, true),
                after, 10))).containsExactly("e15");
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.STATE_MACHINE, MACHINE, null, false),
                after, 10))).hasSize(24).doesNotContain("e15");
    }

    @Test
    public void aMapRunsExecutionsListAndCountByStatus() {
        for (int i = 0; i < 5; i++) {
            ExecutionIdentity child = child("c" + i, T0.plusSeconds(i));
            log.create(child, "n", step(0, 1, 1, i < 2 ? closed("SUCCEEDED", 2) : i < 3 ? closed("FAILED", 2)
                    : running(2)));
        }
        log.create(identity("unrelated", T0), "n", step(0, 1, 1, running(2)));
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.MAP_RUN, MAP_RUN, null), after,
                2))).containsExactly("c4", "c3", "c2", "c1", "c0");
        assertThat(log.statusCounts(MAP_RUN)).isEqualTo(Map.of("SUCCEEDED", 2L, "FAILED", 1L, "RUNNING", 2L));
        assertThat(log.statusCounts(MAP_RUN + "-none")).isEmpty();
    }

    @Test
    public void aVersionsAndAnAliasesExecutionsListNewestFirstAcrossPages() {
        String version = MACHINE + ":1";
        String alias = MACHINE + ":live";
        for (int i = 0; i < 6; i++) {
            // even: started on the version; odd: routed to it by the alias
            ExecutionIdentity e = new ExecutionIdentity(e("v" + i), MACHINE, "v" + i, "STANDARD", T0.plusSeconds(i),
                    "{}", "{}", "arn:aws:iam::1:role/r", 1, version, i % 2 == 0 ? null : alias, null, null, null);
            log.create(e, "n", step(0, 1, 1, i == 5 ? closed("FAILED", 2) : running(2)));
        }
        log.create(identity("unversioned", T0), "n", step(0, 1, 1, running(2)));
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.VERSION,
                version, null), after, 4))).containsExactly("v5", "v4", "v3", "v2", "v1", "v0");
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.ALIAS,
                alias, null), after, 1))).containsExactly("v5", "v3", "v1");
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(ExecutionLog.Owner.ALIAS,
                alias, "RUNNING"), after, 1))).containsExactly("v3", "v1");
        assertThat(names(after -> log.listExecutions(new ExecutionLog.ExecutionFilter(
                ExecutionLog.Owner.STATE_MACHINE, MACHINE, null), after, 10))).hasSize(7);
    }

    @Test
    public void historyPagesForwardAndBackAcrossStepChunks() {
        ExecutionRecord e = log.create(identity("e", T0), "n", step(0, 1, 3, running(4)));
        log.append(e.id(), 1, step(1, 4, 7, running(8)));
        log.append(e.id(), 2, step(2, 0, -1, running(8)));
        log.append(e.id(), 3, step(3, 8, 9, closed("SUCCEEDED", 10)));

        assertThat(ids(log.history(e.id(), 0, 5, false))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(log.history(e.id(), 5, 100, false))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(ids(log.history(e.id(), Long.MAX_VALUE, 4, true))).containsExactly(9L, 8L, 7L, 6L);
        assertThat(ids(log.history(e.id(), 6, 100, true))).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(log.history(e.id(), 9, 100, false)).isEmpty();
        assertThat(log.history(e.id(), 0, 1, false).get(0).get("type").asText()).isEqualTo("PassStateEntered");
        assertThat(log.steps(e.id())).extracting(StepRecord::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(log.steps(e.id())).extracting(StepRecord::signal).containsOnly("{\"type\":\"Start\"}");
    }

    @Test
    public void retentionDeletesClosedExecutionsOlderThanTheCutoffWithTheirHistories() {
        ExecutionRecord old = log.create(identity("old", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(1))));
        ExecutionRecord recent = log.create(identity("recent", T0), "n", step(0, 1, 2,
                closedAt(T0.plusSeconds(3600))));
        ExecutionRecord running = log.create(identity("running", T0), "n", step(0, 1, 2, running(3)));

        assertThat(log.deleteClosedBefore(T0.plusSeconds(60), 100)).isEqualTo(1);

        assertThat(log.execution(old.arn())).isEmpty();
        assertThat(log.history(old.id(), 0, 100, false)).isEmpty();
        assertThat(log.steps(old.id())).isEmpty();
        assertThat(log.snapshot(old.id())).isEmpty();
        assertThat(log.execution(recent.arn())).isPresent();
        assertThat(log.history(recent.id(), 0, 100, false)).hasSize(2);
        assertThat(log.execution(running.arn())).isPresent();
        assertThat(log.deleteClosedBefore(T0.plusSeconds(60), 100)).isZero();
    }

    // ---- fixtures (shared with the store contract)

    public static String e(String name) {
        return "arn:aws:states:us-east-1:123456789012:execution:m:" + name;
    }


    public static ExecutionIdentity identity(String name, Instant start) {
        return new ExecutionIdentity(e(name), MACHINE, name, "STANDARD", start, "{}", "{}", "arn:aws:iam::1:role/r", 1,
                null, null, null, null, null);
    }

    public static ExecutionIdentity express(String name, String id) {
        return new ExecutionIdentity("arn:aws:states:us-east-1:123456789012:express:m:" + name + ":" + id, MACHINE,
                name, "EXPRESS", T0, "{}", "{}", "arn:aws:iam::1:role/r", 1, null, null, null, null, null);
    }

    public static ExecutionIdentity child(String name, Instant start) {
        return new ExecutionIdentity("arn:aws:states:us-east-1:123456789012:execution:m/run:" + name, MACHINE, name,
                "STANDARD", start, "{}", "{}", "arn:aws:iam::1:role/r", 1, null, null, MAP_RUN, e("parent"), null);
    }

    public static ExecutionUpdate running(long nextEventId) {
        return new ExecutionUpdate("RUNNING", null, null, null, null, nextEventId, 0, null);
    }

    public static ExecutionUpdate closed(String status, long nextEventId) {
        return new ExecutionUpdate(status, T0.plusSeconds(1), "SUCCEEDED".equals(status) ? "{}" : null,
                "FAILED".equals(status) ? "E" : null, null, nextEventId, 0, null);
    }

    public static ExecutionUpdate closedAt(Instant stop) {
        return new ExecutionUpdate("SUCCEEDED", stop, "{}", null, null, 3, 0, null);
    }

    public static StepRecord step(long seq, long firstId, long lastId, ExecutionUpdate update,
                                   ResourceChange... projections) {
        List<HistoryEvent> events = new ArrayList<>();
        for (long id = firstId; id <= lastId; id++) {
            events.add(new HistoryEvent(id, id - 1, T0, EventType.PassStateEntered,
                    EventDetails.stateEntered("S" + id, Payload.of(Json.object()))));
        }
        StepRecord s = StepRecord.of(T0, events, update, null, List.of(projections));
        return new StepRecord(seq, s.at(), "{\"type\":\"Start\"}", s.firstEventId(), s.lastEventId(), s.events(),
                update, null, s.projections());
    }

    /** A step as the runtime writes it since snapshots: no signal, a snapshot (or none). */
    public static StepRecord snapshotted(long firstId, long lastId, ExecutionUpdate update, Snapshot snapshot) {
        StepRecord s = step(0, firstId, lastId, update);
        return StepRecord.of(T0.plusSeconds(firstId), events(s), update, snapshot, List.of());
    }

    public static List<HistoryEvent> events(StepRecord s) {
        List<HistoryEvent> events = new ArrayList<>();
        for (long id = s.firstEventId(); id <= s.lastEventId() && s.events() != null; id++) {
            events.add(new HistoryEvent(id, id - 1, T0, EventType.PassStateEntered,
                    EventDetails.stateEntered("S" + id, Payload.of(Json.object()))));
        }
        return events;
    }

    public static List<Long> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.get("id").asLong()).toList();
    }

    public static List<String> names(Function<String, Page<ExecutionSummary>> pages) {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            Page<ExecutionSummary> page = pages.apply(after);
            page.items().forEach(e -> names.add(e.name()));
            after = page.next();
        } while (after != null);
        return names;
    }
}
