package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.DescribedServer;
import software.amazon.awssdk.services.transfer.model.Domain;
import software.amazon.awssdk.services.transfer.model.EndpointType;
import software.amazon.awssdk.services.transfer.model.IdentityProviderType;
import software.amazon.awssdk.services.transfer.model.ListedServer;
import software.amazon.awssdk.services.transfer.model.Protocol;
import software.amazon.awssdk.services.transfer.model.SetStatOption;
import software.amazon.awssdk.services.transfer.model.State;
import software.amazon.awssdk.services.transfer.model.Tag;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;

/**
 * Transfer servers through the AWS SDK: CreateServer with AWS's defaults, DescribeServer,
 * ListServers across pages, UpdateServer, StartServer, StopServer, DeleteServer, their errors
 * and the model's constraints; SftpPorts (unknown to this SDK) by hand.
 */
class TransferServerApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static final String UNKNOWN = "s-0123456789abcdef0";
    private static TransferClient transfer;

    @BeforeAll
    static void client() {
        transfer = server.fixture().transfer("test", Region.US_EAST_1);
    }

    private static DescribedServer describe(String id) {
        return transfer.describeServer(r -> r.serverId(id)).server();
    }

    private static String workflow() {
        return transfer.createWorkflow(r -> r.steps(s -> s.type("DELETE").deleteStepDetails(d -> d.name("gone"))))
                .workflowId();
    }

    @Test
    void aNewServerIsAnOnlineSftpServerWithAwsDefaults() {
        String id = transfer.createServer(r -> { }).serverId();
        assertThat(id).matches("s-[0-9a-f]{17}");
        DescribedServer s = describe(id);
        assertThat(s.arn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:server/" + id);
        assertThat(s.serverId()).isEqualTo(id);
        assertThat(s.state()).isEqualTo(State.ONLINE);
        assertThat(s.domain()).isEqualTo(Domain.S3);
        assertThat(s.endpointType()).isEqualTo(EndpointType.PUBLIC);
        assertThat(s.identityProviderType()).isEqualTo(IdentityProviderType.SERVICE_MANAGED);
        assertThat(s.protocols()).containsExactly(Protocol.SFTP);
        assertThat(s.securityPolicyName()).isEqualTo("TransferSecurityPolicy-2018-11");
        assertThat(s.protocolDetails().passiveIp()).isEqualTo("AUTO");
        assertThat(s.protocolDetails().setStatOption()).isEqualTo(SetStatOption.DEFAULT);
        assertThat(s.hostKeyFingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
        assertThat(s.userCount()).isZero();
        assertThat(s.hasTags()).isFalse();
        assertThat(s.workflowDetails()).isNull();
        assertThat(s.loggingRole()).isNull();
    }

    @Test
    void createServerKeepsWhatItIsGiven() {
        String wf = workflow();
        String id = transfer.createServer(r -> r.domain(Domain.EFS).protocols(Protocol.SFTP)
                .endpointType(EndpointType.PUBLIC).identityProviderType(IdentityProviderType.SERVICE_MANAGED)
                .loggingRole(ROLE).securityPolicyName("TransferSecurityPolicy-2024-01")
                .preAuthenticationLoginBanner("Authorised users only").postAuthenticationLoginBanner("Welcome")
                .protocolDetails(p -> p.setStatOption(SetStatOption.ENABLE_NO_OP))
                .workflowDetails(w -> w.onUpload(WorkflowDetail.builder().workflowId(wf).executionRole(ROLE).build()))
                .tags(Tag.builder().key("team").value("data").build())).serverId();
        DescribedServer s = describe(id);
        assertThat(s.domain()).isEqualTo(Domain.EFS);
        assertThat(s.loggingRole()).isEqualTo(ROLE);
        assertThat(s.securityPolicyName()).isEqualTo("TransferSecurityPolicy-2024-01");
        assertThat(s.preAuthenticationLoginBanner()).isEqualTo("Authorised users only");
        assertThat(s.postAuthenticationLoginBanner()).isEqualTo("Welcome");
        assertThat(s.protocolDetails().setStatOption()).isEqualTo(SetStatOption.ENABLE_NO_OP);
        assertThat(s.workflowDetails().onUpload()).containsExactly(
                WorkflowDetail.builder().workflowId(wf).executionRole(ROLE).build());
        assertThat(s.tags()).containsExactly(Tag.builder().key("team").value("data").build());
    }

    @Test
    void aServerRunsOnlyWorkflowsThatExist() {
        String missing = "w-0123456789abcdef0";
        expectNotFound(() -> transfer.createServer(r -> r.workflowDetails(w -> w.onPartialUpload(
                        WorkflowDetail.builder().workflowId(missing).executionRole(ROLE).build()))),
                "Unknown workflow", missing, "Workflow");
        String id = transfer.createServer(r -> { }).serverId();
        expectNotFound(() -> transfer.updateServer(r -> r.serverId(id).workflowDetails(w -> w.onUpload(
                        WorkflowDetail.builder().workflowId(missing).executionRole(ROLE).build()))),
                "Unknown workflow", missing, "Workflow");
        assertThat(describe(id).workflowDetails()).isNull();
    }

    @Test
    void whatIsNotServedHereIsRefused() {
        int before = transfer.listServersPaginator(r -> { }).servers().stream().toList().size();
        expectError(() -> transfer.createServer(r -> r.protocols(Protocol.SFTP, Protocol.FTPS)),
                "InvalidRequestException", "Protocol FTPS is not supported: servers here speak SFTP only");
        expectError(() -> transfer.createServer(r -> r.endpointType(EndpointType.VPC)),
                "InvalidRequestException", "EndpointType VPC is not supported: servers here have PUBLIC endpoints only");
        expectError(() -> transfer.createServer(r -> r.identityProviderType(IdentityProviderType.AWS_LAMBDA)),
                "InvalidRequestException",
                "IdentityProviderType AWS_LAMBDA is not supported: servers here have SERVICE_MANAGED users only");
        assertThat(transfer.listServersPaginator(r -> { }).servers().stream().toList()).hasSize(before);
    }

    @Test
    void anImportedHostKeyIsTheServersHostKey() {
        KeyPair key = SshKeys.generateRsa(2048);
        String id = transfer.createServer(r -> r.hostKey(SshKeys.privateKeyText(key))).serverId();
        assertThat(describe(id).hostKeyFingerprint()).isEqualTo(SshKeys.fingerprint(key.getPublic()));
        expectError(() -> transfer.createServer(r -> r.hostKey("-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n")),
                "InvalidRequestException",
                "Invalid host key: the key must be an unencrypted RSA, ECDSA or ED25519 private key");
    }

    @Test
    void anUnknownServerIsNotFound() {
        expectNotFound(() -> describe(UNKNOWN), "Unknown server", UNKNOWN, "Server");
        expectNotFound(() -> transfer.startServer(r -> r.serverId(UNKNOWN)), "Unknown server", UNKNOWN, "Server");
        expectNotFound(() -> transfer.stopServer(r -> r.serverId(UNKNOWN)), "Unknown server", UNKNOWN, "Server");
        expectNotFound(() -> transfer.updateServer(r -> r.serverId(UNKNOWN).loggingRole(ROLE)), "Unknown server",
                UNKNOWN, "Server");
        expectNotFound(() -> transfer.deleteServer(r -> r.serverId(UNKNOWN)), "Unknown server", UNKNOWN, "Server");
    }

    @Test
    void theModelsConstraintsAreValidationErrors() {
        expectError(() -> describe("s-123"), "ValidationException", "2 validation errors detected: "
                + "Value 's-123' at 'serverId' failed to satisfy constraint: Member must have length greater than or "
                + "equal to 19; Value 's-123' at 'serverId' failed to satisfy constraint: Member must satisfy regular "
                + "expression pattern: s-([0-9a-f]{17})");
        expectError(() -> transfer.listServers(r -> r.maxResults(0)), "ValidationException",
                "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must "
                        + "have value greater than or equal to 1");
        expectError(() -> transfer.createServer(r -> r.loggingRole("not-a-role")), "ValidationException",
                "1 validation error detected: Value 'not-a-role' at 'loggingRole' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: (|arn:.*role/\\S+)");
        List<Tag> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Tag.builder().key("k" + i).value("v").build());
        }
        expectError(() -> transfer.createServer(r -> r.tags(tooMany)), "ValidationException", null);
        expectError(() -> transfer.createServer(r -> r.securityPolicyName("Wide-Open")), "ValidationException",
                "1 validation error detected: Value 'Wide-Open' at 'securityPolicyName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: "
                        + "Transfer[A-Za-z0-9]*SecurityPolicy-[A-Za-z0-9-]+");
        expectError(() -> transfer.createServer(r -> r.hostKey("x".repeat(4097))), "ValidationException",
                "1 validation error detected: Value at 'hostKey' failed to satisfy constraint: Member must have "
                        + "length less than or equal to 4096");
    }

    @Test
    void listServersPagesThroughEveryServerOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(transfer.createServer(r -> { }).serverId());
        }
        List<String> all = transfer.listServers(r -> r.maxResults(1000)).servers().stream()
                .map(ListedServer::serverId).toList();
        List<String> paged = transfer.listServersPaginator(r -> r.maxResults(2)).servers().stream()
                .map(ListedServer::serverId).toList();
        assertThat(paged).containsExactlyElementsOf(all).containsAll(created).doesNotHaveDuplicates();
        assertThat(transfer.listServers(r -> r.maxResults(2)).nextToken()).isNotNull();
        ListedServer listed = transfer.listServers(r -> r.maxResults(1000)).servers().stream()
                .filter(s -> s.serverId().equals(created.get(0))).findFirst().orElseThrow();
        assertThat(listed.arn()).endsWith(":server/" + created.get(0));
        assertThat(listed.state()).isEqualTo(State.ONLINE);
        assertThat(listed.domain()).isEqualTo(Domain.S3);
        assertThat(listed.endpointType()).isEqualTo(EndpointType.PUBLIC);
        assertThat(listed.identityProviderType()).isEqualTo(IdentityProviderType.SERVICE_MANAGED);
        assertThat(listed.userCount()).isZero();
        expectError(() -> transfer.listServers(r -> r.nextToken("forged")), "InvalidNextTokenException",
                "Invalid next token");
    }

    @Test
    void updateServerChangesWhatItIsGiven() {
        String wf = workflow();
        String id = transfer.createServer(r -> r.loggingRole(ROLE)).serverId();
        String fingerprint = describe(id).hostKeyFingerprint();
        assertThat(transfer.updateServer(r -> r.serverId(id).securityPolicyName("TransferSecurityPolicy-2023-05")
                .workflowDetails(w -> w.onUpload(WorkflowDetail.builder().workflowId(wf).executionRole(ROLE).build())))
                .serverId()).isEqualTo(id);
        DescribedServer s = describe(id);
        assertThat(s.securityPolicyName()).isEqualTo("TransferSecurityPolicy-2023-05");
        assertThat(s.loggingRole()).isEqualTo(ROLE);
        assertThat(s.workflowDetails().onUpload()).hasSize(1);
        assertThat(s.hostKeyFingerprint()).isEqualTo(fingerprint);
        // an empty LoggingRole removes it; an empty OnUpload removes the workflow
        transfer.updateServer(r -> r.serverId(id).loggingRole("").workflowDetails(w -> w.onUpload(List.of())));
        s = describe(id);
        assertThat(s.loggingRole()).isNull();
        assertThat(s.workflowDetails()).isNull();
        // a new host key becomes the server's key of its type
        KeyPair key = SshKeys.generateRsa(2048);
        transfer.updateServer(r -> r.serverId(id).hostKey(SshKeys.privateKeyText(key)));
        assertThat(describe(id).hostKeyFingerprint()).isEqualTo(SshKeys.fingerprint(key.getPublic()));
        assertThat(transfer.listHostKeys(r -> r.serverId(id)).hostKeys()).hasSize(1);
        expectError(() -> transfer.updateServer(r -> r.serverId(id).protocols(Protocol.FTP)),
                "InvalidRequestException", "Protocol FTP is not supported: servers here speak SFTP only");
        assertThat(describe(id).protocols()).containsExactly(Protocol.SFTP);
    }

    @Test
    void stopAndStartTakeAServerOfflineAndOnline() {
        String id = transfer.createServer(r -> { }).serverId();
        transfer.stopServer(r -> r.serverId(id));
        assertThat(describe(id).state()).isEqualTo(State.OFFLINE);
        transfer.stopServer(r -> r.serverId(id));
        assertThat(describe(id).state()).isEqualTo(State.OFFLINE);
        transfer.startServer(r -> r.serverId(id));
        assertThat(describe(id).state()).isEqualTo(State.ONLINE);
        transfer.startServer(r -> r.serverId(id));
        assertThat(describe(id).state()).isEqualTo(State.ONLINE);
    }

    @Test
    void deleteServerDeletesItWithItsUsers() {
        String id = transfer.createServer(r -> { }).serverId();
        transfer.createUser(r -> r.serverId(id).userName("alice").role(ROLE));
        int port = TransferWire.sftpPorts(server.fixture().endpoint(), id).get(0);
        assertThat(TransferWire.accepts(port)).isTrue();
        transfer.deleteServer(r -> r.serverId(id));
        expectNotFound(() -> describe(id), "Unknown server", id, "Server");
        expectNotFound(() -> transfer.describeUser(r -> r.serverId(id).userName("alice")), "Unknown server", id,
                "Server");
        assertThat(TransferWire.accepts(port)).isFalse();
        assertThat(transfer.listServersPaginator(r -> { }).servers().stream().map(ListedServer::serverId))
                .doesNotContain(id);
    }

    // ---- SftpPorts, which this SDK does not know yet

    private static JsonNode describeWire(String id) {
        return TransferWire.call(server.fixture().endpoint(), "DescribeServer", "{\"ServerId\": \"" + id + "\"}")
                .body().path("Server");
    }

    @Test
    void aServerAskingForNoPortGetsAFreePortItKeeps() throws Exception {
        String id = transfer.createServer(r -> { }).serverId();
        JsonNode ports = describeWire(id).path("ProtocolDetails").path("SftpPorts");
        assertThat(ports).hasSize(1);
        int port = ports.get(0).path("SftpPort").asInt();
        assertThat(ports.get(0).path("CommunicationMode").asText()).isEqualTo("SERVER_TALK_FIRST");
        assertThat(TransferWire.accepts(port)).isTrue();
        transfer.stopServer(r -> r.serverId(id));
        transfer.startServer(r -> r.serverId(id));
        assertThat(TransferWire.sftpPorts(server.fixture().endpoint(), id)).containsExactly(port);
    }

    @Test
    void sftpPortsAreTheServersPortsWithTheirModes() {
        int first = TransferWire.freePort();
        int second = TransferWire.freePort();
        TransferWire.Answer created = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": " + first + ", \"CommunicationMode\": "
                        + "\"CLIENT_TALK_FIRST\"}, {\"SftpPort\": " + second + "}]}}");
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().path("ServerId").asText();
        JsonNode details = describeWire(id).path("ProtocolDetails");
        assertThat(details.path("SftpPorts")).isEqualTo(Json.array()
                .add(Json.object().put("SftpPort", first).put("CommunicationMode", "CLIENT_TALK_FIRST"))
                .add(Json.object().put("SftpPort", second).put("CommunicationMode", "SERVER_TALK_FIRST")));
        assertThat(details.path("PassiveIp").asText()).isEqualTo("AUTO");
        assertThat(TransferWire.accepts(first)).isTrue();
        assertThat(TransferWire.accepts(second)).isTrue();

        // UpdateServer moves an online server to its new ports
        int moved = TransferWire.freePort();
        assertThat(TransferWire.call(server.fixture().endpoint(), "UpdateServer", "{\"ServerId\": \"" + id
                + "\", \"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": " + moved + "}]}}").status()).isEqualTo(200);
        assertThat(TransferWire.sftpPorts(server.fixture().endpoint(), id)).containsExactly(moved);
        assertThat(TransferWire.accepts(moved)).isTrue();
        assertThat(TransferWire.accepts(first)).isFalse();
        // the SDK's own view of ProtocolDetails is unharmed by the member it does not know
        assertThat(describe(id).protocolDetails().passiveIp()).isEqualTo("AUTO");
    }

    @Test
    void sftpPortsFollowAwsRules() {
        TransferWire.Answer low = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": 1999}]}}");
        assertThat(low.status()).isEqualTo(400);
        assertThat(low.body()).isEqualTo(Json.object().put("__type", "InvalidRequestException")
                .put("Message", "Invalid SftpPort 1999: specify 22 or a port from 2000 to 65535"));
        int port = TransferWire.freePort();
        TransferWire.Answer twice = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": " + port + "}, {\"SftpPort\": " + port + "}]}}");
        assertThat(twice.body().path("Message").asText()).isEqualTo("Duplicate SftpPort " + port);

        TransferWire.Answer zero = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": 0, \"CommunicationMode\": \"WHISPER\"}]}}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().path("__type").asText()).endsWith("ValidationException");
        assertThat(zero.body().path("message").asText()).isEqualTo("2 validation errors detected: "
                + "Value '0' at 'protocolDetails.sftpPorts.1.member.sftpPort' failed to satisfy constraint: Member "
                + "must have value greater than or equal to 1; Value 'WHISPER' at "
                + "'protocolDetails.sftpPorts.1.member.communicationMode' failed to satisfy constraint: Member must "
                + "satisfy enum value set: [CLIENT_TALK_FIRST, SERVER_TALK_FIRST]");
        TransferWire.Answer four = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": 2001}, {\"SftpPort\": 2002}, "
                        + "{\"SftpPort\": 2003}, {\"SftpPort\": 2004}]}}");
        assertThat(four.body().path("message").asText()).contains(
                "at 'protocolDetails.sftpPorts' failed to satisfy constraint: Member must have length less than or "
                        + "equal to 3");
        TransferWire.Answer missing = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                "{\"ProtocolDetails\": {\"SftpPorts\": [{\"CommunicationMode\": \"CLIENT_TALK_FIRST\"}]}}");
        assertThat(missing.body().path("message").asText()).isEqualTo("1 validation error detected: Value null at "
                + "'protocolDetails.sftpPorts.1.member.sftpPort' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aServerWhosePortIsTakenFailsToStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            TransferWire.Answer created = TransferWire.call(server.fixture().endpoint(), "CreateServer",
                    "{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": " + taken.getLocalPort() + "}]}}");
            String id = created.body().path("ServerId").asText();
            assertThat(describe(id).state()).isEqualTo(State.START_FAILED);
            taken.close();
            transfer.startServer(r -> r.serverId(id));
            assertThat(describe(id).state()).isEqualTo(State.ONLINE);
        }
    }
}
