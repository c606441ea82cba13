package dev.stepwise.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL for tests, one per JVM, that hands out a fresh database per test class.
 *
 * <p>Where it comes from, in order: the server the environment variable
 * {@code STEPWISE_TEST_DATABASE} names (a {@code jdbc:postgresql:} URL with a user that may create
 * databases: someone already runs it); else one this fixture starts: {@code initdb} into a temporary
 * folder and {@code pg_ctl start} on a free port of 127.0.0.1 (its socket in that folder, password
 * authentication), with the binaries found on the PATH or in the newest
 * {@code /usr/lib/postgresql/VERSION/bin} (Debian's {@code postgresql} package). It is stopped and
 * its folder deleted when the test run ends (a JVM shutdown hook too, in case the run is cut short).
 * Run as root (containers, CI), the server runs as the user {@code postgres} (or {@code nobody}):
 * PostgreSQL refuses root.
 *
 * <p>When there is no PostgreSQL to use the tests that need one are skipped, saying so, unless
 * the environment variable {@code CI} is {@code true}: then they fail.
 */
public final class PostgresFixture implements AutoCloseable {
    private static final String URL_VARIABLE = "STEPWISE_TEST_DATABASE";
    private static final String USER = "stepwise";

    private static PostgresFixture shared;
    private static RuntimeException unavailable;

    /** The server's maintenance database, with credentials: where databases are created. */
    private final PostgresUrl admin;
    /** The folder of a server this fixture started (null: someone else's server). */
    private final Path folder;
    private final List<String> asServerUser;
    private final Path bin;
    private final AtomicInteger created = new AtomicInteger();
    private volatile Boolean icu;
    private volatile boolean stopped;

    private PostgresFixture(PostgresUrl admin, Path folder, Path bin, List<String> asServerUser) {
        this.admin = admin;
        this.folder = folder;
        this.bin = bin;
        this.asServerUser = asServerUser;
    }

    /**
     * The PostgreSQL of this JVM, started on first use; aborts the calling test (skipped) when
     * there is none, or fails it under {@code CI=true}.
     */
    public static synchronized PostgresFixture shared() {
        if (shared == null && unavailable == null) {
            try {
                shared = locate();
            } catch (RuntimeException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        return shared;
    }

    private static PostgresFixture locate() {
        String external = System.getenv(URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            PostgresUrl url = PostgresUrl.parse(external.strip());
            PostgresFixture fixture = new PostgresFixture(url, null, null, List.of());
            fixture.checkReachable();
            return fixture;
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String message = "no PostgreSQL to test against: initdb and pg_ctl are neither on the PATH nor in "
                    + "/usr/lib/postgresql/*/bin (Debian: apt-get install postgresql), and " + URL_VARIABLE
                    + " names no server";
            if ("true".equals(System.getenv("CI"))) {
                return failed(message);
            }
            Assumptions.abort(message);
        }
        try {
            return start(bin.get());
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start PostgreSQL from " + bin.get() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    private static PostgresFixture failed(String message) {
        throw new IllegalStateException(message + " (CI=true: a missing PostgreSQL fails the build)");
    }

    /** The folder of initdb and pg_ctl: the PATH's, else the newest /usr/lib/postgresql/VERSION/bin. */
    static Optional<Path> binaries() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path initdb = Path.of(dir, "initdb");
            if (Files.isExecutable(initdb)) {
                try {
                    // a symbolic link (Homebrew, /usr/local/bin) points into the version's own folder
                    Path real = initdb.toRealPath().getParent();
                    if (Files.isExecutable(real.resolve("pg_ctl"))) {
                        return Optional.of(real);
                    }
                } catch (IOException ignored) {
                    // a broken link: look further
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingDouble(PostgresFixture::version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static PostgresFixture start(Path bin) throws IOException, InterruptedException, SQLException {
        Path folder = Files.createTempDirectory("stepwise-pg");
        List<String> asServerUser = serverUser(folder);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Path passwordFile = folder.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        giveAway(passwordFile, asServerUser);
        Path data = folder.resolve("data");
        run(folder.resolve("initdb.log"), asServerUser, bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale",
                "--no-sync", "--no-instructions");
        Path conf = data.resolve("postgresql.conf");
        String base = Files.readString(conf);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            // commits stay durable (fsync on), as a deployment's would be
            Files.writeString(conf, base + """

                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    max_connections = 200
                    """.formatted(port, folder));
            try {
                run(folder.resolve("start.log"), asServerUser, bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", folder.resolve("server.log").toString(), "-w", "-t", "60", "start");
            } catch (IOException e) {
                last = e; // the port was taken between looking and binding: another one
                continue;
            }
            PostgresUrl admin = new PostgresUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, password);
            PostgresFixture fixture = new PostgresFixture(admin, folder, bin, asServerUser);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::close, "stepwise-test-postgres-stop"));
            fixture.checkReachable();
            return fixture;
        }
        throw last;
    }

    /**
     * The command prefix that runs the server's programs as a user other than root, and the folder
     * handed to that user; none when the tests do not run as root.
     */
    private static List<String> serverUser(Path folder) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        for (String user : List.of("postgres", "nobody")) {
            Optional<String> uid = output("id", "-u", user);
            Optional<String> gid = output("id", "-g", user);
            if (uid.isPresent() && gid.isPresent()) {
                List<String> prefix = List.of("setpriv", "--reuid=" + uid.get(), "--regid=" + gid.get(),
                        "--clear-groups", "--");
                giveAway(folder, prefix);
                return prefix;
            }
        }
        throw new IOException("running as root, and neither the user postgres nor nobody exists to run PostgreSQL");
    }

    private static void giveAway(Path path, List<String> asServerUser) throws IOException {
        if (asServerUser.isEmpty()) {
            return;
        }
        String uid = asServerUser.get(1).substring("--reuid=".length());
        String gid = asServerUser.get(2).substring("--regid=".length());
        // numeric ids: lookupPrincipalByName accepts them on Linux
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(uid));
        view.setGroup(users.lookupPrincipalByGroupName(gid));
    }

    private static Optional<String> output(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void run(Path log, List<String> prefix, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            Path serverLog = log.resolveSibling("server.log");
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + Files.readString(log) + (Files.exists(serverLog) ? Files.readString(serverLog) : ""));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void checkReachable() {
        try (Connection c = connect(admin)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + admin + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** A new, empty database on this server, named after {@code hint} (a test class). */
    public PostgresUrl createDatabase(String hint) {
        String name = ("stepwise_" + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        name = name.substring(0, Math.min(name.length(), 50)) + "_" + created.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            if (icu == null || icu) {
                // a linguistic default collation (deployments often have en_US), so that tests show the
                // store's listings keep byte order whatever the database's collation
                try {
                    s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' "
                            + "LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
                    icu = true;
                    return database(name);
                } catch (SQLException e) {
                    icu = false; // before PostgreSQL 15, or built without ICU
                }
            }
            s.execute("CREATE DATABASE " + name);
            return database(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database {@link #createDatabase} made, whoever is still connected to it. */
    public void dropDatabase(PostgresUrl database) {
        String name = databaseName(database.url());
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // left for the server's end (ours) or its owner (someone else's): not a test's failure
        }
    }

    /** Whether databases this fixture creates have a linguistic (ICU en-US) default collation. */
    public boolean linguisticCollation() {
        return Boolean.TRUE.equals(icu);
    }

    private PostgresUrl database(String name) {
        String url = admin.url();
        int hostStart = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hostStart);
        int query = url.indexOf('?');
        String head = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String tail = query < 0 ? "" : url.substring(query);
        return new PostgresUrl(head + "/" + name + tail, admin.user(), admin.password());
    }

    private static String databaseName(String url) {
        int hostStart = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hostStart);
        int query = url.indexOf('?');
        return url.substring(slash + 1, query < 0 ? url.length() : query);
    }

    /** A plain connection (autocommit) to {@code database} as its credentials say. */
    public static Connection connect(PostgresUrl database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (database.user() != null) {
            properties.setProperty("user", database.user());
        }
        if (database.password() != null) {
            properties.setProperty("password", database.password());
        }
        return DriverManager.getConnection(database.url(), properties);
    }

    /**
     * Empties every table of the store's schema in {@code database} (Flyway's history stays), in
     * one transaction (DELETE: cheaper than TRUNCATE's new files for the few rows a test leaves).
     */
    public static void clear(PostgresUrl database) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    + "AND tablename <> 'flyway_schema_history'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            c.setAutoCommit(false);
            for (String table : tables) {
                s.execute("DELETE FROM " + table);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops a server this fixture started and deletes its folder; someone else's server is left running. */
    @Override
    public synchronized void close() {
        if (stopped || folder == null) {
            return;
        }
        stopped = true;
        try {
            run(folder.resolve("stop.log"), asServerUser, bin.resolve("pg_ctl").toString(), "-D",
                    folder.resolve("data").toString(), "-m", "immediate", "-w", "-t", "30", "stop");
        } catch (IOException | InterruptedException e) {
            // the JVM is ending: the server's folder is deleted below, and with it the server's files
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it up in time
        }
    }
}
