package dev.stepwise.transfer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the Transfer face is set up: the address its SFTP servers bind ({@code sftpHost}, loopback
 * unless configured otherwise), the folder under the data directory its embedded object store
 * keeps buckets in ({@code objectRoot}), the folder workflow executions' log lines are written to
 * ({@code logRoot}: a file per server, as AWS writes them to a log group per server), the EFS
 * file system ids it knows, each mapped to a local folder, and the S3-compatible service that is
 * the S3 domain of its SFTP servers, workflow steps and connectors ({@code s3Service}; null: the
 * embedded object store). In a cluster, each node also looks at every server every {@code endpointSync}
 * for a change it was not told of (see {@code EndpointSync}).
 */
public record TransferConfig(String sftpHost, Path objectRoot, Path logRoot, Map<String, Path> efsFileSystems,
                             S3Service s3Service, Duration endpointSync) {
    /** How often a node of a cluster looks for servers changed elsewhere that it was not told of. */
    public static final Duration DEFAULT_ENDPOINT_SYNC = Duration.ofSeconds(5);

    public TransferConfig {
        efsFileSystems = Map.copyOf(efsFileSystems);
        if (endpointSync.toMillis() < 10) {
            throw new IllegalArgumentException("the endpoints' sync period must be at least 10 ms");
        }
    }

    /** SFTP on loopback, buckets in {@code dataDir/objects}, logs in {@code dataDir/transfer-logs}, no EFS. */
    public static TransferConfig defaults(Path dataDir) {
        return new TransferConfig("127.0.0.1", dataDir.resolve("objects"), dataDir.resolve("transfer-logs"), Map.of(),
                null, DEFAULT_ENDPOINT_SYNC);
    }

    public TransferConfig withSftpHost(String host) {
        return new TransferConfig(host, objectRoot, logRoot, efsFileSystems, s3Service, endpointSync);
    }

    /** Buckets kept in {@code root} (nodes of a cluster sharing one folder see each other's files). */
    public TransferConfig withObjectRoot(Path root) {
        return new TransferConfig(sftpHost, root, logRoot, efsFileSystems, s3Service, endpointSync);
    }

    public TransferConfig withEfsFileSystems(Map<String, Path> fileSystems) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, fileSystems, s3Service, endpointSync);
    }

    public TransferConfig withS3Service(S3Service service) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, efsFileSystems, service, endpointSync);
    }

    public TransferConfig withEndpointSync(Duration period) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, efsFileSystems, s3Service, period);
    }

    /**
     * An S3-compatible service (AWS S3, MinIO, ...) at {@code endpoint}, in {@code region}, signed
     * with the access key given ({@code --service-endpoint s3=URL}).
     */
    public record S3Service(URI endpoint, String region, String accessKey, String secretKey) {

        @Override
        public String toString() {
            return "S3Service[endpoint=" + endpoint + ", region=" + region + "]"; // never the secret
        }
    }
}
