package dev.stepwise.server;

import dev.stepwise.api.JsonService;
import dev.stepwise.api.RestJsonService;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.imagebuilder.actions.SimulationConfig;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.store.PostgresUrl;
import dev.stepwise.store.Stores;
import dev.stepwise.transfer.TransferConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a server is set up: where it listens, where it keeps its data, the account and region a
 * request acts in when its credentials say nothing else ({@code accessKeyAccounts} maps access
 * key ids to accounts), how it scales waits, how durable commits are, how long closed executions
 * are kept, where task integrations send their calls, the mock configuration whose test cases
 * executions may run ({@code null}: none), and services served beside Step Functions on the same
 * port ({@code jsonServices}, {@code restServices}; tests' stand-ins), and how the Transfer face is set
 * up ({@code transfer}: SFTP's address, the object store's folder, EFS file systems), and the
 * database that holds executions and resources ({@code database}: {@link Database#EMBEDDED}, the
 * SQLite store in {@code dataDir}, or PostgreSQL), this node's name and lease in a cluster
 * ({@code node}), and how Image Builder's simulated actions behave ({@code imageBuilderActions}).
 */
public record ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                           boolean synchronousFull, Duration retention, IntegrationConfig integrations,
                           MockConfig mockConfig, Map<String, String> accessKeyAccounts,
                           List<JsonService> jsonServices, List<RestJsonService> restServices,
                           TransferConfig transfer, Database database, Node node,
                           SimulationConfig imageBuilderActions) {

    /**
     * This node of a cluster on PostgreSQL: its name ({@code id}; null: the one generated once
     * and kept in the data folder), how long its lease lasts unless renewed, and how often it
     * looks for nodes whose lease lapsed. A dead node's executions are taken over within
     * {@code lease + takeoverScan} (13 seconds by default).
     */
    public record Node(String id, Duration lease, Duration takeoverScan) {
        public static final Node DEFAULT = new Node(null, Cluster.Settings.DEFAULT_LEASE,
                Cluster.Settings.DEFAULT_TAKEOVER_SCAN);
    }

    /**
     * Where executions and resources are kept: {@code url} null for the embedded SQLite store in the
     * data folder, else a {@code jdbc:postgresql://host:port/db} URL, with {@code user} and
     * {@code password} (null: the URL's own, or none).
     */
    public record Database(String url, String user, String password) {
        public static final Database EMBEDDED = new Database(null, null, null);

        /** The store's options for this database, the embedded one kept in {@code dataDir}. */
        public Stores.Options storeOptions(Path dataDir, boolean synchronousFull) {
            return new Stores.Options(url, dataDir, synchronousFull, user, password);
        }

        /** The URL and user, never the password (nor one in the URL). */
        @Override
        public String toString() {
            return url == null ? "the embedded store" : PostgresUrl.names(url)
                    ? PostgresUrl.parse(url).withCredentials(user, null).toString() : url;
        }
    }

    /** AWS keeps closed executions for 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                        boolean synchronousFull) {
        this(host, port, dataDir, region, account, waitScale, synchronousFull, DEFAULT_RETENTION,
                IntegrationConfig.none(), null, Map.of(), List.of(), List.of(), TransferConfig.defaults(dataDir),
                Database.EMBEDDED, Node.DEFAULT, SimulationConfig.NONE);
    }

    public ServerConfig withRetention(Duration keep) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, keep, integrations,
                mockConfig, accessKeyAccounts, jsonServices, restServices, transfer, database, node, imageBuilderActions);
    }

    public ServerConfig withIntegrations(IntegrationConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention, config,
                mockConfig, accessKeyAccounts, jsonServices, restServices, transfer, database, node, imageBuilderActions);
    }

    /** The same configuration with mocked service integrations from {@code mocks}. */
    public ServerConfig withMockConfig(MockConfig mocks) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mocks, accessKeyAccounts, jsonServices, restServices, transfer, database, node, imageBuilderActions);
    }

    /** The same configuration where requests signed with these access keys act in these accounts. */
    public ServerConfig withAccessKeyAccounts(Map<String, String> accounts) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, Map.copyOf(accounts), jsonServices, restServices, transfer, database, node, imageBuilderActions);
    }

    /** The same configuration serving these services too, on the same port. */
    public ServerConfig withServices(List<JsonService> json, List<RestJsonService> rest) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, List.copyOf(json), List.copyOf(rest), transfer, database,
                node, imageBuilderActions);
    }

    /** The same configuration keeping executions and resources in {@code store}. */
    public ServerConfig withDatabase(Database store) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, jsonServices, restServices, transfer, store, node, imageBuilderActions);
    }

    /** The same configuration with this node of a cluster named and timed as {@code node} says. */
    public ServerConfig withNode(Node node) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, jsonServices, restServices, transfer, database, node, imageBuilderActions);
    }

    /** The same configuration with the Transfer face set up as {@code config} says. */
    public ServerConfig withTransfer(TransferConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, jsonServices, restServices, config, database, node, imageBuilderActions);
    }

    /** The same configuration with Image Builder's simulated actions behaving as {@code actions} says. */
    public ServerConfig withImageBuilderActions(SimulationConfig actions) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, jsonServices, restServices, transfer, database, node,
                actions);
    }
}
