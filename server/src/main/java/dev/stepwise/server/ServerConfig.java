package dev.stepwise.server;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.integrations.IntegrationConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server is set up: where it listens, where it keeps its data, whose account it pretends to
 * be, how it scales waits, how durable commits are, how long closed executions are kept, where
 * task integrations send their calls, and the mock configuration whose test cases executions may
 * run ({@code null}: none).
 */
public record ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                           boolean synchronousFull, Duration retention, IntegrationConfig integrations,
                           MockConfig mockConfig) {

    /** AWS keeps closed executions for 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                        boolean synchronousFull) {
        this(host, port, dataDir, region, account, waitScale, synchronousFull, DEFAULT_RETENTION,
                IntegrationConfig.none(), null);
    }

    public ServerConfig withRetention(Duration keep) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, keep, integrations,
                mockConfig);
    }

    public ServerConfig withIntegrations(IntegrationConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention, config,
                mockConfig);
    }

    /** The same configuration with mocked service integrations from {@code mocks}. */
    public ServerConfig withMockConfig(MockConfig mocks) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention,
                integrations, mocks);
    }
}
