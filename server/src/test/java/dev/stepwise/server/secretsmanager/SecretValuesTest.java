package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The server's {@link SecretValues}, as the Transfer face reads a connector's credentials and a PGP
 * key: the AWSCURRENT SecretString of the caller's secret, found as GetSecretValue finds it.
 */
class SecretValuesTest {
    private static final Caller CALLER = new Caller("123456789012", "us-east-1", null);
    private static final String CREDENTIALS = "{\"Username\":\"partner\",\"Password\":\"s3cret\"}";

    private static SecretsFixture fixture;
    private static SecretsManagerClient secrets;
    private static SecretValues values;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture();
        secrets = fixture.secrets();
        values = fixture.server().secretValues();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    @Test
    void theCurrentSecretStringIsReadByNameOrArn() {
        String arn = secrets.createSecret(r -> r.name("aws/transfer/connector").secretString("old")).arn();
        secrets.putSecretValue(r -> r.secretId("aws/transfer/connector").secretString(CREDENTIALS));
        assertThat(values.secretString(CALLER, "aws/transfer/connector")).contains(CREDENTIALS);
        assertThat(values.secretString(CALLER, arn)).contains(CREDENTIALS);
        assertThat(values.secretString(CALLER, "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
                + "aws/transfer/connector")).contains(CREDENTIALS);
    }

    @Test
    void aReadCountsAsAnAccess() {
        secrets.createSecret(r -> r.name("read-in-process").secretString("v"));
        assertThat(values.secretString(CALLER, "read-in-process")).contains("v");
        assertThat(secrets.describeSecret(r -> r.secretId("read-in-process")).lastAccessedDate())
                .isEqualTo(fixture.now().truncatedTo(ChronoUnit.DAYS));
    }

    @Test
    void nothingIsAnsweredForWhatGetSecretValueWouldRefuse() {
        assertThat(values.secretString(CALLER, "no-such-secret")).isEmpty();
        secrets.createSecret(r -> r.name("without-value"));
        assertThat(values.secretString(CALLER, "without-value")).isEmpty();
        secrets.createSecret(r -> r.name("binary-value").secretBinary(SdkBytes.fromUtf8String("bytes")));
        assertThat(values.secretString(CALLER, "binary-value")).isEmpty();
        secrets.createSecret(r -> r.name("being-deleted").secretString("v"));
        secrets.deleteSecret(r -> r.secretId("being-deleted"));
        assertThat(values.secretString(CALLER, "being-deleted")).isEmpty();
        secrets.createSecret(r -> r.name("elsewhere").secretString("v"));
        assertThat(values.secretString(new Caller("123456789012", "eu-west-1", null), "elsewhere")).isEmpty();
    }
}
