package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The model's constraints as AWS's front end reports them: one ValidationException listing every
 * violation, members named with a lower-case first letter and list members counted from 1, and
 * sensitive values left out; a member of the wrong JSON type is a SerializationException.
 */
class TransferRequestTest {

    private static TransferRequest request(String json) throws Exception {
        return TransferRequest.of(Json.parse(json));
    }

    private static String validation(TransferRequest r) {
        try {
            r.check();
        } catch (ServiceException e) {
            assertThat(e.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("no violation");
    }

    @Test
    void aMissingRequiredMemberMustNotBeNull() throws Exception {
        TransferRequest r = request("{}");
        assertThat(r.requiredString("ServerId", ModelRules.SERVER_ID)).isNull();
        assertThat(validation(r)).isEqualTo("1 validation error detected: Value null at 'serverId' failed to satisfy "
                + "constraint: Member must not be null");
    }

    @Test
    void lengthAndPatternAreTwoViolations() throws Exception {
        TransferRequest r = request("{\"ServerId\": \"S-1\"}");
        r.requiredString("ServerId", ModelRules.SERVER_ID);
        assertThat(validation(r)).isEqualTo("2 validation errors detected: Value 'S-1' at 'serverId' failed to "
                + "satisfy constraint: Member must have length greater than or equal to 19; Value 'S-1' at 'serverId' "
                + "failed to satisfy constraint: Member must satisfy regular expression pattern: s-([0-9a-f]{17})");
    }

    @Test
    void aValidValueIsNoViolation() throws Exception {
        TransferRequest r = request("{\"ServerId\": \"s-0123456789abcdef0\", \"MaxResults\": 1000}");
        assertThat(r.requiredString("ServerId", ModelRules.SERVER_ID)).isEqualTo("s-0123456789abcdef0");
        assertThat(r.integer("MaxResults", 1, 1000)).isEqualTo(1000);
        r.check();
    }

    @Test
    void sensitiveValuesAreNotQuoted() throws Exception {
        TransferRequest r = request("{\"HostKeyBody\": \"" + "k".repeat(4097) + "\", \"SshPublicKeyBody\": \"x\"}");
        r.string("HostKeyBody", ModelRules.HOST_KEY);
        r.string("SshPublicKeyBody", ModelRules.SSH_PUBLIC_KEY_BODY);
        assertThat(validation(r)).isEqualTo("2 validation errors detected: Value at 'hostKeyBody' failed to satisfy "
                + "constraint: Member must have length less than or equal to 4096; Value at 'sshPublicKeyBody' failed "
                + "to satisfy constraint: Member must satisfy regular expression pattern: "
                + ModelRules.SSH_PUBLIC_KEY_BODY.pattern());
    }

    @Test
    void nestedMembersAreNamedByTheirPath() throws Exception {
        TransferRequest r = request("{\"Tags\": [{\"Key\": \"ok\", \"Value\": \"v\"}, {\"Value\": \""
                + "v".repeat(257) + "\"}]}");
        assertThat(Tags.read(r, "Tags")).containsEntry("ok", "v").hasSize(1);
        assertThat(validation(r)).isEqualTo("2 validation errors detected: Value null at 'tags.2.member.key' failed "
                + "to satisfy constraint: Member must not be null; Value '" + "v".repeat(257) + "' at "
                + "'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to "
                + "256");
    }

    @Test
    void enumsAndListsAreChecked() throws Exception {
        TransferRequest r = request("{\"Domain\": \"NFS\", \"Protocols\": [\"SFTP\", \"SCP\"]}");
        r.enumValue("Domain", ModelRules.DOMAINS);
        r.strings("Protocols", 1, 4, null, ModelRules.PROTOCOLS);
        assertThat(validation(r)).isEqualTo("2 validation errors detected: Value 'NFS' at 'domain' failed to satisfy "
                + "constraint: Member must satisfy enum value set: [S3, EFS]; Value '[SFTP, SCP]' at 'protocols' "
                + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
                + "[SFTP, FTP, FTPS, AS2]]");
        TransferRequest empty = request("{\"Protocols\": []}");
        empty.strings("Protocols", 1, 4, null, ModelRules.PROTOCOLS);
        assertThat(validation(empty)).isEqualTo("1 validation error detected: Value '[]' at 'protocols' failed to "
                + "satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void numbersOutOfRangeAreViolations() throws Exception {
        TransferRequest r = request("{\"PosixProfile\": {\"Uid\": 4294967296, \"Gid\": 0, "
                + "\"SecondaryGids\": [1, -2]}}");
        TransferRequest posix = r.struct("PosixProfile");
        posix.requiredNumber("Uid", 0, ModelRules.POSIX_ID_MAX);
        posix.requiredNumber("Gid", 0, ModelRules.POSIX_ID_MAX);
        posix.numbers("SecondaryGids", 0, 16, 0, ModelRules.POSIX_ID_MAX);
        assertThat(validation(r)).isEqualTo("2 validation errors detected: Value '4294967296' at 'posixProfile.uid' "
                + "failed to satisfy constraint: Member must have value less than or equal to 4294967295; Value "
                + "'[1, -2]' at 'posixProfile.secondaryGids' failed to satisfy constraint: Member must satisfy "
                + "constraint: [Member must have value greater than or equal to 0]");
    }

    @Test
    void aMemberOfTheWrongTypeIsASerializationError() throws Exception {
        JsonNode body = Json.parse("{\"ProtocolDetails\": {\"SftpPorts\": [{\"SftpPort\": \"22\"}]}}");
        TransferRequest details = TransferRequest.of(body).struct("ProtocolDetails");
        TransferRequest port = details.structs("SftpPorts", 1, 3).get(0);
        assertThatThrownBy(() -> port.requiredNumber("SftpPort", 1, 65535))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo("com.amazon.coral.service#SerializationException");
                    assertThat(e.getMessage()).isEqualTo(
                            "Unexpected value type for member 'protocolDetails.sftpPorts.1.member.sftpPort'");
                });
    }
}
