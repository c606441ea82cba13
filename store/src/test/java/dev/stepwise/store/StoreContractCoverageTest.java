package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ExecutionLog;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract suites (the execution log's and the store's) call every method of every store
 * interface, so that a new store (the PostgreSQL one) that passes them implements all of them as
 * the embedded one does.
 */
class StoreContractCoverageTest {

    @Test
    void theContractsCallEveryMethodOfTheExecutionLogTheCatalogAndTheStore() throws IOException {
        Path root = Path.of(System.getProperty("stepwise.root", "."));
        String text = Files.readString(root.resolve("store/src/test/java/dev/stepwise/store/StoreContract.java"))
                + Files.readString(root.resolve(
                        "engine/src/test/java/dev/stepwise/engine/store/ExecutionLogContract.java")).replace("log.", "store.");
        List<String> uncalled = new ArrayList<>();
        for (Class<?> api : List.of(ExecutionLog.class, Catalog.class, Store.class)) {
            for (Method m : api.getDeclaredMethods()) {
                if (!m.isSynthetic() && !text.contains("store." + m.getName() + "(")) {
                    uncalled.add(api.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(uncalled).as("store methods the contract suite never calls").isEmpty();
    }
}
