package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.integrations.RemoteSecretValues;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --service-endpoint secretsmanager=URL}, the secrets the Transfer face reads (PGP keys,
 * connector credentials) come from that Secrets Manager over its API, here another Stepwise's: a
 * secret there is read, one missing or scheduled for deletion reads as none, and an endpoint that
 * does not answer is a failure, not a missing secret.
 */
class RemoteSecretValuesTest {
    private static final Caller CALLER = new Caller("123456789012", "us-east-1", "test");

    @TempDir
    Path data;
    private SecretsFixture remote;
    private StepwiseServer local;

    @BeforeEach
    void start() throws Exception {
        remote = new SecretsFixture();
        local = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false).withIntegrations(IntegrationConfig.none()
                .withServiceEndpoints(Map.of("secretsmanager", remote.endpoint()))));
    }

    @AfterEach
    void stop() throws Exception {
        local.close();
        remote.close();
    }

    @Test
    void theServerReadsSecretsFromTheSecretsManagerItIsPointedAt() {
        remote.secrets().createSecret(r -> r.name("aws/transfer/s-0123456789abcdef0/alice").secretString("{\"k\":1}"));
        remote.secrets().createSecret(r -> r.name("gone").secretString("old"));
        remote.secrets().deleteSecret(r -> r.secretId("gone"));

        SecretValues secrets = local.secretValues();
        assertThat(secrets.secretString(CALLER, "aws/transfer/s-0123456789abcdef0/alice")).contains("{\"k\":1}");
        assertThat(secrets.secretString(CALLER, "never-made")).isEmpty();
        assertThat(secrets.secretString(CALLER, "gone")).isEmpty();
    }

    @Test
    void anEndpointThatDoesNotAnswerIsAFailureNotAMissingSecret() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SecretValues secrets = new RemoteSecretValues(IntegrationConfig.none(), Clock.systemUTC(),
                URI.create("http://127.0.0.1:" + closed));
        assertThatThrownBy(() -> secrets.secretString(CALLER, "any")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Unable to execute HTTP request");
    }
}
