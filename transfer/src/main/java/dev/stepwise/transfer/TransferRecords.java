package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Transfer's resources as the face keeps them in the catalog (see {@link TransferCatalog}).
 * Contract: the JSON nodes they hold are never mutated once in a record; a change copies first.
 */
final class TransferRecords {
    private TransferRecords() {}

    /** The server's states (DescribedServer.State). This face never leaves a server STARTING or STOPPING. */
    static final String ONLINE = "ONLINE";
    static final String OFFLINE = "OFFLINE";
    static final String START_FAILED = "START_FAILED";

    /**
     * A server. {@code state} is the state it is in and, across restarts, the state it is to be put
     * back in (ONLINE servers are opened again when the face starts). {@code sftpPorts} are the
     * ports it listens on: the ones asked for, or the free port chosen the first time it went
     * ONLINE (empty until then). {@code settings} holds the members DescribeServer gives back as
     * they were set and that change nothing here (Certificate, LoggingRole, banners,
     * SecurityPolicyName, ProtocolDetails but its SftpPorts, IdentityProviderDetails, …).
     */
    record ServerRecord(String arn, String serverId, String state, String domain, String identityProviderType,
                        String endpointType, List<String> protocols, List<SftpPort> sftpPorts,
                        WorkflowDetails workflowDetails, ObjectNode settings, Instant created, long rowVersion) {

        ServerRecord {
            protocols = List.copyOf(protocols);
            sftpPorts = List.copyOf(sftpPorts);
        }

        ServerRecord withState(String newState) {
            return new ServerRecord(arn, serverId, newState, domain, identityProviderType, endpointType, protocols,
                    sftpPorts, workflowDetails, settings, created, rowVersion);
        }

        ServerRecord withPorts(List<SftpPort> ports) {
            return new ServerRecord(arn, serverId, state, domain, identityProviderType, endpointType, protocols,
                    ports, workflowDetails, settings, created, rowVersion);
        }

        ServerRecord withWorkflowDetails(WorkflowDetails details) {
            return new ServerRecord(arn, serverId, state, domain, identityProviderType, endpointType, protocols,
                    sftpPorts, details, settings, created, rowVersion);
        }

        ServerRecord withSettings(ObjectNode newSettings) {
            return new ServerRecord(arn, serverId, state, domain, identityProviderType, endpointType, protocols,
                    sftpPorts, workflowDetails, newSettings, created, rowVersion);
        }

        ServerRecord withProtocols(List<String> newProtocols) {
            return new ServerRecord(arn, serverId, state, domain, identityProviderType, endpointType, newProtocols,
                    sftpPorts, workflowDetails, settings, created, rowVersion);
        }

        /** The port numbers it listens on, in order. */
        List<Integer> portNumbers() {
            return sftpPorts.stream().map(SftpPort::port).toList();
        }
    }

    /** One entry of ProtocolDetails.SftpPorts: a port and who talks first on it. */
    record SftpPort(int port, String communicationMode) {}

    /** The workflows run on a server's uploads (WorkflowDetails): at most one of each kind. */
    record WorkflowDetails(List<WorkflowDetail> onUpload, List<WorkflowDetail> onPartialUpload) {

        WorkflowDetails {
            onUpload = List.copyOf(onUpload);
            onPartialUpload = List.copyOf(onPartialUpload);
        }

        boolean isEmpty() {
            return onUpload.isEmpty() && onPartialUpload.isEmpty();
        }

        boolean uses(String workflowId) {
            List<WorkflowDetail> all = new ArrayList<>(onUpload);
            all.addAll(onPartialUpload);
            return all.stream().anyMatch(d -> d.workflowId().equals(workflowId));
        }
    }

    record WorkflowDetail(String workflowId, String executionRole) {}

    /**
     * A server's user. {@code homeDirectory} and {@code policy} may be null; {@code mappings} are
     * its LOGICAL home's entries; {@code posixProfile} its POSIX identity as sent, or null.
     */
    record UserRecord(String arn, String serverArn, String userName, String role, String homeDirectoryType,
                      String homeDirectory, List<HomeMapping> mappings, String policy, ObjectNode posixProfile,
                      List<SshPublicKey> sshPublicKeys, long rowVersion) {

        UserRecord {
            mappings = List.copyOf(mappings);
            sshPublicKeys = List.copyOf(sshPublicKeys);
        }

        UserRecord withKeys(List<SshPublicKey> keys) {
            return new UserRecord(arn, serverArn, userName, role, homeDirectoryType, homeDirectory, mappings, policy,
                    posixProfile, keys, rowVersion);
        }
    }

    /** A LOGICAL home's entry as HomeDirectoryMappings has it; {@code type} is null when not given. */
    record HomeMapping(String entry, String target, String type) {}

    /** A user's SSH public key as imported: its id, its body as sent, when it was imported. */
    record SshPublicKey(String id, String body, Instant imported) {}

    /**
     * A server's host key: the key pair as OpenSSH private key text, its fingerprint ("SHA256:…")
     * and type ("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", …), as ListHostKeys shows them.
     */
    record HostKeyRecord(String arn, String serverArn, String hostKeyId, String privateKey, String fingerprint,
                         String type, String description, Instant imported, long rowVersion) {

        HostKeyRecord withDescription(String newDescription) {
            return new HostKeyRecord(arn, serverArn, hostKeyId, privateKey, fingerprint, type, newDescription,
                    imported, rowVersion);
        }
    }

    /** A workflow: its steps and exception steps as sent (WorkflowStep shapes), checked. */
    record WorkflowRecord(String arn, String workflowId, String description, ArrayNode steps,
                          ArrayNode onExceptionSteps) {}

    /**
     * An SFTP connector: the remote server's URL as sent ("sftp://host[:port]"), the roles, the
     * Secrets Manager secret its user's credentials are in, the remote server's host keys it trusts
     * (as sent), how many connections it may open at once, and the settings DescribeConnector gives
     * back as they were set (null when not set).
     */
    record ConnectorRecord(String arn, String connectorId, String url, String accessRole, String loggingRole,
                           String userSecretId, List<String> trustedHostKeys, int maxConcurrentConnections,
                           String securityPolicyName, String ipAddressType, long rowVersion) {

        ConnectorRecord {
            trustedHostKeys = List.copyOf(trustedHostKeys);
        }
    }
}
