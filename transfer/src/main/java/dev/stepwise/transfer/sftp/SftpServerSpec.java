package dev.stepwise.transfer.sftp;

import java.security.KeyPair;
import java.util.List;

/**
 * One Transfer server as its SFTP endpoint needs it: its id, its domain ("S3" or "EFS": where
 * users' home directories are), the ports to listen on (empty: one free port), its host keys
 * (offered to clients; the first is the one DescribeServer's HostKeyFingerprint shows), how its
 * users are found at login and who is told of uploads.
 */
public record SftpServerSpec(String serverId, String domain, List<Integer> ports, List<KeyPair> hostKeys,
                             SftpUsers users, UploadListener uploads) {

    public SftpServerSpec {
        ports = List.copyOf(ports);
        hostKeys = List.copyOf(hostKeys);
    }
}
