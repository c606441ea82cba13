package dev.stepwise.server.api;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.store.JdbcStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.transfer.TransferClient;

/**
 * A real server on port 0 with a fresh data folder, and an AWS SDK for Java v2 client pointed at
 * it (dummy credentials, host-prefix injection off, no retries).
 */
public final class ServerFixture implements AutoCloseable {
    public static final String ROLE = "arn:aws:iam::123456789012:role/test";

    private final Path data;
    private StepwiseServer server;
    private SfnClient client;
    private final WaitScale scale;
    private final Duration activityPoll;
    private final IntegrationConfig integrations;
    private final MockConfig mocks;
    private final java.util.function.UnaryOperator<ServerConfig> customize;
    private final java.util.List<SfnClient> clients = new java.util.ArrayList<>();
    private final java.util.List<TransferClient> transferClients = new java.util.ArrayList<>();

    public ServerFixture(WaitScale scale) throws IOException {
        this(scale, Duration.ofSeconds(60));
    }

    /** A server whose GetActivityTask answers empty after {@code activityPoll} instead of AWS's 60 seconds. */
    public ServerFixture(WaitScale scale, Duration activityPoll) throws IOException {
        this(scale, activityPoll, IntegrationConfig.none(), null);
    }

    /** A server whose task integrations call where {@code integrations} says. */
    public ServerFixture(WaitScale scale, Duration activityPoll, IntegrationConfig integrations) throws IOException {
        this(scale, activityPoll, integrations, null);
    }

    /** A server with mocked service integrations from {@code mocks} (null: none). */
    public ServerFixture(WaitScale scale, Duration activityPoll, MockConfig mocks) throws IOException {
        this(scale, activityPoll, IntegrationConfig.none(), mocks);
    }

    /** A server with task integrations and mocked service integrations (a test case's unmocked states run for real). */
    public ServerFixture(WaitScale scale, Duration activityPoll, IntegrationConfig integrations, MockConfig mocks)
            throws IOException {
        this(scale, activityPoll, integrations, mocks, java.util.function.UnaryOperator.identity());
    }

    /** A server whose configuration {@code customize} adjusts (accounts, extra services). */
    public ServerFixture(java.util.function.UnaryOperator<ServerConfig> customize) throws IOException {
        this(WaitScale.REAL, Duration.ofSeconds(60), IntegrationConfig.none(), null, customize);
    }

    private ServerFixture(WaitScale scale, Duration activityPoll, IntegrationConfig integrations, MockConfig mocks,
                          java.util.function.UnaryOperator<ServerConfig> customize) throws IOException {
        this.data = Files.createTempDirectory("stepwise-test");
        this.scale = scale;
        this.activityPoll = activityPoll;
        this.integrations = integrations;
        this.mocks = mocks;
        this.customize = customize;
        start();
    }

    public ServerFixture() throws IOException {
        this(WaitScale.REAL);
    }

    private void start() {
        server = StepwiseServer.start(customize.apply(new ServerConfig("127.0.0.1", 0, data, "us-east-1",
                "123456789012", scale, false).withIntegrations(integrations).withMockConfig(mocks)), activityPoll);
        client = newClient("test", Region.US_EAST_1);
    }

    private SfnClient newClient(String accessKey, Region region) {
        return SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(90))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .build())
                .build();
    }

    /** Another client of this server, signing with {@code accessKey} in {@code region}; closed with the fixture. */
    public SfnClient client(String accessKey, Region region) {
        SfnClient c = newClient(accessKey, region);
        clients.add(c);
        return c;
    }

    /**
     * A Transfer client of this server, signing with {@code accessKey} in {@code region}; closed
     * with the fixture (a client made before a restart keeps the old port: make another).
     */
    public TransferClient transfer(String accessKey, Region region) {
        TransferClient c = TransferClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
        transferClients.add(c);
        return c;
    }

    /** Stops the server and starts a new one on the same data folder. */
    public void restart() {
        client.close();
        server.close();
        start();
    }

    public SfnClient sfn() {
        return client;
    }

    public int port() {
        return server.port();
    }

    public StepwiseServer server() {
        return server;
    }

    public JdbcStore store() {
        return (JdbcStore) server.store();
    }

    /** The server's data folder. */
    public Path dataDir() {
        return data;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() throws IOException {
        clients.forEach(SfnClient::close);
        transferClients.forEach(TransferClient::close);
        client.close();
        server.close();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
