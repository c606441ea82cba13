package dev.stepwise.store;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of its own for a test class, on the JVM's {@link PostgresFixture}:
 * {@code @RegisterExtension static final PostgresDatabase db = PostgresDatabase.perClass();}. The
 * class's tests are skipped when there is no PostgreSQL (failed under {@code CI=true}). The
 * database is dropped after the class; the server is stopped when the test run ends.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresDatabase.class);

    private final boolean clearBeforeEach;
    private PostgresFixture server;
    private PostgresUrl url;
    private Class<?> owner;

    private PostgresDatabase(boolean clearBeforeEach) {
        this.clearBeforeEach = clearBeforeEach;
    }

    /** One database the class's tests share, as they leave it. */
    public static PostgresDatabase perClass() {
        return new PostgresDatabase(false);
    }

    /** One database for the class, emptied before each test (the store's tables; its schema stays). */
    public static PostgresDatabase clearedBeforeEach() {
        return new PostgresDatabase(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (url != null) {
            return; // a @Nested class shares its outer class's database
        }
        // kept in the run's root store, so that JUnit stops the server when the whole run ends
        server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(PostgresFixture.class, k -> PostgresFixture.shared(), PostgresFixture.class);
        owner = context.getRequiredTestClass();
        url = server.createDatabase(owner.getSimpleName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (clearBeforeEach) {
            PostgresFixture.clear(url);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (url != null && context.getRequiredTestClass() == owner) {
            server.dropDatabase(url);
            url = null;
        }
    }

    /** The database's URL and credentials. */
    public PostgresUrl url() {
        return url;
    }

    /** How to open a store on this database (user and password given apart from the URL). */
    public Stores.Options options() {
        return Stores.Options.database(url.url(), url.user(), url.password());
    }

    /** How to open a store on this database, with {@code dataDir} for what a node keeps in files. */
    public Stores.Options options(Path dataDir) {
        return new Stores.Options(url.url(), dataDir, true, url.user(), url.password());
    }

    /** The server the database lives on. */
    public PostgresFixture server() {
        return server;
    }

    /** Empties the store's tables. */
    public void clear() {
        PostgresFixture.clear(url);
    }
}
