package dev.stepwise.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite store. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return Stores.openSqlite(dir, true);
    }
}
