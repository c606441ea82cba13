package dev.stepwise.server.secretsmanager;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.runtime.SimulatedTime;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.paginators.ListSecretsIterable;

/**
 * A real server on port 0 with a fresh data folder, running on a clock the test moves (recovery
 * windows pass at once), and AWS SDK for Java v2 Secrets Manager clients of it (dummy credentials,
 * no retries). Requests signed with the access keys of {@code accounts} act in those accounts.
 */
final class SecretsFixture implements AutoCloseable {
    /** Where the clock starts: a fixed instant, so dates in answers are known. */
    static final Instant START = Instant.parse("2026-03-02T10:15:30.250Z");

    private final Path data;
    private final Map<String, String> accounts;
    private final ManualClock clock = new ManualClock(START);
    private final SimulatedTime timers = new SimulatedTime(clock);
    private final List<SecretsManagerClient> clients = new ArrayList<>();
    private StepwiseServer server;
    private SecretsManagerClient client;

    SecretsFixture() throws IOException {
        this(Map.of());
    }

    SecretsFixture(Map<String, String> accounts) throws IOException {
        this.data = Files.createTempDirectory("stepwise-secrets-test");
        this.accounts = Map.copyOf(accounts);
        start();
    }

    private void start() {
        server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false).withAccessKeyAccounts(accounts), Duration.ofSeconds(60), clock, timers);
        client = newClient("test", Region.US_EAST_1);
    }

    private SecretsManagerClient newClient(String accessKey, Region region) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** The client of the server's default account, in us-east-1. */
    SecretsManagerClient secrets() {
        return client;
    }

    /** Another client, signing with {@code accessKey} in {@code region}; closed with the fixture. */
    SecretsManagerClient client(String accessKey, Region region) {
        SecretsManagerClient c = newClient(accessKey, region);
        clients.add(c);
        return c;
    }

    StepwiseServer server() {
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves the server's clock forward. */
    void advance(Duration d) {
        timers.advanceTo(clock.instant().plus(d));
    }

    /** Stops the server and starts a new one on the same data folder (and the same clock). */
    void restart() {
        client.close();
        server.close();
        start();
    }

    /** Every entry of a ListSecrets paginator's pages, in order. */
    static List<SecretListEntry> entries(ListSecretsIterable pages) {
        return pages.stream().flatMap(p -> p.secretList().stream()).toList();
    }

    @Override
    public void close() throws IOException {
        clients.forEach(SecretsManagerClient::close);
        client.close();
        server.close();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
