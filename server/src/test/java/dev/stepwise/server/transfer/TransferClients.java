package dev.stepwise.server.transfer;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.transfer.TransferClient;

/** The AWS SDK clients the Transfer tests drive a server on {@code port} with, as a user's code would (no retries). */
final class TransferClients {
    private TransferClients() {}

    static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    static TransferClient transfer(int port) {
        return TransferClient.builder().endpointOverride(endpoint(port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    static SecretsManagerClient secrets(int port) {
        return SecretsManagerClient.builder().endpointOverride(endpoint(port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }
}
