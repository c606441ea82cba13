package dev.stepwise.store;

import static dev.stepwise.engine.store.ExecutionLogContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.StepRecord;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.runtime.Cluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two stores on one PostgreSQL database, as two nodes of a cluster will have: each reads what the
 * other wrote at once (no cache hides it: a store caches resources only while its cluster hears
 * their changes), and where both write the same row the version check lets exactly one through;
 * the other writes nothing.
 */
class TwoStoresOnOneDatabaseTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private Store a;
    private Store b;

    @BeforeEach
    void open() {
        a = Stores.open(db.options());
        b = Stores.open(db.options());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void eachStoreReadsTheOthersCatalogWritesAtOnce() {
        a.create(resource(MACHINE, "{\"v\":1}"));
        Resource seen = b.resource(MACHINE).orElseThrow();
        assertThat(seen.body()).isEqualTo("{\"v\":1}");

        b.apply(List.of(new ResourceChange.Update(seen.withBody("{\"v\":2}"), seen.version())));
        assertThat(a.resource(MACHINE)).get().extracting(Resource::body, Resource::version)
                .containsExactly("{\"v\":2}", 2L);
        // what a had read before b's update is stale: its update is refused and changes nothing
        assertThatThrownBy(() -> a.apply(List.of(new ResourceChange.Update(seen.withBody("{\"v\":\"lost\"}"),
                seen.version())))).isInstanceOf(StoreConflictException.class);
        assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":2}");

        a.tag(MACHINE, Map.of("team", "a"));
        assertThat(b.tags(MACHINE)).containsExactly(Map.entry("team", "a"));
        assertThat(b.list(ResourceRange.of(ACCOUNT, REGION, "stateMachine"), null, 10).items())
                .extracting(Resource::arn).containsExactly(MACHINE);

        b.apply(List.of(new ResourceChange.Delete(MACHINE)));
        assertThat(a.resource(MACHINE)).isEmpty();
        assertThat(a.tags(MACHINE)).isEmpty();
    }

    @Test
    void aNodeHearingResourceChangesServesItsCacheAndReadsAResourceAnewOnceAnotherNodesChangeIsHeard() {
        // created before anyone listens: no notification of it is still on its way to b
        a.create(resource(MACHINE, "{\"v\":1}"));
        try (Cluster clusterA = JoinedNodes.join(a, "node-a"); Cluster clusterB = JoinedNodes.join(b, "node-b")) {
            assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":1}");
            // a change no store made (so no notification): b's cached copy stands
            writeBehindTheStores(MACHINE, "{\"v\":\"unseen\"}");
            assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":1}");

            Resource atA = a.resource(MACHINE).orElseThrow();
            a.apply(List.of(new ResourceChange.Update(atA.withBody("{\"v\":2}"), atA.version())));
            // well within the cache's lifetime: only the notification empties b's entry
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> b.resource(MACHINE).orElseThrow().body().equals("{\"v\":2}"));

            a.apply(List.of(new ResourceChange.Delete(MACHINE)));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.resource(MACHINE).isEmpty());
        }
    }

    @Test
    void aNodeWhoseListeningConnectionIsLostEmptiesItsCache() {
        a.create(resource(MACHINE, "{\"v\":1}"));
        try (Cluster clusterB = JoinedNodes.join(b, "node-b")) {
            assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":1}");
            writeBehindTheStores(MACHINE, "{\"v\":\"missed\"}");
            assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":1}");

            // what is notified while b does not listen is lost: its cache stops serving, and serves again
            // once its listener has reconnected, from empty
            JdbcStore listening = (JdbcStore) b;
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'");
            await().atMost(Duration.ofSeconds(10)).until(() -> !listening.resourceCacheServes());
            await().atMost(Duration.ofSeconds(10)).until(listening::resourceCacheServes);
            assertThat(b.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":\"missed\"}");
        }
    }

    @Test
    void anAppendByASecondWriterOfTheSameVersionWritesNothing() {
        ExecutionRecord created = a.create(identity("e", T0), "node-a", step(0, 1, 2, running(3)));
        ExecutionRecord seenByB = b.execution(created.arn()).orElseThrow();
        assertThat(seenByB.version()).isEqualTo(1);
        assertThat(seenByB.owner()).isEqualTo("node-a");

        a.append(created.id(), 1, step(1, 3, 4, running(5),
                new ResourceChange.Upsert(mapRun("{\"by\":\"a\"}"))));
        assertThatThrownBy(() -> b.append(seenByB.id(), seenByB.version(), step(1, 3, 3, closed("FAILED", 4),
                new ResourceChange.Upsert(mapRun("{\"by\":\"b\"}")))))
                .isInstanceOf(StoreConflictException.class);

        for (Store either : List.of(a, b)) {
            ExecutionRecord now = either.execution(created.arn()).orElseThrow();
            assertThat(now.version()).isEqualTo(2);
            assertThat(now.state()).isEqualTo(running(5));
            assertThat(ids(either.history(created.id(), 0, 100, false))).containsExactly(1L, 2L, 3L, 4L);
            assertThat(either.resource(MAP_RUN).orElseThrow().body()).isEqualTo("{\"by\":\"a\"}");
        }
    }

    @Test
    void whenBothAppendTheSameVersionAtOnceExactlyOneWinsEachRound() throws Exception {
        ExecutionRecord e = a.create(identity("race", T0), "node-a", step(0, 1, 1, running(2)));
        int rounds = 25;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 1; round <= rounds; round++) {
                long expected = round;
                long event = round + 1;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (Store writer : List.of(a, b)) {
                    outcomes.add(threads.submit(appendOnce(writer, go, e.id(), expected,
                            step(round, event, event, running(event + 1)))));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> outcome : outcomes) {
                    won += outcome.get() ? 1 : 0;
                }
                assertThat(won).as("appends of version %d that were stored", expected).isEqualTo(1);
            }
        }
        assertThat(b.execution(e.arn()).orElseThrow().version()).isEqualTo(rounds + 1);
        List<Long> ids = ids(a.history(e.id(), 0, 1000, false));
        assertThat(ids).hasSize(rounds + 1).doesNotHaveDuplicates().isSorted();
        assertThat(ids.getLast()).isEqualTo(rounds + 1);
    }

    @Test
    void aStandardExecutionNameStartedOnBothAtOnceIsTakenOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Store writer : List.of(a, b)) {
                outcomes.add(threads.submit(() -> {
                    go.await();
                    try {
                        writer.create(identity("once", T0), "n", step(0, 1, 1, running(2)));
                        return true;
                    } catch (StoreConflictException refused) {
                        return false;
                    }
                }));
            }
            go.countDown();
            assertThat(outcomes.get(0).get() ^ outcomes.get(1).get()).as("exactly one start is stored").isTrue();
        }
        assertThat(a.execution(e("once"))).isPresent();
    }

    @Test
    void aSecretMadeByBothAtOnceIsOneSecret() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> fromA = threads.submit(() -> {
                go.await();
                return a.secret("task-tokens", 32);
            });
            Future<byte[]> fromB = threads.submit(() -> {
                go.await();
                return b.secret("task-tokens", 32);
            });
            go.countDown();
            assertThat(fromA.get()).hasSize(32).isEqualTo(fromB.get());
        }
    }

    private static Callable<Boolean> appendOnce(Store writer, CountDownLatch go, long id, long expected,
                                                StepRecord step) {
        return () -> {
            go.await();
            try {
                writer.append(id, expected, step);
                return true;
            } catch (StoreConflictException refused) {
                return false;
            }
        };
    }

    /** Changes a resource's body in the database directly, as no store would (no notification). */
    private static void writeBehindTheStores(String arn, String body) {
        sql("UPDATE resource SET body = '" + body + "' WHERE arn = '" + arn + "'");
    }

    private static void sql(String statement) {
        try (Connection c = DriverManager.getConnection(db.url().url(), db.url().user(), db.url().password());
             PreparedStatement p = c.prepareStatement(statement)) {
            p.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneWriteOfSeveralResourcesNotifiesTheChangeOfEachOfThem() throws Exception {
        try (Connection listening = Listening.on(
                DriverManager.getConnection(db.url().url(), db.url().user(), db.url().password()),
                JdbcStore.RESOURCE_CHANNEL)) {
            String other = MACHINE + "-other";
            a.apply(List.of(new ResourceChange.Create(resource(MACHINE, "{}")),
                    new ResourceChange.Create(new Resource(other, ACCOUNT, REGION, "stateMachine", "", "m2", 0, "{}"))));
            List<String> heard = Listening.heard(listening, 2, Duration.ofSeconds(10));
            assertThat(heard).containsExactlyInAnyOrder(MACHINE, other);
        }
    }

    private static Resource resource(String arn, String body) {
        return new Resource(arn, ACCOUNT, REGION, "stateMachine", "", "m", 0, body);
    }

    private static Resource mapRun(String body) {
        return new Resource(MAP_RUN, ACCOUNT, REGION, "mapRun", e("e"), "k", 0, body);
    }
}
