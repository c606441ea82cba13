package dev.stepwise.transfer;

import dev.stepwise.integrations.MotoProcess;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible service for tests: moto_server (the local AWS stand-in) on a port it picks
 * itself, started by the test and stopped with it. It takes any credentials. Without moto_server on
 * the PATH the tests are skipped with a message ({@link MotoProcess}).
 */
public final class MotoS3 implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "stepwise-test";
    public static final String SECRET_KEY = "stepwise-test-secret";

    private final MotoProcess process;

    private MotoS3(MotoProcess process) {
        this.process = process;
    }

    public static MotoS3 start() throws Exception {
        return new MotoS3(MotoProcess.start("the tests of the S3 storage domain on an S3-compatible service",
                Map.of()));
    }

    public URI endpoint() {
        return process.endpoint();
    }

    /** An SDK client of the service, to look at what landed there and to put things there. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
