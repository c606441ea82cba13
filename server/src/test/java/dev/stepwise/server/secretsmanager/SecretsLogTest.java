package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret values never reach the server's logs: not when written, read, refused, or sent in a request
 * the server cannot read. Everything Stepwise logs is captured at its most detailed level.
 */
class SecretsLogTest {
    private static final String VALUE = "CORRECT-HORSE-BATTERY-STAPLE";
    private static final String T1 = "cccccccc-0000-0000-0000-000000000001";

    @Test
    void noSecretValueIsEverLogged() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger stepwise = context.getLogger("dev.stepwise");
        Level before = stepwise.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        stepwise.setLevel(Level.TRACE);
        try (SecretsFixture fixture = new SecretsFixture()) {
            SecretsManagerClient secrets = fixture.secrets();
            secrets.createSecret(r -> r.name("logged").secretString(VALUE).clientRequestToken(T1));
            secrets.getSecretValue(r -> r.secretId("logged"));
            secrets.putSecretValue(r -> r.secretId("logged").secretString(VALUE + "-2"));
            secrets.updateSecret(r -> r.secretId("logged").secretBinary(SdkBytes.fromUtf8String(VALUE)));
            List<Runnable> refused = List.of(
                    () -> secrets.putSecretValue(r -> r.secretId("logged").secretString(VALUE + "-other")
                            .clientRequestToken(T1)),
                    () -> secrets.createSecret(r -> r.name("logged").secretString(VALUE)),
                    () -> secrets.createSecret(r -> r.name("both").secretString(VALUE)
                            .secretBinary(SdkBytes.fromUtf8String(VALUE))),
                    () -> secrets.createSecret(r -> r.name("bad name").secretString(VALUE)),
                    () -> secrets.putSecretValue(r -> r.secretId("logged").secretString(VALUE.repeat(3000))),
                    () -> secrets.putSecretValue(r -> r.secretId("missing").secretString(VALUE)));
            for (Runnable call : refused) {
                assertThatThrownBy(call::run).isNotNull();
            }
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(fixture.endpoint())
                        .header("X-Amz-Target", "secretsmanager.PutSecretValue")
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\": \"logged\", \"SecretString\": \""
                                + VALUE + "\", ")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(garbled.statusCode()).isEqualTo(400);
                assertThat(garbled.body()).doesNotContain(VALUE);
            }
        } finally {
            stepwise.setLevel(before);
            root.detachAppender(captured);
        }
        assertThat(captured.list).as("the server logs the refused calls").isNotEmpty();
        for (ILoggingEvent e : captured.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(VALUE);
            if (e.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(VALUE);
            }
        }
    }
}
