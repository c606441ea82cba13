package dev.stepwise.store;

import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ExecutionLog;

/**
 * A database holding the engine's execution log and the faces' catalog, in one place so that a
 * step's read-model changes commit with the step. Opened by {@link Stores#open}.
 */
public interface Store extends ExecutionLog, Catalog, AutoCloseable {

    /** Counters for structural checks (group commit): transactions committed and writes applied. */
    StoreStats stats();

    @Override
    void close();

    record StoreStats(long transactions, long writes) {}
}
