package dev.stepwise.store;

import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ExecutionLog;

/**
 * A database holding the engine's execution log and the faces' catalog, in one place so that a
 * step's read-model changes commit with the step. Opened by {@link Stores#open}.
 */
public interface Store extends ExecutionLog, Catalog, AutoCloseable {

    /**
     * Counters for structural checks and metrics: transactions committed and writes applied (group
     * commit), and connections to the database the writer replaced after losing them.
     */
    StoreStats stats();

    @Override
    void close();

    record StoreStats(long transactions, long writes, long reconnects) {}
}
