package dev.stepwise.server.cluster;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.runtime.Timers;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresFixture;
import dev.stepwise.store.PostgresUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Nodes of one cluster in this JVM: real servers on port 0 on one PostgreSQL database, each with
 * its own name and data folder, a short lease ({@link #LEASE}) and scan, and AWS SDK clients.
 *
 * <p>A test class registers one for each test, on the class's {@code PostgresDatabase db}, as
 * {@code @RegisterExtension final ClusterNodes cluster = new ClusterNodes(db);} (an instance field:
 * each test its own), and starts in the test the nodes it needs. After the test (after its
 * {@code @AfterEach} methods) the nodes stop, their clients closed and their data folders deleted,
 * and then the Lambda stand-in they called, if any: it answers the nodes until they are gone.
 */
final class ClusterNodes implements AfterEachCallback, AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration SCAN = Duration.ofMillis(250);
    /** GetActivityTask answers empty after this, so that a worker's poll moves on to another node. */
    static final Duration ACTIVITY_POLL = Duration.ofMillis(500);

    /** One node: its server, clients of it, and whether it was killed. */
    static final class Node {
        final String name;
        final StepwiseServer server;
        final SfnClient sfn;
        final Path data;
        /** The clients {@link #client} built, {@link #sfn} among them: closed with the node. */
        private final List<SdkClient> clients = new ArrayList<>();
        boolean killed;

        private Node(String name, StepwiseServer server, Path data) {
            this.name = name;
            this.server = server;
            this.data = data;
            this.sfn = client(SfnClient.builder());
        }

        /**
         * A client of this node built by {@code builder} (of any service: Step Functions, Transfer,
         * Image Builder): no retries, so that a test sees each answer; closed with the node.
         */
        <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(B builder) {
            C client = builder
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryPolicy(RetryPolicy.none())
                            .apiCallTimeout(Duration.ofSeconds(60))
                            .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                            .build())
                    .build();
            clients.add(client);
            return client;
        }

        /**
         * Halts the node as kill -9 would: its lease lapses, nothing is handed over. Its clients stay
         * open until the test ends, as a dying server's clients are theirs: closed with it, they
         * dropped an answer the node had written (a task handed out that its worker never saw), and
         * the task's execution waited for it for ever. Calls in flight fail as the node's
         * connections close.
         */
        void kill() {
            killed = true;
            server.halt();
        }

        private void close() {
            clients.forEach(SdkClient::close);
            server.close();
        }
    }

    private final PostgresDatabase database;
    private final IntegrationConfig integrations;
    /** The Lambda stand-in the nodes call (null: none), closed after them. */
    private final LambdaStandIn lambda;
    private final List<Node> nodes = new ArrayList<>();

    /** Nodes on {@code database} with no integrations. */
    ClusterNodes(PostgresDatabase database) {
        this(database, IntegrationConfig.none(), null);
    }

    /** Nodes on {@code database} whose Lambda Invoke calls {@code lambda}, which is closed after them. */
    ClusterNodes(PostgresDatabase database, LambdaStandIn lambda) {
        this(database, IntegrationConfig.none().withLambdaEndpoint(lambda.endpoint()), lambda);
    }

    private ClusterNodes(PostgresDatabase database, IntegrationConfig integrations, LambdaStandIn lambda) {
        this.database = database;
        this.integrations = integrations;
        this.lambda = lambda;
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
        PostgresUrl url = database.url();
        Path data = Files.createTempDirectory("stepwise-" + name);
        StepwiseServer server = StepwiseServer.start(configure.apply(new ServerConfig("127.0.0.1", 0, data,
                "us-east-1", "123456789012", WaitScale.REAL, false).withIntegrations(integrations)
                .withDatabase(new ServerConfig.Database(url.url(), url.user(), url.password()))
                .withNode(new ServerConfig.Node(name, LEASE, SCAN))), activityPoll, clock, Timers.realTime(clock));
        Node node = new Node(name, server, data);
        nodes.add(node);
        return node;
    }

    // ---- the cluster as its database shows it

    /** The node that owns the execution {@code arn} (null: no such execution). */
    String owner(String arn) throws Exception {
        try (Connection c = PostgresFixture.connect(database.url());
             PreparedStatement p = c.prepareStatement("SELECT owner FROM execution WHERE arn = ?")) {
            p.setString(1, arn);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** The number a {@code SELECT count(*) ...} query answers. */
    int count(String sql) throws Exception {
        try (Connection c = PostgresFixture.connect(database.url()); PreparedStatement p = c.prepareStatement(sql);
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    // ---- the end of a test

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        for (Node node : nodes) {
            if (node.killed) {
                node.clients.forEach(SdkClient::close);
            } else {
                node.close();
            }
            try (Stream<Path> walk = Files.walk(node.data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        nodes.clear();
        if (lambda != null) {
            lambda.close();
        }
    }
}
