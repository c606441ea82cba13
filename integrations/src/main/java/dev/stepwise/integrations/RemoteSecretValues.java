package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Secret values read with GetSecretValue from the Secrets Manager that {@code --service-endpoint
 * secretsmanager=URL} names (AWS's, or any that speaks its API), signed with the integrations'
 * credentials in the caller's region: the account is the one those credentials belong to there.
 * A secret that does not exist or is scheduled for deletion reads as empty, as
 * {@link SecretValues} says; any other failure (the endpoint unreachable, access denied) is thrown
 * as an {@link UncheckedIOException}, since a missing secret and an unreadable one call for different
 * answers.
 */
public final class RemoteSecretValues implements SecretValues {
    private static final String TARGET = "secretsmanager.GetSecretValue";

    private final AwsHttp http;
    private final URI endpoint;

    public RemoteSecretValues(IntegrationConfig config, Clock clock, URI endpoint) {
        this.http = new AwsHttp(config, clock);
        this.endpoint = endpoint;
    }

    @Override
    public Optional<String> secretString(Caller caller, String secretId) {
        byte[] body = Json.write(Json.object().put("SecretId", secretId)).getBytes(StandardCharsets.UTF_8);
        AwsHttp.Response r;
        try {
            r = http.send("POST", endpoint, Map.of("Content-Type", "application/x-amz-json-1.1",
                    "X-Amz-Target", TARGET), body, "secretsmanager", caller.region(), "SecretsManager.Unreachable");
        } catch (IntegrationException e) {
            throw new UncheckedIOException(new IOException(e.cause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while reading secret " + secretId));
        }
        JsonNode answer = parse(r.body());
        if (r.status() == 200) {
            JsonNode value = answer.path("SecretString");
            return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        }
        String code = AwsHttp.errorCode(r.header("x-amzn-ErrorType") != null ? r.header("x-amzn-ErrorType")
                : answer.path("__type").asText(null));
        if ("ResourceNotFoundException".equals(code) || "InvalidRequestException".equals(code)) {
            // not there, or marked for deletion: GetSecretValue refuses both
            return Optional.empty();
        }
        String message = answer.path("Message").asText(answer.path("message").asText(""));
        throw new UncheckedIOException(new IOException("Secrets Manager at " + endpoint + " refused to read secret "
                + secretId + ": " + code + " (HTTP " + r.status() + ") " + message));
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? Json.object() : Json.parse(body);
        } catch (IOException e) {
            return Json.object();
        }
    }
}
