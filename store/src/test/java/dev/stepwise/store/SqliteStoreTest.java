package dev.stepwise.store;

import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, and the execution log's, on the embedded SQLite store. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return Stores.openSqlite(dir, true);
    }

    @Nested
    class AsExecutionLog extends ExecutionLogContract {
        @Override
        protected ExecutionLog openLog() {
            return Stores.openSqlite(dir.resolve("log"), true);
        }
    }
}
