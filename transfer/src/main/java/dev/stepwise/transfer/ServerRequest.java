package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.TransferRecords.WorkflowDetail;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CreateServer or UpdateServer request asks for, read and checked against the model and
 * against what this face serves: SFTP on PUBLIC endpoints with service-managed users. Null members
 * were not sent. {@code settings} holds the members that are only given back (see
 * {@link TransferRecords.ServerRecord#settings()}), as sent; {@code protocolDetails} holds
 * ProtocolDetails' members but SftpPorts.
 */
record ServerRequest(String serverId, String domain, String endpointType, String identityProviderType,
                     List<String> protocols, KeyPair hostKey, List<SftpPort> sftpPorts, ObjectNode protocolDetails,
                     List<WorkflowDetail> onUpload, List<WorkflowDetail> onPartialUpload, ObjectNode settings,
                     Map<String, String> tags) {

    /** The default SFTP port's communication mode, as AWS documents it. */
    static final String DEFAULT_COMMUNICATION_MODE = "SERVER_TALK_FIRST";
    /** The lowest port AWS lets a server listen on, but 22. */
    static final int LOWEST_CUSTOM_PORT = 2000;
    private static final List<String> ECHOED = List.of("Certificate", "LoggingRole", "PreAuthenticationLoginBanner",
            "PostAuthenticationLoginBanner", "SecurityPolicyName", "IdentityProviderDetails", "StructuredLogDestinations",
            "S3StorageOptions", "IpAddressType");

    static ServerRequest readCreate(JsonNode body) {
        return read(body, false);
    }

    static ServerRequest readUpdate(JsonNode body) {
        return read(body, true);
    }

    private static ServerRequest read(JsonNode body, boolean update) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = update ? r.requiredString("ServerId", SERVER_ID) : null;
        r.string("Certificate", CERTIFICATE);
        String domain = update ? null : r.enumValue("Domain", DOMAINS);
        readEndpointDetails(r.struct("EndpointDetails"));
        String endpointType = r.enumValue("EndpointType", ENDPOINT_TYPES);
        String hostKeyText = r.string("HostKey", HOST_KEY);
        readIdentityProviderDetails(r.struct("IdentityProviderDetails"));
        String identityProviderType = r.enumValue("IdentityProviderType", IDENTITY_PROVIDER_TYPES);
        r.string("LoggingRole", NULLABLE_ROLE);
        r.string("PostAuthenticationLoginBanner", LOGIN_BANNER);
        r.string("PreAuthenticationLoginBanner", LOGIN_BANNER);
        List<String> protocols = r.strings("Protocols", 1, 4, null, PROTOCOLS);
        TransferRequest details = r.struct("ProtocolDetails");
        List<SftpPort> ports = details == null ? null : readProtocolDetails(details);
        r.string("SecurityPolicyName", SECURITY_POLICY_NAME);
        Map<String, String> tags = update ? Map.of() : Tags.read(r, "Tags");
        TransferRequest workflows = r.struct("WorkflowDetails");
        List<WorkflowDetail> onUpload = workflows == null ? null : readWorkflowDetails(workflows, "OnUpload");
        List<WorkflowDetail> onPartialUpload = workflows == null ? null
                : readWorkflowDetails(workflows, "OnPartialUpload");
        r.strings("StructuredLogDestinations", 0, 1, ARN, null);
        TransferRequest s3 = r.struct("S3StorageOptions");
        if (s3 != null) {
            s3.enumValue("DirectoryListingOptimization", DIRECTORY_LISTING_OPTIMIZATIONS);
        }
        r.enumValue("IpAddressType", IP_ADDRESS_TYPES);
        r.check();

        refuseWhatIsNotServed(protocols, endpointType, identityProviderType, r.has("EndpointDetails"));
        KeyPair hostKey = hostKeyText == null || hostKeyText.isEmpty() ? null : HostKeys.parse(hostKeyText);
        checkPorts(ports);
        ObjectNode protocolDetails = null;
        if (body.hasNonNull("ProtocolDetails")) {
            protocolDetails = body.get("ProtocolDetails").deepCopy();
            protocolDetails.remove("SftpPorts");
        }
        ObjectNode settings = Json.object();
        for (String member : ECHOED) {
            if (body.hasNonNull(member)) {
                settings.set(member, body.get(member).deepCopy());
            }
        }
        return new ServerRequest(serverId, domain, endpointType, identityProviderType, protocols, hostKey, ports,
                protocolDetails, onUpload, onPartialUpload, settings, tags);
    }

    private static List<SftpPort> readProtocolDetails(TransferRequest details) {
        details.string("PassiveIp", PASSIVE_IP);
        details.enumValue("TlsSessionResumptionMode", TLS_SESSION_RESUMPTION_MODES);
        details.enumValue("SetStatOption", SET_STAT_OPTIONS);
        details.strings("As2Transports", 1, 1, null, AS2_TRANSPORTS);
        List<TransferRequest> entries = details.structs("SftpPorts", 1, 3);
        if (entries == null) {
            return null;
        }
        List<SftpPort> ports = new ArrayList<>();
        for (TransferRequest e : entries) {
            Long port = e.requiredNumber("SftpPort", 1, 65535);
            String mode = e.enumValue("CommunicationMode", COMMUNICATION_MODES);
            if (port != null) {
                ports.add(new SftpPort(port.intValue(), mode == null ? DEFAULT_COMMUNICATION_MODE : mode));
            }
        }
        return ports;
    }

    private static List<WorkflowDetail> readWorkflowDetails(TransferRequest workflows, String member) {
        List<TransferRequest> entries = workflows.structs(member, 0, 1);
        if (entries == null) {
            return null;
        }
        List<WorkflowDetail> details = new ArrayList<>();
        for (TransferRequest e : entries) {
            String id = e.requiredString("WorkflowId", WORKFLOW_ID);
            String role = e.requiredString("ExecutionRole", ROLE);
            details.add(new WorkflowDetail(id, role));
        }
        return details;
    }

    private static void readEndpointDetails(TransferRequest d) {
        if (d == null) {
            return;
        }
        d.strings("AddressAllocationIds", 0, Integer.MAX_VALUE, null, null);
        d.strings("SubnetIds", 0, Integer.MAX_VALUE, null, null);
        d.string("VpcEndpointId", VPC_ENDPOINT_ID);
        d.string("VpcId", StringRule.length(0, Integer.MAX_VALUE));
        d.strings("SecurityGroupIds", 0, Integer.MAX_VALUE, SECURITY_GROUP_ID, null);
    }

    private static void readIdentityProviderDetails(TransferRequest d) {
        if (d == null) {
            return;
        }
        d.string("Url", URL);
        d.string("InvocationRole", ROLE);
        d.string("DirectoryId", DIRECTORY_ID);
        d.string("Function", FUNCTION);
        d.enumValue("SftpAuthenticationMethods", SFTP_AUTHENTICATION_METHODS);
    }

    /**
     * This face serves SFTP on a public endpoint to the users it keeps itself. Anything else (FTP,
     * FTPS, AS2, VPC endpoints, other identity providers) is refused as AWS refuses a request it
     * cannot serve: InvalidRequestException, saying what is served.
     */
    private static void refuseWhatIsNotServed(List<String> protocols, String endpointType, String identityProviderType,
                                              boolean endpointDetails) {
        if (protocols != null) {
            for (String p : protocols) {
                if (!p.equals("SFTP")) {
                    throw TransferErrors.invalidRequest("Protocol " + p
                            + " is not supported: servers here speak SFTP only");
                }
            }
        }
        if (endpointType != null && !endpointType.equals("PUBLIC")) {
            throw TransferErrors.invalidRequest("EndpointType " + endpointType
                    + " is not supported: servers here have PUBLIC endpoints only");
        }
        if (identityProviderType != null && !identityProviderType.equals("SERVICE_MANAGED")) {
            throw TransferErrors.invalidRequest("IdentityProviderType " + identityProviderType
                    + " is not supported: servers here have SERVICE_MANAGED users only");
        }
        if (endpointDetails) {
            throw TransferErrors.invalidRequest("EndpointDetails can only be specified for a VPC endpoint");
        }
    }

    /**
     * AWS's rule: a port is 22 or one from 2000 to 65535, and a server listens on each at most once.
     * Port 22 is accepted as on AWS; binding it locally may need privileges the process lacks, in
     * which case the server goes START_FAILED.
     */
    static void checkPorts(List<SftpPort> ports) {
        if (ports == null) {
            return;
        }
        Set<Integer> seen = new HashSet<>();
        for (SftpPort p : ports) {
            if (p.port() != 22 && p.port() < LOWEST_CUSTOM_PORT) {
                throw TransferErrors.invalidRequest("Invalid SftpPort " + p.port()
                        + ": specify 22 or a port from 2000 to 65535");
            }
            if (!seen.add(p.port())) {
                throw TransferErrors.invalidRequest("Duplicate SftpPort " + p.port());
            }
        }
    }

    /** The workflows this request names, on upload and on partial upload. */
    List<WorkflowDetail> workflowsNamed() {
        List<WorkflowDetail> all = new ArrayList<>();
        if (onUpload != null) {
            all.addAll(onUpload);
        }
        if (onPartialUpload != null) {
            all.addAll(onPartialUpload);
        }
        return all;
    }

    /** SshKeys' parse of a host key, refused as Transfer refuses a key it cannot use. */
    static final class HostKeys {
        private HostKeys() {}

        static KeyPair parse(String text) {
            KeyPair pair = SshKeys.parsePrivateKey(text).orElseThrow(
                    () -> TransferErrors.invalidRequest("Invalid host key: the key must be an unencrypted RSA, "
                            + "ECDSA or ED25519 private key"));
            String type = SshKeys.keyType(pair.getPublic());
            if (!type.equals("ssh-rsa") && !type.equals("ssh-ed25519") && !type.startsWith("ecdsa-sha2-nistp")) {
                throw TransferErrors.invalidRequest("Invalid host key: unsupported key type " + type
                        + " (RSA, ECDSA and ED25519 keys are supported)");
            }
            return pair;
        }
    }
}
