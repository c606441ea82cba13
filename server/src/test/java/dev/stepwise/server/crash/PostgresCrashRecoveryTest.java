package dev.stepwise.server.crash;

import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresUrl;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kill -9 test on PostgreSQL: the server process finds its database through the environment
 * (STEPWISE_DATABASE, STEPWISE_DATABASE_USER, STEPWISE_DATABASE_PASSWORD, as a service definition
 * would set them), is killed with executions in flight, and the next process on the same database
 * ends every acknowledged execution as a crash-free run would (tasks the killed process had claimed
 * for workers included: they are offered again at once). Fewer executions than on SQLite: the
 * property is the same, and the suite stays fast.
 */
class PostgresCrashRecoveryTest extends CrashRecoveryTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.perClass();

    @Override
    protected int perMachine() {
        return 20;
    }

    @Override
    protected void store(ProcessBuilder process) {
        PostgresUrl url = db.url();
        process.environment().put("STEPWISE_DATABASE", url.url());
        process.environment().put("STEPWISE_DATABASE_USER", url.user());
        process.environment().put("STEPWISE_DATABASE_PASSWORD", url.password());
        // the next process has the killed one's name (kept in --data): it starts once the killed
        // one's lease has lapsed, so a short lease keeps the test short
        process.environment().put("STEPWISE_LEASE_SECONDS", "3");
    }
}
