package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StateMachineRecord;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.Store;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do, whatever its database: each implementation runs these tests. */
abstract class StoreContract {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected Store store;

    protected abstract Store open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aStateMachineNameIsTakenOnce() {
        store.createStateMachine(machine(MACHINE, "m"));
        assertThatThrownBy(() -> store.createStateMachine(machine(MACHINE, "m")))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.stateMachine(MACHINE)).get().extracting(StateMachineRecord::name).isEqualTo("m");
    }

    @Test
    void anExecutionKeepsTheMockTestCaseItWasStartedWith() {
        ExecutionRecord e = execution("mocked", T0);
        ExecutionRecord mocked = new ExecutionRecord(0, e.arn(), e.stateMachineArn(), e.name(), e.type(), e.status(),
                e.start(), null, e.input(), null, null, null, e.definition(), e.roleArn(), e.seed(), null, null, null,
                null, 0, null, 2, "HappyPath");
        store.createExecution(mocked, step(0, 1, 1));
        store.createExecution(execution("plain", T0), step(0, 1, 1));
        assertThat(store.execution(e.arn()).orElseThrow().mockTestCase()).isEqualTo("HappyPath");
        assertThat(store.openExecutions()).extracting(ExecutionRecord::mockTestCase)
                .containsExactlyInAnyOrder("HappyPath", null);
    }

    @Test
    void anUpdateWithAStaleRowVersionChangesNothing() {
        store.createStateMachine(machine(MACHINE, "m"));
        StateMachineRecord stored = store.stateMachine(MACHINE).orElseThrow();
        StateMachineRecord changed = withDefinition(stored, "{\"changed\":1}");
        assertThat(store.updateStateMachine(changed, stored.rowVersion())).isTrue();
        assertThat(store.updateStateMachine(withDefinition(stored, "{\"lost\":1}"), stored.rowVersion())).isFalse();
        assertThat(store.stateMachine(MACHINE).orElseThrow().definition()).isEqualTo("{\"changed\":1}");
    }

    @Test
    void anExecutionNameIsTakenOncePerStateMachine() {
        store.createExecution(execution("e1", T0), step(0, 1, 1));
        assertThatThrownBy(() -> store.createExecution(execution("e1", T0), step(0, 1, 1)))
                .isInstanceOf(StoreConflictException.class);
    }

    @Test
    void executionsListNewestFirstAcrossPages() {
        for (int i = 0; i < 25; i++) {
            store.createExecution(execution("e" + i, T0.plusSeconds(i)), step(0, 1, 1));
        }
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            Page<dev.stepwise.engine.store.ExecutionSummary> page = store.listExecutions(new Store.ExecutionFilter(MACHINE, null, null), after, 10);
            page.items().forEach(e -> names.add(e.name()));
            after = page.next();
        } while (after != null);
        assertThat(names).hasSize(25).startsWith("e24", "e23").endsWith("e1", "e0");
    }

    @Test
    void historyPagesForwardAndBackAcrossStepChunks() {
        ExecutionRecord e = store.createExecution(execution("e", T0), step(0, 1, 3));
        store.appendStep(e.id(), step(1, 4, 7), update("RUNNING", 8));
        store.appendStep(e.id(), step(2, 8, 9), update("SUCCEEDED", 10));

        assertThat(ids(store.history(e.id(), 0, 5, false))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(store.history(e.id(), 5, 100, false))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(ids(store.history(e.id(), Long.MAX_VALUE, 4, true))).containsExactly(9L, 8L, 7L, 6L);
        assertThat(ids(store.history(e.id(), 6, 100, true))).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(store.execution(e.arn()).orElseThrow().status()).isEqualTo("SUCCEEDED");
        assertThat(store.steps(e.id())).extracting(StepRecord::seq).containsExactly(0L, 1L, 2L);
    }

    @Test
    void retentionDeletesClosedExecutionsOlderThanTheCutoffWithTheirHistories() {
        ExecutionRecord old = store.createExecution(closed("old", T0), step(0, 1, 2));
        ExecutionRecord recent = store.createExecution(closed("recent", T0.plusSeconds(3600)), step(0, 1, 2));
        ExecutionRecord running = store.createExecution(execution("running", T0), step(0, 1, 2));

        assertThat(store.deleteClosedBefore(T0.plusSeconds(60), 100)).isEqualTo(1);

        assertThat(store.execution(old.arn())).isEmpty();
        assertThat(store.history(old.id(), 0, 100, false)).isEmpty();
        assertThat(store.execution(recent.arn())).isPresent();
        assertThat(store.history(recent.id(), 0, 100, false)).hasSize(2);
        assertThat(store.execution(running.arn())).isPresent();
    }

    @Test
    void writesFromManyThreadsShareCommits() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> store.createExecution(execution("c" + n, T0), step(0, 1, 1))));
        }
        for (Thread t : threads) {
            t.join();
        }
        Store.StoreStats stats = store.stats();
        assertThat(stats.writes()).isEqualTo(100);
        assertThat(stats.transactions()).isLessThan(100);
    }

    // ---- fixtures

    private static StateMachineRecord machine(String arn, String name) {
        return new StateMachineRecord(arn, name, "STANDARD", "ACTIVE", "{}", "arn:aws:iam::1:role/r", T0, null, null,
                null, null, null, null, 1);
    }

    private static StateMachineRecord withDefinition(StateMachineRecord m, String definition) {
        return new StateMachineRecord(m.arn(), m.name(), m.type(), m.status(), definition, m.roleArn(), m.created(),
                m.updated(), m.revisionId(), m.description(), m.logging(), m.tracing(), m.encryption(), m.rowVersion());
    }

    private static ExecutionRecord execution(String name, Instant start) {
        return new ExecutionRecord(0, "arn:aws:states:us-east-1:123456789012:execution:m:" + name, MACHINE, name,
                "STANDARD", "RUNNING", start, null, "{}", null, null, null, "{}", "arn:aws:iam::1:role/r", 1, null, null,
                null, null, 0, null, 2);
    }

    private static ExecutionRecord closed(String name, Instant stop) {
        ExecutionRecord e = execution(name, stop.minusSeconds(1));
        return new ExecutionRecord(0, e.arn(), e.stateMachineArn(), e.name(), e.type(), "SUCCEEDED", e.start(), stop,
                e.input(), "{}", null, null, e.definition(), e.roleArn(), e.seed(), null, null, null, null, 0, null, 3);
    }

    private static StepRecord step(long seq, long firstId, long lastId) {
        List<HistoryEvent> events = new ArrayList<>();
        for (long id = firstId; id <= lastId; id++) {
            events.add(new HistoryEvent(id, id - 1, T0, EventType.PassStateEntered,
                    EventDetails.stateEntered("S" + id, Payload.of(Json.object()))));
        }
        return StepRecord.of(seq, T0, "{\"type\":\"Start\"}", events, List.of());
    }

    private static ExecutionUpdate update(String status, long nextEventId) {
        return new ExecutionUpdate(status, "RUNNING".equals(status) ? null : T0, null, null, null, nextEventId, 0, null);
    }

    private static List<Long> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.get("id").asLong()).toList();
    }
}
