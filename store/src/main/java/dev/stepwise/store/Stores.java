package dev.stepwise.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.engine.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/** Opens the store a URL names, creating and migrating its schema as needed. */
public final class Stores {
    private Stores() {}

    /** How many connections a PostgreSQL store reads on at most (its writer has one of its own). */
    static final int POSTGRES_READERS = 8;
    /** How many connections the embedded store reads on (SQLite readers in WAL mode do not block its writer). */
    static final int SQLITE_READERS = 4;

    /**
     * How to open a store. {@code url}: {@code jdbc:sqlite:FILE} for the embedded store (null: the
     * file {@code stepwise.db} in {@code dataDir}); {@code jdbc:postgresql://host:port/db} for
     * PostgreSQL, as {@code user} with {@code password} (null: the URL's, see {@link PostgresUrl}).
     * {@code synchronousFull}: every SQLite commit survives power loss (otherwise a crash of the
     * machine may lose the last commits, never a crash of the process); PostgreSQL commits are as
     * durable as the server's {@code synchronous_commit} makes them (durable unless its operator
     * turned that off).
     */
    public record Options(String url, Path dataDir, boolean synchronousFull, String user, String password) {

        public Options(String url, Path dataDir, boolean synchronousFull) {
            this(url, dataDir, synchronousFull, null, null);
        }

        public static Options embedded(Path dataDir, boolean synchronousFull) {
            return new Options(null, dataDir, synchronousFull);
        }

        /** The store at {@code url} ({@code user} and {@code password} may be null: the URL's). */
        public static Options database(String url, String user, String password) {
            return new Options(url, null, true, user, password);
        }

        /** Never the password, nor one in the URL. */
        @Override
        public String toString() {
            return "Options[" + (url == null ? "embedded in " + dataDir
                    : PostgresUrl.names(url) ? PostgresUrl.parse(url).withCredentials(user, null).toString() : url)
                    + "]";
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
        if (PostgresUrl.names(url)) {
            return openPostgres(PostgresUrl.parse(url).withCredentials(options.user(), options.password()));
        }
        throw new StoreException("unknown store URL " + url
                + ": expected jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE", null);
    }

    /** The embedded store in {@code dataDir} (see {@link Options}). */
    public static Store openSqlite(Path dataDir, boolean synchronousFull) {
        return open(Options.embedded(dataDir, synchronousFull));
    }

    private static Store openSqlite(String url, boolean synchronousFull) {
        Dialect dialect = Dialect.SQLITE;
        try {
            migrate(Flyway.configure().dataSource(url, null, null).locations(dialect.migrations()).load());
            GroupCommitWriter writer = new GroupCommitWriter(() -> {
                // sqlite-jdbc follows each INSERT with a SELECT last_insert_rowid() of its own, prepared
                // anew each time, for getGeneratedKeys; the store reads generated ids itself (Dialect.insertedId)
                Properties noGeneratedKeys = new Properties();
                noGeneratedKeys.setProperty("jdbc.get_generated_keys", "false");
                Connection write = DriverManager.getConnection(url, noGeneratedKeys);
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
                return write;
            }, dialect, GroupCommitWriter.EMBEDDED_HOLD);
            Readers readers;
            try {
                // each reader keeps SQLite's default page cache (2 MB): the writer's holds the hot pages
                readers = Readers.sqlite(url, SQLITE_READERS, List.of("PRAGMA busy_timeout=10000"));
            } catch (SQLException e) {
                writer.close();
                throw e;
            }
            return new JdbcStore(dialect, writer, readers, true);
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("cannot open the store at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL: the schema migrated (Flyway takes a lock in the database, so nodes starting
     * together migrate it once), then a pool of one connection for the writer and a pool of
     * readers. Resources are not cached: other nodes write them too.
     */
    private static Store openPostgres(PostgresUrl url) {
        Dialect dialect = Dialect.POSTGRESQL;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            migrate(Flyway.configure().dataSource(url.url(), url.user(), url.password())
                    .locations(dialect.migrations()).load());
            HikariDataSource writes = pool(url, "stepwise-writer", 1);
            opened.add(writes);
            HikariDataSource readers = pool(url, "stepwise-readers", POSTGRES_READERS);
            opened.add(readers);
            GroupCommitWriter writer = new GroupCommitWriter(new GroupCommitWriter.ConnectionSource() {
                @Override
                public Connection open() throws SQLException {
                    return writes.getConnection();
                }

                @Override
                public void close() {
                    writes.close();
                }
            }, dialect);
            // a cluster's LISTEN holds a connection of its own, outside the pools
            GroupCommitWriter.ConnectionSource dedicated = () -> DriverManager.getConnection(url.url(), url.user(),
                    url.password());
            return new JdbcStore(dialect, writer, Readers.pooled(readers), false, dedicated);
        } catch (Exception e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new StoreException("cannot open the store at " + url + ": " + reason(e), e);
        }
    }

    private static HikariDataSource pool(PostgresUrl url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.url());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        // a call waits this long for a connection while the database is unreachable, then fails
        config.setConnectionTimeout(10_000);
        // the connections show in pg_stat_activity under the pool's name
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }

    /**
     * Brings the schema to this build's version. A schema a newer build migrated further (another
     * node of the cluster runs it, or the data folder was opened by it) is refused before anything
     * is written: this build would not know its tables, and the nodes must run one version.
     */
    private static void migrate(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        String newer = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED).map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder()).map(MigrationVersion::getVersion).orElse(null);
        if (newer != null) {
            String known = Arrays.stream(all).filter(m -> m.getState().isResolved()).map(MigrationInfo::getVersion)
                    .max(Comparator.naturalOrder()).map(MigrationVersion::getVersion).orElse("none");
            throw new StoreException("the database's schema is at version " + newer + ", newer than this build "
                    + "knows (version " + known + "): a newer build of Stepwise migrated it; run that build on "
                    + "this node too (all nodes on one database must run the same version)", null);
        }
        flyway.migrate();
    }

    /**
     * What a person needs to know: the driver's own message (refused, authentication failed, …)
     * if there is one, else the whole message (Flyway's says which migrations do not match).
     */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                return t.getMessage().lines().findFirst().orElse("");
            }
        }
        return String.join(" ", String.valueOf(e.getMessage()).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("---")).toList());
    }
}
