package dev.stepwise.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.engine.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** Opens the store a URL names, creating and migrating its schema as needed. */
public final class Stores {
    private Stores() {}

    /**
     * How to open a store. {@code url}: {@code jdbc:sqlite:FILE} for the embedded store (null: the
     * file {@code stepwise.db} in {@code dataDir}); {@code jdbc:postgresql://…} is the cluster
     * store's, not served yet. {@code synchronousFull}: every SQLite commit survives power loss
     * (otherwise a crash of the machine may lose the last commits, never a crash of the process).
     */
    public record Options(String url, Path dataDir, boolean synchronousFull) {

        public static Options embedded(Path dataDir, boolean synchronousFull) {
            return new Options(null, dataDir, synchronousFull);
        }
    }

    public static Store open(Options options) {
        String url = options.url();
        if (url == null) {
            try {
                Files.createDirectories(options.dataDir());
            } catch (java.io.IOException e) {
                throw new StoreException("cannot create " + options.dataDir() + ": " + e.getMessage(), e);
            }
            url = "jdbc:sqlite:" + options.dataDir().resolve("stepwise.db").toAbsolutePath();
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return openSqlite(url, options.synchronousFull());
        }
        if (url.startsWith("jdbc:postgresql:")) {
            throw new StoreException("the PostgreSQL store is not available yet: use the embedded store", null);
        }
        throw new StoreException("unknown store URL " + url + ": expected jdbc:sqlite:FILE", null);
    }

    /** The embedded store in {@code dataDir} (see {@link Options}). */
    public static Store openSqlite(Path dataDir, boolean synchronousFull) {
        return open(Options.embedded(dataDir, synchronousFull));
    }

    private static Store openSqlite(String url, boolean synchronousFull) {
        Dialect dialect = Dialect.SQLITE;
        try {
            Flyway.configure().dataSource(url, null, null).locations(dialect.migrations()).load().migrate();
            Connection write = DriverManager.getConnection(url);
            try (Statement s = write.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (synchronousFull ? "FULL" : "NORMAL"));
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
                // the savepoints of group commit would otherwise open and delete a statement
                // journal file per transaction; and the indexes' hot pages stay cached
                s.execute("PRAGMA temp_store=MEMORY");
                s.execute("PRAGMA cache_size=-65536");
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(4);
            config.setPoolName("stepwise-readers");
            config.setConnectionInitSql("PRAGMA busy_timeout=10000; PRAGMA cache_size=-16384");
            return new JdbcStore(new GroupCommitWriter(write, dialect), new HikariDataSource(config), true);
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("cannot open the store at " + url + ": " + e.getMessage(), e);
        }
    }
}
