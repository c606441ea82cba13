package dev.stepwise.store;

import static org.awaitility.Awaitility.await;

import dev.stepwise.engine.Signal;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.runtime.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Clusters of stores on PostgreSQL joined by nodes that hold no executions: their listeners, leases and queues alone. */
final class JoinedNodes {
    private JoinedNodes() {}

    /** The store's cluster, joined as {@code node}, once it listens (it hears resource changes). */
    static Cluster join(Store store, String node) {
        Cluster cluster = store.cluster(Cluster.Settings.of(node));
        cluster.join(new Cluster.Member() {
            @Override
            public CompletableFuture<Cluster.Outcome> deliverForwarded(long inboxId, String executionArn,
                                                                      Signal signal) {
                return CompletableFuture.completedFuture(Cluster.Outcome.NOT_HERE);
            }

            @Override
            public int adopt(List<ExecutionRecord> claimed) {
                return 0;
            }

            @Override
            public int abandonAll() {
                return 0;
            }

            @Override
            public int recoverOwned() {
                return 0;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(((JdbcStore) store)::resourceCacheServes);
        return cluster;
    }
}
