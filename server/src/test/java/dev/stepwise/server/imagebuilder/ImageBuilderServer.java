package dev.stepwise.server.imagebuilder;

import dev.stepwise.server.api.ServerFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/**
 * One real server per test class and its Image Builder clients, started before the class's tests
 * (so before its own {@code @BeforeAll} methods) and closed after them:
 * {@code @RegisterExtension static final ImageBuilderServer server = new ImageBuilderServer(ServerFixture::new);}
 */
final class ImageBuilderServer implements BeforeAllCallback, AfterAllCallback {
    private final Callable<ServerFixture> factory;
    private final List<ImagebuilderClient> made = new ArrayList<>();
    private ServerFixture fixture;

    ImageBuilderServer(Callable<ServerFixture> factory) {
        this.factory = factory;
    }

    /** An Image Builder client of the server at {@code endpoint}, signing as given, that never retries. */
    static ImagebuilderClient client(URI endpoint, String accessKey, Region region) {
        return ImagebuilderClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fixture = factory.call();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeClients();
        if (fixture != null) {
            fixture.close();
        }
    }

    ServerFixture fixture() {
        return fixture;
    }

    /** A client of the running server signing as given; closed with the server or at {@link #restart}. */
    ImagebuilderClient client(String accessKey, Region region) {
        ImagebuilderClient c = client(fixture.endpoint(), accessKey, region);
        made.add(c);
        return c;
    }

    /** A client of the running server as the default account, in us-east-1. */
    ImagebuilderClient client() {
        return client("test", Region.US_EAST_1);
    }

    /** Closes the clients made so far, restarts the server on its data folder, and returns a new {@link #client()}. */
    ImagebuilderClient restart() {
        closeClients();
        fixture.restart();
        return client();
    }

    private void closeClients() {
        made.forEach(ImagebuilderClient::close);
        made.clear();
    }
}
