package dev.stepwise.transfer;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the Transfer face is set up: the address its SFTP servers bind ({@code sftpHost}, loopback
 * unless configured otherwise), the folder under the data directory its embedded object store
 * keeps buckets in ({@code objectRoot}), the folder workflow executions' log lines are written to
 * ({@code logRoot}: a file per server, as AWS writes them to a log group per server), and the EFS
 * file system ids it knows, each mapped to a local folder.
 */
public record TransferConfig(String sftpHost, Path objectRoot, Path logRoot, Map<String, Path> efsFileSystems) {

    public TransferConfig {
        efsFileSystems = Map.copyOf(efsFileSystems);
    }

    /** SFTP on loopback, buckets in {@code dataDir/objects}, logs in {@code dataDir/transfer-logs}, no EFS. */
    public static TransferConfig defaults(Path dataDir) {
        return new TransferConfig("127.0.0.1", dataDir.resolve("objects"), dataDir.resolve("transfer-logs"), Map.of());
    }

    public TransferConfig withSftpHost(String host) {
        return new TransferConfig(host, objectRoot, logRoot, efsFileSystems);
    }

    public TransferConfig withEfsFileSystems(Map<String, Path> fileSystems) {
        return new TransferConfig(sftpHost, objectRoot, logRoot, fileSystems);
    }
}
