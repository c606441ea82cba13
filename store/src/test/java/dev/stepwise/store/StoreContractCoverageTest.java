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
 * The contract suite calls every method of every store interface, so that a new store (the
 * PostgreSQL one) that passes it implements all of them as the embedded one does.
 */
class StoreContractCoverageTest {

    @Test
    void theContractCallsEveryMethodOfTheExecutionLogTheCatalogAndTheStore() throws IOException {
        Path source = Path.of(System.getProperty("stepwise.root", "."),
                "store/src/test/java/dev/stepwise/store/StoreContract.java");
        String text = Files.readString(source);
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
