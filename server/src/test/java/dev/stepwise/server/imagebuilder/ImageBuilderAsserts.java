package dev.stepwise.server.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.server.api.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/** Image Builder clients of a test server, and its errors as the AWS SDK sees them. */
final class ImageBuilderAsserts {
    private static final String MODEL = "software.amazon.awssdk.services.imagebuilder.model.";

    private ImageBuilderAsserts() {}

    /** Image Builder clients of one server, signing as given; {@link #close} closes them. */
    static final class Clients implements AutoCloseable {
        private final ServerFixture fixture;
        private final List<ImagebuilderClient> made = new ArrayList<>();

        Clients(ServerFixture fixture) {
            this.fixture = fixture;
        }

        ImagebuilderClient client(String accessKey, Region region) {
            ImagebuilderClient c = ImagebuilderClient.builder()
                    .endpointOverride(fixture.endpoint())
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                    .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                    .build();
            made.add(c);
            return c;
        }

        @Override
        public void close() {
            made.forEach(ImagebuilderClient::close);
        }
    }

    /**
     * The call fails with {@code code}, HTTP {@code status} and exactly {@code message} (when not
     * null), parsed by the SDK into the model's exception class of that name.
     */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
            try {
                assertThat(e).isInstanceOf(Class.forName(MODEL + code));
            } catch (ClassNotFoundException notModeled) {
                // SerializationException: the SDK has no class of its own
            }
        });
    }

    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        expectError(call, code, 400, message);
    }
}
