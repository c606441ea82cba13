package dev.stepwise.store;

import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ExecutionLog;

/**
 * A database holding the engine's execution log and the faces' catalog, in one place so that a
 * step's read-model changes commit with the step. Opened by {@link Stores#open}.
 */
public interface Store extends ExecutionLog, Catalog, AutoCloseable {

    /**
     * Counters for structural checks and metrics: transactions committed and writes applied (group
     * commit), connections to the database the writer replaced after losing them, and the writes
     * waiting for their commit at this moment (queued or being committed).
     */
    StoreStats stats();

    /**
     * How this node shares the database with others: PostgreSQL's stores give a cluster with
     * leases, takeover and signals handed between nodes; the embedded store is one node alone.
     */
    default Cluster cluster(Cluster.Settings settings) {
        return Cluster.single(settings.node());
    }

    @Override
    void close();

    record StoreStats(long transactions, long writes, long reconnects, int waitingWrites) {}
}
