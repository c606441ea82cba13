package dev.stepwise.server;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.integrations.IntegrationConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server is set up: where it listens, where it keeps its data, whose account it pretends to
 * be, how it scales waits, how durable commits are, how long closed executions are kept and where
 * task integrations send their calls.
 */
public record ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                           boolean synchronousFull, Duration retention, IntegrationConfig integrations) {

    /** AWS keeps closed executions for 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                        boolean synchronousFull) {
        this(host, port, dataDir, region, account, waitScale, synchronousFull, DEFAULT_RETENTION,
                IntegrationConfig.none());
    }

    public ServerConfig withRetention(Duration keep) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, keep, integrations);
    }

    public ServerConfig withIntegrations(IntegrationConfig config) {
        return new ServerConfig(host, port, dataDir, region, account, waitScale, synchronousFull, retention, config);
    }
}
