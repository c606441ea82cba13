package dev.stepwise.store;

import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionLogContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract, and the execution log's, on a real PostgreSQL (a fresh database for each test). */
class PostgresStoreTest extends StoreContract {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    @Override
    protected Store open() {
        return Stores.open(db.options());
    }

    @Override
    protected boolean sharedByNodes() {
        return true;
    }

    @Nested
    class AsExecutionLog extends ExecutionLogContract {
        @Override
        protected ExecutionLog openLog() {
            return Stores.open(db.options());
        }
    }
}
