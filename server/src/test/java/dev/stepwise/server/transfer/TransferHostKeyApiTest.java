package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectExists;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.DescribedHostKey;
import software.amazon.awssdk.services.transfer.model.ListedHostKey;
import software.amazon.awssdk.services.transfer.model.Tag;

/**
 * A server's host keys through the AWS SDK: the one it is created with, ImportHostKey,
 * DescribeHostKey, ListHostKeys, UpdateHostKey, DeleteHostKey and their errors. The oldest key of
 * each type is the active one, so HostKeyFingerprint stays the first RSA key's.
 */
class TransferHostKeyApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static TransferClient transfer;

    @BeforeAll
    static void client() {
        transfer = server.fixture().transfer("test", Region.US_EAST_1);
    }

    static KeyPair ecdsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("EC is always available", e);
        }
    }

    private static List<ListedHostKey> keys(String serverId) {
        return transfer.listHostKeys(r -> r.serverId(serverId)).hostKeys();
    }

    @Test
    void aServerIsCreatedWithOneRsaHostKey() {
        String id = transfer.createServer(r -> { }).serverId();
        List<ListedHostKey> keys = keys(id);
        assertThat(keys).hasSize(1);
        ListedHostKey k = keys.get(0);
        assertThat(k.hostKeyId()).matches("hostkey-[0-9a-f]{17}");
        assertThat(k.arn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:host-key/" + id + "/" + k.hostKeyId());
        assertThat(k.type()).isEqualTo("ssh-rsa");
        assertThat(k.fingerprint()).isEqualTo(transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint());
        assertThat(k.dateImported()).isNotNull();
        assertThat(transfer.listHostKeys(r -> r.serverId(id)).serverId()).isEqualTo(id);
    }

    @Test
    void anImportedKeyIsListedDescribedAndAddedToTheServersKeys() throws Exception {
        String id = transfer.createServer(r -> { }).serverId();
        String fingerprint = transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint();
        KeyPair ec = ecdsa();
        var imported = transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(ec))
                .description("second key").tags(Tag.builder().key("rotation").value("2026").build()));
        assertThat(imported.serverId()).isEqualTo(id);
        DescribedHostKey d = transfer.describeHostKey(r -> r.serverId(id).hostKeyId(imported.hostKeyId())).hostKey();
        assertThat(d.hostKeyId()).isEqualTo(imported.hostKeyId());
        assertThat(d.hostKeyFingerprint()).isEqualTo(SshKeys.fingerprint(ec.getPublic()));
        assertThat(d.type()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(d.description()).isEqualTo("second key");
        assertThat(d.dateImported()).isNotNull();
        assertThat(d.tags()).containsExactly(Tag.builder().key("rotation").value("2026").build());
        assertThat(keys(id)).extracting(ListedHostKey::type).containsExactly("ssh-rsa", "ecdsa-sha2-nistp256");
        assertThat(transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint()).isEqualTo(fingerprint);

        expectExists(() -> transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(ec))),
                "Host key already exists", imported.hostKeyId(), "HostKey");
        expectError(() -> transfer.importHostKey(r -> r.serverId(id).hostKeyBody("garbage")),
                "InvalidRequestException",
                "Invalid host key: the key must be an unencrypted RSA, ECDSA or ED25519 private key");
        KeyPair third = ecdsa();
        expectError(() -> transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(third))
                .description("tab\tis not printable")), "ValidationException", "1 validation error detected: Value "
                + "'tab\tis not printable' at 'description' failed to satisfy constraint: Member must satisfy regular "
                + "expression pattern: [\\p{Print}]*");
        assertThat(keys(id)).hasSize(2);
    }

    @Test
    void updateHostKeyChangesItsDescription() throws Exception {
        String id = transfer.createServer(r -> { }).serverId();
        String keyId = keys(id).get(0).hostKeyId();
        var updated = transfer.updateHostKey(r -> r.serverId(id).hostKeyId(keyId).description("the first"));
        assertThat(updated.hostKeyId()).isEqualTo(keyId);
        assertThat(transfer.describeHostKey(r -> r.serverId(id).hostKeyId(keyId)).hostKey().description())
                .isEqualTo("the first");
        expectError(() -> transfer.updateHostKey(r -> r.serverId(id).hostKeyId(keyId)), "ValidationException",
                "1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must "
                        + "not be null");
    }

    @Test
    void aHostKeyIsDeletedButNeverTheLastOne() throws Exception {
        String id = transfer.createServer(r -> { }).serverId();
        String first = keys(id).get(0).hostKeyId();
        expectError(() -> transfer.deleteHostKey(r -> r.serverId(id).hostKeyId(first)), "InvalidRequestException",
                "Cannot delete the only host key of server " + id + ": import another host key first");
        KeyPair rsa = SshKeys.generateRsa(2048);
        String second = transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(rsa)))
                .hostKeyId();
        transfer.deleteHostKey(r -> r.serverId(id).hostKeyId(first));
        assertThat(keys(id)).extracting(ListedHostKey::hostKeyId).containsExactly(second);
        // the oldest RSA key left is the server's key now
        assertThat(transfer.describeServer(r -> r.serverId(id)).server().hostKeyFingerprint())
                .isEqualTo(SshKeys.fingerprint(rsa.getPublic()));
        expectNotFound(() -> transfer.describeHostKey(r -> r.serverId(id).hostKeyId(first)), "Unknown host key", first,
                "HostKey");
        expectNotFound(() -> transfer.deleteHostKey(r -> r.serverId(id).hostKeyId(first)), "Unknown host key", first,
                "HostKey");
    }

    @Test
    void theHostKeysOfAnUnknownServerAreNotFound() {
        String unknown = "s-0123456789abcdef0";
        expectNotFound(() -> transfer.listHostKeys(r -> r.serverId(unknown)), "Unknown server", unknown, "Server");
        expectNotFound(() -> transfer.describeHostKey(r -> r.serverId(unknown).hostKeyId("hostkey-0123456789abcdef0")),
                "Unknown server", unknown, "Server");
        expectError(() -> transfer.describeHostKey(r -> r.serverId(unknown).hostKeyId("key-0123456789abcdef0")),
                "ValidationException", null);
    }

    @Test
    void listHostKeysPagesOldestFirst() throws Exception {
        String id = transfer.createServer(r -> { }).serverId();
        for (int i = 0; i < 3; i++) {
            KeyPair k = ecdsa();
            transfer.importHostKey(r -> r.serverId(id).hostKeyBody(SshKeys.privateKeyText(k)));
        }
        var firstPage = transfer.listHostKeys(r -> r.serverId(id).maxResults(3));
        assertThat(firstPage.hostKeys()).hasSize(3);
        assertThat(firstPage.hostKeys().get(0).type()).isEqualTo("ssh-rsa");
        var rest = transfer.listHostKeys(r -> r.serverId(id).maxResults(3).nextToken(firstPage.nextToken()));
        assertThat(rest.hostKeys()).hasSize(1);
        assertThat(rest.nextToken()).isNull();
    }
}
