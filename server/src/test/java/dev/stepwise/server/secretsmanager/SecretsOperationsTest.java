package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerRequest;

/**
 * Which part of the Secrets Manager API is served: the operations the other faces' users need, and
 * exactly those. Every other operation of the API is answered UnknownOperationException; when one
 * lands, this test fails until it leaves {@link #NOT_SERVED} and gets its tests.
 */
class SecretsOperationsTest {
    /** The operations not served (rotation, replication, resource policies, batch reads, passwords). */
    static final Set<String> NOT_SERVED = Set.of("BatchGetSecretValue", "CancelRotateSecret",
            "DeleteResourcePolicy", "GetRandomPassword", "GetResourcePolicy", "PutResourcePolicy",
            "RemoveRegionsFromReplication", "ReplicateSecretToRegions", "RotateSecret", "StopReplicationToReplica",
            "UpdateSecretVersionStage", "ValidateResourcePolicy");
    static final Set<String> SERVED = Set.of("CreateSecret", "DeleteSecret", "DescribeSecret", "GetSecretValue",
            "ListSecretVersionIds", "ListSecrets", "PutSecretValue", "RestoreSecret", "TagResource", "UntagResource",
            "UpdateSecret");

    private static SecretsFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    /** The API's operations, as the AWS SDK for Java v2 models them. */
    private static Set<String> modelOperations() {
        Set<String> operations = new TreeSet<>();
        for (Method m : SecretsManagerClient.class.getMethods()) {
            if (m.getParameterCount() == 1 && SecretsManagerRequest.class.isAssignableFrom(m.getParameterTypes()[0])) {
                String request = m.getParameterTypes()[0].getSimpleName();
                operations.add(request.substring(0, request.length() - "Request".length()));
            }
        }
        return operations;
    }

    @Test
    void everyOperationOfTheApiIsServedOrListedAsNotServed() {
        Set<String> all = new TreeSet<>(SERVED);
        all.addAll(NOT_SERVED);
        assertThat(modelOperations()).isEqualTo(all);
    }

    @Test
    void exactlyTheServedOperationsAreAnswered() throws Exception {
        for (String operation : modelOperations()) {
            String error = errorOf(operation);
            if (SERVED.contains(operation)) {
                assertThat(error).as(operation).isNotEqualTo("UnknownOperationException");
            } else {
                assertThat(error).as(operation).isEqualTo("UnknownOperationException");
            }
        }
    }

    /** The error an empty request to {@code operation} is answered (null: none). */
    private static String errorOf(String operation) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(fixture.endpoint())
                    .header("X-Amz-Target", "secretsmanager." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return null;
            }
            String type = new ObjectMapper().readTree(response.body()).path("__type").asText();
            return type.substring(type.indexOf('#') + 1);
        }
    }
}
