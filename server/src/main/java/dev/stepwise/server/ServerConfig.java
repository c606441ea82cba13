package dev.stepwise.server;

import dev.stepwise.api.JsonService;
import dev.stepwise.api.RestJsonService;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.integrations.IntegrationConfig;
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
 * up ({@code transfer}: SFTP's address, the object store's folder, EFS file systems).
 */
public record ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                           boolean synchronousFull, Duration retention, IntegrationConfig integrations,
                           MockConfig mockConfig, Map<String, String> accessKeyAccounts,
                           List<JsonService> jsonServices, List<RestJsonService> restServices,
                           TransferConfig transfer) {

    /** AWS keeps closed executions for 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                        boolean synchronousFull) {
        this(host, port, dataDir, region, account, waitScale, synchronousFull, DEFAULT_RETENTION,
                IntegrationConfig.none(), null, Map.of(), List.of(), List.of(), TransferConfig.defaults(dataDir));
    }

    public ServerConfig withRetention(Duration keep) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, keep, integrations,
                mockConfig, accessKeyAccounts, jsonServices, restServices, transfer);
    }

    public ServerConfig withIntegrations(IntegrationConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention, config,
                mockConfig, accessKeyAccounts, jsonServices, restServices, transfer);
    }

    /** The same configuration with mocked service integrations from {@code mocks}. */
    public ServerConfig withMockConfig(MockConfig mocks) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mocks, accessKeyAccounts, jsonServices, restServices, transfer);
    }

    /** The same configuration where requests signed with these access keys act in these accounts. */
    public ServerConfig withAccessKeyAccounts(Map<String, String> accounts) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, Map.copyOf(accounts), jsonServices, restServices, transfer);
    }

    /** The same configuration serving these services too, on the same port. */
    public ServerConfig withServices(List<JsonService> json, List<RestJsonService> rest) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, List.copyOf(json), List.copyOf(rest), transfer);
    }

    /** The same configuration with the Transfer face set up as {@code config} says. */
    public ServerConfig withTransfer(TransferConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mockConfig, accessKeyAccounts, jsonServices, restServices, config);
    }
}
