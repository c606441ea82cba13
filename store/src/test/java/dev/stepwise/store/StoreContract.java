package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.stepwise.engine.store.ExecutionLogContract.*;

import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, whatever its database, beyond the execution log's contract (which each
 * store runs too): the catalog, and the two together (a step's read models, retention, durability,
 * group commit). Every method of the execution log and of the catalog is covered by one of the two
 * suites (StoreContractCoverageTest checks it).
 */
abstract class StoreContract {

    protected Store store;

    protected abstract Store open() throws Exception;

    /** Whether the store keeps what it was given across closing and opening, and shares commits (a database). */
    protected boolean durable() {
        return true;
    }

    /** Whether several nodes may share the store (a cluster on one database). */
    protected boolean sharedByNodes() {
        return false;
    }

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    // ---- the execution log

    @Test
    void openExecutionsAreListedByOwnerAndAClaimMovesOneAndFencesItsFormerVersion() {
        ExecutionRecord a = store.create(identity("owned-a", T0), "node-a", step(0, 1, 1, running(2)));
        ExecutionRecord b = store.create(identity("owned-b", T0), "node-b", step(0, 1, 1, running(2)));
        assertThat(store.openExecutionsOwnedBy("node-a")).extracting(ExecutionRecord::arn).containsExactly(a.arn());

        assertThat(store.claim(a.id(), a.version(), "node-b")).isEqualTo(a.version() + 1);
        assertThat(store.openExecutionsOwnedBy("node-a")).isEmpty();
        assertThat(store.openExecutionsOwnedBy("node-b")).extracting(ExecutionRecord::arn)
                .containsExactly(a.arn(), b.arn());
        assertThatThrownBy(() -> store.claim(a.id(), a.version(), "node-c"))
                .isInstanceOf(StoreConflictException.class);
        // what the former owner had loaded is stale: its append writes nothing
        assertThatThrownBy(() -> store.append(a.id(), a.version(), step(1, 2, 2, running(3))))
                .isInstanceOf(StoreConflictException.class);
        assertThat(ids(store.history(a.id(), 0, 10, false))).containsExactly(1L);
    }

    @Test
    void theStoreSaysWhetherOtherNodesMayShareIt() {
        try (Cluster cluster = store.cluster(Cluster.Settings.of("node-1"))) {
            assertThat(cluster.node()).isEqualTo("node-1");
            assertThat(cluster.shared()).isEqualTo(sharedByNodes());
        }
    }

    @Test
    void aStepsProjectionsCommitWithItAndNotWithoutIt() {
        ExecutionRecord e = store.create(identity("e", T0), "n", step(0, 1, 1, running(2),
                new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("e"), "k", "{\"status\":\"RUNNING\"}"))));
        assertThat(store.resource(MAP_RUN)).get().extracting(Resource::body).isEqualTo("{\"status\":\"RUNNING\"}");
        // a refused append leaves the read model as it was
        assertThatThrownBy(() -> store.append(e.id(), 7, step(1, 2, 2, running(3),
                new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("e"), "k", "{\"status\":\"LOST\"}")))))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.resource(MAP_RUN)).get().extracting(Resource::body).isEqualTo("{\"status\":\"RUNNING\"}");
        store.append(e.id(), 1, step(1, 2, 2, running(3),
                new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("e"), "k", "{\"status\":\"SUCCEEDED\"}"))));
        Resource run = store.resource(MAP_RUN).orElseThrow();
        assertThat(run.body()).isEqualTo("{\"status\":\"SUCCEEDED\"}");
        assertThat(run.version()).isEqualTo(2);
    }

    @Test
    void retentionDeletesClosedExecutionsOlderThanTheCutoffWithTheirHistoriesAndMapRuns() {
        ExecutionRecord old = store.create(identity("old", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(1)),
                new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("old"), "k", "{}"))));
        ExecutionRecord recent = store.create(identity("recent", T0), "n", step(0, 1, 2,
                closedAt(T0.plusSeconds(3600))));
        ExecutionRecord running = store.create(identity("running", T0), "n", step(0, 1, 2, running(3)));

        assertThat(store.deleteClosedBefore(T0.plusSeconds(60), 100)).isEqualTo(1);

        assertThat(store.execution(old.arn())).isEmpty();
        assertThat(store.history(old.id(), 0, 100, false)).isEmpty();
        assertThat(store.steps(old.id())).isEmpty();
        assertThat(store.resource(MAP_RUN)).isEmpty();
        assertThat(store.execution(recent.arn())).isPresent();
        assertThat(store.history(recent.id(), 0, 100, false)).hasSize(2);
        assertThat(store.execution(running.arn())).isPresent();
        assertThat(store.deleteClosedBefore(T0.plusSeconds(60), 100)).isZero();
    }

    /**
     * Retention reads executions in id order (the order they started in) with no index by stop time:
     * it reads on past those still open or closed since the cutoff, a batch at a time, and ends its
     * search at the first execution started more than the clocks' margin after the cutoff; one stored
     * after that with an earlier start (a node's clock behind) goes once the cutoff has passed it.
     */
    @Test
    void retentionReadsInStartOrderAndEndsAtTheFirstExecutionStartedAfterTheCutoff() {
        Instant cutoff = T0.plusSeconds(60);
        store.create(identity("open", T0), "n", step(0, 1, 2, running(3)));
        ExecutionRecord first = store.create(identity("first", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(1))));
        store.create(identity("since", T0), "n", step(0, 1, 2, closedAt(cutoff.plusSeconds(1))));
        ExecutionRecord second = store.create(identity("second", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(2))));
        ExecutionRecord third = store.create(identity("third", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(3))));
        Instant later = cutoff.plusMillis(JdbcStore.RETENTION_CLOCK_MARGIN_MS + 1);
        store.create(identity("later", later), "n", step(0, 1, 2, closedAt(later.plusSeconds(1))));
        ExecutionRecord behind = store.create(identity("behind", T0), "n", step(0, 1, 2, closedAt(T0.plusSeconds(4))));

        assertThat(store.deleteClosedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(store.execution(first.arn())).isEmpty();
        assertThat(store.execution(second.arn())).isEmpty();
        assertThat(store.execution(third.arn())).isPresent();
        assertThat(store.deleteClosedBefore(cutoff, 2)).isEqualTo(1);
        assertThat(store.execution(third.arn())).isEmpty();
        // the search ended at "later": "behind" waits for a cutoff past it
        assertThat(store.deleteClosedBefore(cutoff, 2)).isZero();
        assertThat(store.execution(behind.arn())).isPresent();
        assertThat(store.execution(e("since"))).isPresent();
        assertThat(store.deleteClosedBefore(later.plusSeconds(2), 100)).isEqualTo(3); // since, later, behind
        assertThat(store.execution(behind.arn())).isEmpty();
        assertThat(store.execution(e("since"))).isEmpty();
        assertThat(store.execution(e("open"))).isPresent();
    }

    @Test
    void writesFromManyThreadsShareCommits() throws Exception {
        assumeTrue(durable(), "a store in memory commits nothing");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> store.create(identity("c" + n, T0), "n",
                    step(0, 1, 1, running(2)))));
        }
        for (Thread t : threads) {
            t.join();
        }
        Store.StoreStats stats = store.stats();
        assertThat(stats.writes()).isEqualTo(100);
        assertThat(stats.transactions()).isLessThan(100);
        assertThat(store.openExecutions()).hasSize(100);
    }

    @Test
    void writesThatFailInABatchChangeNothingAndTheOthersInItCommit() throws Exception {
        assumeTrue(durable(), "a store in memory commits nothing");
        store.create(identity("taken", T0), "n", step(0, 1, 1, running(2)));
        store.create(resource(MACHINE, "stateMachine", "", "m", "{\"v\":1}"));
        Resource stale = store.resource(MACHINE).orElseThrow();
        store.apply(List.of(new ResourceChange.Update(stale.withBody("{\"v\":2}"), stale.version())));
        Store.StoreStats before = store.stats();
        int writers = 120;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> outcomes = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                int n = i;
                outcomes.add(threads.submit(() -> {
                    go.await();
                    try {
                        switch (n % 3) {
                            // a name already taken: refused by the uniqueness rule
                            case 0 -> store.create(identity(n % 2 == 0 ? "taken" : "new" + n, T0), "n",
                                    step(0, 1, 1, running(2)));
                            // a version created, then a stale update: refused by its last change, its first undone
                            case 1 -> store.apply(List.of(new ResourceChange.Create(resource(MACHINE + ":" + n,
                                    "stateMachineVersion", MACHINE, "%05d".formatted(n), "{}")),
                                    new ResourceChange.Update(stale.withBody("{\"lost\":" + n + "}"),
                                            n % 2 == 0 ? stale.version() : 999)));
                            default -> store.tag(MACHINE, Map.of("k" + n, "v"));
                        }
                        return true;
                    } catch (StoreConflictException refused) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int stored = 0;
            for (var outcome : outcomes) {
                stored += outcome.get() ? 1 : 0;
            }
            // every third write tags; of the creates, the odd ones are new; every update is stale
            assertThat(stored).isEqualTo(writers / 3 + writers / 6);
        }
        assertThat(store.execution(e("taken")).orElseThrow().version()).isEqualTo(1);
        for (int i = 0; i < writers; i++) {
            if (i % 3 == 0 && i % 2 == 1) {
                assertThat(store.execution(e("new" + i))).as("new%d", i).isPresent();
            }
        }
        assertThat(store.list(ResourceRange.children(ACCOUNT, REGION, "stateMachineVersion", MACHINE), null, 1000)
                .items()).as("versions created by refused writes").isEmpty();
        assertThat(store.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"v\":2}");
        assertThat(store.tags(MACHINE)).hasSize(writers / 3);
        Store.StoreStats after = store.stats();
        assertThat(after.writes() - before.writes()).isEqualTo(writers);
        assertThat(after.transactions() - before.transactions()).as("transactions for %d writes", writers)
                .isLessThan(writers);
    }

    @Test
    void anyTextIsKeptAsItWasGivenControlCharactersIncluded() {
        // SendTaskFailure's error and cause, and tags, may hold any character, NUL included
        String odd = "a\u0000b\u0001\uffff\ud83d\ude00\\0";
        ExecutionUpdate failed = new ExecutionUpdate("FAILED", T0.plusSeconds(1), null, "E" + odd, "C" + odd, 3, 0,
                null);
        ExecutionRecord e = store.create(identity("odd", T0), "n", step(0, 1, 1, running(2)));
        store.append(e.id(), 1, step(1, 2, 2, failed));
        assertThat(store.execution(e.arn()).orElseThrow().state()).isEqualTo(failed);
        store.create(resource(MACHINE, "stateMachine", "", "m", "{}"));
        store.tag(MACHINE, Map.of("k" + odd, "v" + odd));
        assertThat(store.tags(MACHINE)).containsExactly(Map.entry("k" + odd, "v" + odd));
        store.untag(MACHINE, List.of("k" + odd));
        assertThat(store.tags(MACHINE)).isEmpty();
    }

    // ---- the catalog

    @Test
    void aResourceIsCreatedOnceByArnAndOnceByKeyAmongItsSiblings() {
        Resource m = resource(MACHINE, "stateMachine", "", "m", "{\"v\":1}");
        store.create(m);
        assertThat(store.resource(MACHINE)).get().satisfies(r -> {
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.body()).isEqualTo("{\"v\":1}");
            assertThat(r.account()).isEqualTo(ACCOUNT);
            assertThat(r.region()).isEqualTo(REGION);
            assertThat(r.type()).isEqualTo("stateMachine");
            assertThat(r.parent()).isEmpty();
            assertThat(r.key()).isEqualTo("m");
        });
        assertThatThrownBy(() -> store.create(m)).isInstanceOf(StoreConflictException.class);
        assertThatThrownBy(() -> store.create(resource(MACHINE + "-alias-of-same-key", "stateMachine", "", "m", "{}")))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.resource(MACHINE + "-alias-of-same-key")).isEmpty();
    }

    @Test
    void theSameNameLivesOnceInEachAccountAndRegion() {
        store.create(resource(MACHINE, "stateMachine", "", "m", "{}"));
        store.create(new Resource("arn:aws:states:us-west-2:123456789012:stateMachine:m", ACCOUNT, "us-west-2",
                "stateMachine", "", "m", 0, "{}"));
        store.create(new Resource("arn:aws:states:us-east-1:999999999999:stateMachine:m", "999999999999", REGION,
                "stateMachine", "", "m", 0, "{}"));
        // and an activity of that name beside the machine
        store.create(resource("arn:aws:states:us-east-1:123456789012:activity:m", "activity", "", "m", "{}"));
        assertThat(store.list(ResourceRange.of(ACCOUNT, REGION, "stateMachine"), null, 10).items())
                .extracting(Resource::arn).containsExactly(MACHINE);
        assertThat(store.list(ResourceRange.of("999999999999", REGION, "stateMachine"), null, 10).items())
                .extracting(Resource::account).containsExactly("999999999999");
    }

    @Test
    void aRangeListsInKeyOrderOrReverseAcrossPages() {
        for (int i = 0; i < 7; i++) {
            String key = String.format("%010d", i);
            store.create(resource(MACHINE + ":" + i, "stateMachineVersion", MACHINE, key, "{}"));
        }
        store.create(resource(MACHINE + ":alias", "stateMachineAlias", MACHINE, "alias", "{}"));
        ResourceRange versions = ResourceRange.children(ACCOUNT, REGION, "stateMachineVersion", MACHINE);
        assertThat(keys(after -> store.list(versions, after, 3)))
                .containsExactly("0000000000", "0000000001", "0000000002", "0000000003", "0000000004", "0000000005",
                        "0000000006");
        assertThat(keys(after -> store.list(versions.reversed(), after, 2))).first().isEqualTo("0000000006");
        assertThat(keys(after -> store.list(versions.reversed(), after, 2))).hasSize(7).last().isEqualTo("0000000000");
        Page<Resource> full = store.list(versions, null, 7);
        assertThat(full.items()).hasSize(7);
        assertThat(full.next()).isNull();
        assertThat(store.list(ResourceRange.children(ACCOUNT, REGION, "stateMachineVersion", MACHINE + "x"), null,
                10).items()).isEmpty();
    }

    @Test
    void keysCompareAsTheirCharactersCodesWhateverTheDatabasesCollation() {
        // a linguistic collation (en_US) would put "a" before "B" and ignore "_"; listings and their
        // page positions are the keys' code point order on every database
        List<String> keys = List.of("B", "_x", "a", "b-1", "b_1", "ä");
        for (String key : List.of("ä", "b_1", "a", "B", "b-1", "_x")) {
            store.create(resource(MACHINE + key, "stateMachine", "", key, "{}"));
        }
        ResourceRange machines = ResourceRange.of(ACCOUNT, REGION, "stateMachine");
        assertThat(keys(after -> store.list(machines, after, 2))).isEqualTo(keys);
        assertThat(keys(after -> store.list(machines.reversed(), after, 4))).isEqualTo(keys.reversed());
        store.tag(MACHINE + "a", Map.of("b", "1", "B", "2", "_", "3"));
        assertThat(store.tags(MACHINE + "a").keySet()).containsExactly("B", "_", "b");
    }

    @Test
    void anUpdateWithAStaleVersionChangesNothing() {
        store.create(resource(MACHINE, "stateMachine", "", "m", "{\"v\":1}"));
        Resource stored = store.resource(MACHINE).orElseThrow();
        store.apply(List.of(new ResourceChange.Update(stored.withBody("{\"v\":2}"), stored.version())));
        assertThatThrownBy(() -> store.apply(List.of(new ResourceChange.Update(stored.withBody("{\"v\":\"lost\"}"),
                stored.version())))).isInstanceOf(StoreConflictException.class);
        Resource now = store.resource(MACHINE).orElseThrow();
        assertThat(now.body()).isEqualTo("{\"v\":2}");
        assertThat(now.version()).isEqualTo(2);
        assertThatThrownBy(() -> store.apply(List.of(new ResourceChange.Update(resource(MACHINE + "x", "stateMachine",
                "", "x", "{}"), 1)))).isInstanceOf(StoreConflictException.class);
    }

    @Test
    void changesApplyAllOrNothing() {
        store.create(resource(MACHINE, "stateMachine", "", "m", "{\"last\":0}"));
        Resource m = store.resource(MACHINE).orElseThrow();
        // publishing version 1: the machine's counter and the version, together
        store.apply(List.of(new ResourceChange.Update(m.withBody("{\"last\":1}"), m.version()),
                new ResourceChange.Create(resource(MACHINE + ":1", "stateMachineVersion", MACHINE, "1", "{}"))));
        // a second publish from the same stale read: refused by its first change, so its second is not made
        assertThatThrownBy(() -> store.apply(List.of(new ResourceChange.Update(m.withBody("{\"last\":1}"), m.version()),
                new ResourceChange.Create(resource(MACHINE + ":2", "stateMachineVersion", MACHINE, "2", "{}")))))
                .isInstanceOf(StoreConflictException.class);
        // and a change refused by its last change undoes the ones before it
        Resource now = store.resource(MACHINE).orElseThrow();
        assertThatThrownBy(() -> store.apply(List.of(new ResourceChange.Update(now.withBody("{\"last\":9}"),
                now.version()), new ResourceChange.Create(resource(MACHINE + ":1", "stateMachineVersion", MACHINE,
                "1", "{}"))))).isInstanceOf(StoreConflictException.class);
        assertThat(store.resource(MACHINE).orElseThrow().body()).isEqualTo("{\"last\":1}");
        assertThat(store.resource(MACHINE + ":2")).isEmpty();
        store.apply(List.of());
    }

    /**
     * An execution's first step and its catalog changes (what ExecutionRuntime.startWith commits with
     * a start: a face's record of what the execution works for) are stored together or not at all,
     * whichever of them conflicts.
     */
    @Test
    void anExecutionsCreationAndItsCatalogChangesCommitTogetherOrNotAtAll() {
        Resource record = resource(MACHINE + ":record", "faceRecord", "", "record", "{}");
        store.create(identity("with-record", T0), "n", step(0, 1, 1, running(2), new ResourceChange.Create(record)));
        assertThat(store.execution(e("with-record"))).isPresent();
        assertThat(store.resource(record.arn())).isPresent();

        // the execution's name is taken: its record is not stored
        Resource other = resource(MACHINE + ":other", "faceRecord", "", "other", "{}");
        assertThatThrownBy(() -> store.create(identity("with-record", T0), "n", step(0, 1, 1, running(2),
                new ResourceChange.Create(other)))).isInstanceOf(StoreConflictException.class);
        assertThat(store.resource(other.arn())).isEmpty();

        // its record conflicts: the execution is not stored
        assertThatThrownBy(() -> store.create(identity("record-taken", T0), "n", step(0, 1, 1, running(2),
                new ResourceChange.Create(record)))).isInstanceOf(StoreConflictException.class);
        assertThat(store.execution(e("record-taken"))).isEmpty();
    }

    @Test
    void anUpsertCreatesOrReplacesWhateverTheVersion() {
        store.apply(List.of(new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("e"), "k", "{\"n\":1}"))));
        store.apply(List.of(new ResourceChange.Upsert(resource(MAP_RUN, "mapRun", e("e"), "k", "{\"n\":2}"))));
        Resource r = store.resource(MAP_RUN).orElseThrow();
        assertThat(r.body()).isEqualTo("{\"n\":2}");
        assertThat(r.version()).isEqualTo(2);
    }

    @Test
    void deletingAResourceDeletesItsTagsAndItsChildren() {
        store.create(resource(MACHINE, "stateMachine", "", "m", "{}"));
        store.create(resource(MACHINE + ":1", "stateMachineVersion", MACHINE, "1", "{}"));
        store.create(resource(MACHINE + ":live", "stateMachineAlias", MACHINE, "live", "{}"));
        String other = "arn:aws:states:us-east-1:123456789012:stateMachine:other";
        store.create(resource(other, "stateMachine", "", "other", "{}"));
        store.create(resource(other + ":1", "stateMachineVersion", other, "1", "{}"));
        store.tag(MACHINE, Map.of("team", "a"));
        store.tag(MACHINE + ":live", Map.of("k", "v"));

        store.apply(List.of(new ResourceChange.Delete(MACHINE)));

        assertThat(store.resource(MACHINE)).isEmpty();
        assertThat(store.resource(MACHINE + ":1")).isEmpty();
        assertThat(store.resource(MACHINE + ":live")).isEmpty();
        assertThat(store.tags(MACHINE)).isEmpty();
        assertThat(store.tags(MACHINE + ":live")).isEmpty();
        assertThat(store.resource(other)).isPresent();
        assertThat(store.resource(other + ":1")).isPresent();
        // deleting what does not exist changes nothing and is no error
        store.apply(List.of(new ResourceChange.Delete(MACHINE)));
        // and the name is free again
        store.create(resource(MACHINE, "stateMachine", "", "m", "{}"));
    }

    @Test
    void tagsAreAddedReplacedRemovedAndListedInKeyOrder() {
        store.create(resource(MACHINE, "stateMachine", "", "m", "{}"));
        store.tag(MACHINE, Map.of("b", "1", "a", "2"));
        store.tag(MACHINE, Map.of("b", "3"));
        assertThat(store.tags(MACHINE)).containsExactly(Map.entry("a", "2"), Map.entry("b", "3"));
        store.untag(MACHINE, List.of("a", "missing"));
        assertThat(store.tags(MACHINE)).containsExactly(Map.entry("b", "3"));
        assertThat(store.tags(MACHINE + "-none")).isEmpty();
    }

    @Test
    void aSecretIsMadeOnceAndKept() {
        byte[] first = store.secret("tokens", 32);
        assertThat(first).hasSize(32);
        assertThat(store.secret("tokens", 32)).isEqualTo(first);
        assertThat(store.secret("other", 16)).hasSize(16).isNotEqualTo(first);
    }

    @Test
    void whatWasWrittenIsReadAfterReopening() throws Exception {
        assumeTrue(durable(), "a store in memory keeps nothing");
        store.create(resource(MACHINE, "stateMachine", "", "m", "{\"kept\":true}"));
        ExecutionRecord e = store.create(identity("e", T0), "n", step(0, 1, 2, running(3)));
        byte[] secret = store.secret("tokens", 32);
        store.close();
        store = open();
        assertThat(store.resource(MACHINE)).get().extracting(Resource::body).isEqualTo("{\"kept\":true}");
        assertThat(store.execution(e.arn())).get().extracting(ExecutionRecord::version).isEqualTo(1L);
        assertThat(ids(store.history(e.id(), 0, 10, false))).containsExactly(1L, 2L);
        assertThat(store.secret("tokens", 32)).isEqualTo(secret);
    }


    // ---- fixtures
    private static Resource resource(String arn, String type, String parent, String key, String body) {
        return new Resource(arn, ACCOUNT, REGION, type, parent, key, 0, body);
    }

    private static List<String> keys(Function<String, Page<Resource>> pages) {
        List<String> keys = new ArrayList<>();
        String after = null;
        do {
            Page<Resource> page = pages.apply(after);
            page.items().forEach(r -> keys.add(r.key()));
            after = page.next();
        } while (after != null);
        return keys;
    }
}
