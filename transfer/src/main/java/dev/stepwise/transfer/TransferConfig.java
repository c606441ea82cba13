package dev.stepwise.transfer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the Transfer face is set up: the address its SFTP servers bind ({@code sftpHost}, loopback
 * unless configured otherwise), the folder under the data directory its embedded object store
 * keeps buckets in ({@code objectRoot}), the folder workflow executions' log lines are written to
 * ({@code logRoot}: a file per server, as AWS writes them to a log group per server), the EFS
 * file system ids it knows, each mapped to a local folder, and the S3-compatible service that is
 * the S3 domain of its SFTP servers, workflow steps and connectors ({@code s3Service}; null: the
 * embedded object store).
 */
public record TransferConfig(String sftpHost, Path objectRoot, Path logRoot, Map<String, Path> efsFileSystems,
                             S3Service s3Service) {

    public TransferConfig {
        efsFileSystems = Map.copyOf(efsFileSystems);
    }

    /** SFTP on loopback, buckets in {@code dataDir/objects}, logs in {@code dataDir/transfer-logs}, no EFS. */
    public static TransferConfig defaults(Path dataDir) {
        return new TransferConfig("127.0.0.1", dataDir.resolve("objects"), dataDir.resolve("transfer-logs"), Map.of(),
                null);
    }

    public TransferConfig withSftpHost(String host) {
        return new TransferConfig(host, objectRoot, logRoot, efsFileSystems, s3Service);
    }

    public TransferConfig withEfsFileSystems(Map<String, Path> fileSystems) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, fileSystems, s3Service);
    }

    public TransferConfig withS3Service(S3Service service) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, efsFileSystems, service);
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
