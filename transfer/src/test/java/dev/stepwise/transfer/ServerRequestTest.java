package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.sftp.SshKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CreateServer and UpdateServer requests: AWS's rules on SFTP ports, what this face serves (SFTP,
 * PUBLIC, SERVICE_MANAGED) and refuses, and which members are only given back.
 */
class ServerRequestTest {

    private static ServerRequest create(String json) throws Exception {
        return ServerRequest.readCreate(Json.parse(json));
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> create(json)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.errorName()).isEqualTo("InvalidRequestException");
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.members()).containsEntry("Message", message);
        });
    }

    private static String ports(int... ports) {
        StringBuilder b = new StringBuilder("{\"ProtocolDetails\": {\"SftpPorts\": [");
        for (int i = 0; i < ports.length; i++) {
            b.append(i == 0 ? "" : ", ").append("{\"SftpPort\": ").append(ports[i]).append("}");
        }
        return b.append("]}}").toString();
    }

    @Test
    void portsAre22OrFrom2000To65535() throws Exception {
        assertThat(create(ports(22, 2000, 65535)).sftpPorts()).extracting(SftpPort::port).containsExactly(22, 2000,
                65535);
        refused(ports(21), "Invalid SftpPort 21: specify 22 or a port from 2000 to 65535");
        refused(ports(1999), "Invalid SftpPort 1999: specify 22 or a port from 2000 to 65535");
        refused(ports(2222, 2222), "Duplicate SftpPort 2222");
    }

    @Test
    void aPortTalksServerFirstUnlessToldOtherwise() throws Exception {
        ServerRequest r = create("{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": 2222}, "
                + "{\"SftpPort\": 2223, \"CommunicationMode\": \"CLIENT_TALK_FIRST\"}], \"PassiveIp\": \"1.2.3.4\"}}");
        assertThat(r.sftpPorts()).containsExactly(new SftpPort(2222, "SERVER_TALK_FIRST"),
                new SftpPort(2223, "CLIENT_TALK_FIRST"));
        assertThat(r.protocolDetails()).isEqualTo(Json.parse("{\"PassiveIp\": \"1.2.3.4\"}"));
        assertThat(create("{}").sftpPorts()).isNull();
    }

    @Test
    void onlySftpOnAPublicEndpointWithServiceManagedUsersIsServed() throws Exception {
        refused("{\"Protocols\": [\"AS2\"]}", "Protocol AS2 is not supported: servers here speak SFTP only");
        refused("{\"EndpointType\": \"VPC_ENDPOINT\"}",
                "EndpointType VPC_ENDPOINT is not supported: servers here have PUBLIC endpoints only");
        refused("{\"IdentityProviderType\": \"API_GATEWAY\"}",
                "IdentityProviderType API_GATEWAY is not supported: servers here have SERVICE_MANAGED users only");
        refused("{\"EndpointDetails\": {\"VpcId\": \"vpc-1\"}}",
                "EndpointDetails can only be specified for a VPC endpoint");
        ServerRequest ok = create("{\"Protocols\": [\"SFTP\"], \"EndpointType\": \"PUBLIC\", "
                + "\"IdentityProviderType\": \"SERVICE_MANAGED\", \"Domain\": \"EFS\"}");
        assertThat(ok.protocols()).containsExactly("SFTP");
        assertThat(ok.domain()).isEqualTo("EFS");
    }

    @Test
    void aHostKeyMustBeAPrivateKeyOfASupportedType() throws Exception {
        var pair = SshKeys.generateRsa(2048);
        ServerRequest r = create(Json.write(Json.object().put("HostKey", SshKeys.privateKeyText(pair))));
        assertThat(r.hostKey().getPublic()).isEqualTo(pair.getPublic());
        refused("{\"HostKey\": \"" + SshKeys.publicKeyLine(pair.getPublic()) + "\"}",
                "Invalid host key: the key must be an unencrypted RSA, ECDSA or ED25519 private key");
    }

    @Test
    void theMembersOnlyGivenBackAreKeptAsSent() throws Exception {
        ServerRequest r = create("{\"LoggingRole\": \"arn:aws:iam::1:role/log\", \"Certificate\": \"c\", "
                + "\"StructuredLogDestinations\": [\"arn:aws:logs:us-east-1:1:log-group:g\"], \"Domain\": \"S3\", "
                + "\"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}");
        assertThat(r.settings()).isEqualTo(Json.parse("{\"Certificate\": \"c\", \"LoggingRole\": "
                + "\"arn:aws:iam::1:role/log\", \"StructuredLogDestinations\": [\"arn:aws:logs:us-east-1:1:log-group:g\"]}"));
        assertThat(r.tags()).containsEntry("k", "v");
    }

    @Test
    void updateNeedsTheServerIdAndNamesItsWorkflows() throws Exception {
        assertThatThrownBy(() -> ServerRequest.readUpdate(Json.parse("{}")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "1 validation error detected: Value null at 'serverId' failed to satisfy constraint: Member "
                                + "must not be null"));
        ServerRequest u = ServerRequest.readUpdate(Json.parse("{\"ServerId\": \"s-0123456789abcdef0\", "
                + "\"WorkflowDetails\": {\"OnUpload\": [{\"WorkflowId\": \"w-0123456789abcdef0\", "
                + "\"ExecutionRole\": \"arn:aws:iam::1:role/run\"}]}}"));
        assertThat(u.workflowsNamed()).extracting(TransferRecords.WorkflowDetail::workflowId)
                .containsExactly("w-0123456789abcdef0");
        assertThat(u.onPartialUpload()).isNull();
        assertThat(ServerRequest.readUpdate(Json.parse("{\"ServerId\": \"s-0123456789abcdef0\", "
                + "\"WorkflowDetails\": {\"OnUpload\": []}}")).onUpload()).isEqualTo(List.of());
    }
}
