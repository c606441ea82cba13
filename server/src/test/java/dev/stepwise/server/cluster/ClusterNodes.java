package dev.stepwise.server.cluster;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.runtime.Timers;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.store.PostgresUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Nodes of one cluster in this JVM: real servers on port 0 on one PostgreSQL database, each with
 * its own name and data folder, a short lease ({@link #LEASE}) and scan, and an AWS SDK client.
 */
final class ClusterNodes implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration SCAN = Duration.ofMillis(250);
    /** GetActivityTask answers empty after this, so that a worker's poll moves on to another node. */
    static final Duration ACTIVITY_POLL = Duration.ofMillis(500);

    /** One node: its server, a client of it, and whether it was killed. */
    static final class Node {
        final String name;
        final StepwiseServer server;
        final SfnClient sfn;
        final Path data;
        boolean killed;

        Node(String name, StepwiseServer server, SfnClient sfn, Path data) {
            this.name = name;
            this.server = server;
            this.sfn = sfn;
            this.data = data;
        }

        /** Halts the node as kill -9 would: its lease lapses, nothing is handed over. */
        void kill() {
            killed = true;
            sfn.close();
            server.halt();
        }
    }

    private final PostgresUrl database;
    private final IntegrationConfig integrations;
    private final List<Node> nodes = new ArrayList<>();

    ClusterNodes(PostgresUrl database, IntegrationConfig integrations) {
        this.database = database;
        this.integrations = integrations;
    }

    Node start(String name) throws IOException {
        return start(name, ACTIVITY_POLL);
    }

    /** A node whose GetActivityTask waits {@code activityPoll} for a task. */
    Node start(String name, Duration activityPoll) throws IOException {
        return start(name, activityPoll, Clock.systemUTC());
    }

    /** A node whose clock is {@code clock} (one off by some seconds), with real-time timers on it. */
    Node start(String name, Clock clock) throws IOException {
        return start(name, ACTIVITY_POLL, clock);
    }

    /** A node whose configuration {@code configure} adjusts (the Transfer face's SFTP address, its object store). */
    Node start(String name, UnaryOperator<ServerConfig> configure) throws IOException {
        return start(name, ACTIVITY_POLL, Clock.systemUTC(), configure);
    }

    private Node start(String name, Duration activityPoll, Clock clock) throws IOException {
        return start(name, activityPoll, clock, UnaryOperator.identity());
    }

    private Node start(String name, Duration activityPoll, Clock clock, UnaryOperator<ServerConfig> configure)
            throws IOException {
        Path data = Files.createTempDirectory("stepwise-" + name);
        StepwiseServer server = StepwiseServer.start(configure.apply(new ServerConfig("127.0.0.1", 0, data,
                "us-east-1", "123456789012", WaitScale.REAL, false).withIntegrations(integrations)
                .withDatabase(new ServerConfig.Database(database.url(), database.user(), database.password()))
                .withNode(new ServerConfig.Node(name, LEASE, SCAN))), activityPoll, clock, Timers.realTime(clock));
        Node node = new Node(name, server, client(server.port()), data);
        nodes.add(node);
        return node;
    }

    private static SfnClient client(int port) {
        return SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .build())
                .build();
    }

    @Override
    public void close() throws IOException {
        for (Node node : nodes) {
            if (!node.killed) {
                node.sfn.close();
                node.server.close();
            }
            try (Stream<Path> walk = Files.walk(node.data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
