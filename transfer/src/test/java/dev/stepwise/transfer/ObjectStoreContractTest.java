package dev.stepwise.transfer;

import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded object store keeps the contract of every {@link ObjectStorage}. */
class ObjectStoreContractTest extends ObjectStorageContract {
    @TempDir
    Path root;
    private ObjectStore store;

    @BeforeEach
    void open() throws IOException {
        store = new ObjectStore(root, new ObjectStoreTest.TickingClock(Instant.parse("2024-05-01T10:00:00Z")),
                new Random(7));
    }

    @Override
    protected ObjectStorage storage() {
        return store;
    }
}
