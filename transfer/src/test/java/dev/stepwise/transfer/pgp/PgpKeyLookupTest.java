package dev.stepwise.transfer.pgp;

import static dev.stepwise.transfer.pgp.BcPgp.encrypt;
import static dev.stepwise.transfer.pgp.BcPgp.generate;
import static dev.stepwise.transfer.pgp.BcPgp.secretJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.transfer.pgp.BcPgp.KeyType;
import dev.stepwise.transfer.pgp.BcPgp.Options;
import dev.stepwise.transfer.pgp.BcPgp.TestKey;
import dev.stepwise.transfer.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which secret's keys decrypt a user's file: the user's own, else the server's {@code @pgp-default}. */
class PgpKeyLookupTest {

    private static final String SERVER = "s-0123456789abcdef0";
    private static final Caller WORKFLOW = new Caller("111122223333", "eu-west-1", null);
    private static final byte[] CONTENT = "payroll\n".getBytes(StandardCharsets.UTF_8);

    private static TestKey aliceKey;
    private static TestKey defaultKey;

    /** Secrets by account, region and name, read as Secrets Manager would answer the caller. */
    private final Map<String, String> secrets = new HashMap<>();
    private final SecretValues secretValues = (caller, name) ->
            Optional.ofNullable(secrets.get(caller.account() + "/" + caller.region() + "/" + name));

    @BeforeAll
    static void generateKeys() {
        aliceKey = generate(KeyType.LEGACY_CURVE25519, "alice's passphrase");
        defaultKey = generate(KeyType.LEGACY_CURVE25519, "the default passphrase");
    }

    private void store(Caller owner, String name, TestKey key) {
        secrets.put(owner.account() + "/" + owner.region() + "/" + name, secretJson(
                "PGPPrivateKey", key.armoredPrivateKey(), "PGPPassphrase", key.passphrase()));
    }

    @Test
    void theUsersSecretIsPreferredToTheDefault() throws IOException {
        store(WORKFLOW, "aws/transfer/" + SERVER + "/alice", aliceKey);
        store(WORKFLOW, "aws/transfer/" + SERVER + "/@pgp-default", defaultKey);
        PgpDecryption decryption = new PgpDecryption(secretValues);

        assertThat(decryption.keysFor(WORKFLOW, SERVER, "alice").secretName())
                .isEqualTo("aws/transfer/" + SERVER + "/alice");
        assertThat(decrypt(decryption, "alice", aliceKey)).isEqualTo(CONTENT);
        // the default key does not stand in for a user who has a key of their own
        assertThatThrownBy(() -> decrypt(decryption, "alice", defaultKey))
                .isInstanceOf(DecryptionException.class)
                .hasMessageStartingWith("None of the PGP private keys in secret aws/transfer/" + SERVER + "/alice ");
    }

    @Test
    void theDefaultIsUsedForAUserWithoutASecret() throws IOException {
        store(WORKFLOW, "aws/transfer/" + SERVER + "/alice", aliceKey);
        store(WORKFLOW, "aws/transfer/" + SERVER + "/@pgp-default", defaultKey);
        PgpDecryption decryption = new PgpDecryption(secretValues);

        assertThat(decryption.keysFor(WORKFLOW, SERVER, "bob").secretName())
                .isEqualTo("aws/transfer/" + SERVER + "/@pgp-default");
        assertThat(decrypt(decryption, "bob", defaultKey)).isEqualTo(CONTENT);
    }

    @Test
    void noSecretIsNotFound() {
        store(WORKFLOW, "aws/transfer/s-99999999999999999/@pgp-default", defaultKey);
        // the workflow's account and region are the ones read: another account's secret is not found
        store(new Caller("444455556666", "eu-west-1", null), "aws/transfer/" + SERVER + "/@pgp-default", defaultKey);
        store(new Caller("111122223333", "us-east-1", null), "aws/transfer/" + SERVER + "/bob", defaultKey);
        PgpDecryption decryption = new PgpDecryption(secretValues);

        assertThatThrownBy(() -> decryption.keysFor(WORKFLOW, SERVER, "bob"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Secrets Manager can't find a PGP private key for user bob: "
                            + "neither secret aws/transfer/" + SERVER + "/bob nor aws/transfer/" + SERVER
                            + "/@pgp-default exists.");
                });
    }

    @Test
    void aBrokenUserSecretIsReportedNotPassedOver() {
        secrets.put(WORKFLOW.account() + "/" + WORKFLOW.region() + "/aws/transfer/" + SERVER + "/alice",
                "{\"PGPPrivateKey\": \"not a key\"}");
        store(WORKFLOW, "aws/transfer/" + SERVER + "/@pgp-default", defaultKey);
        PgpDecryption decryption = new PgpDecryption(secretValues);

        assertThatThrownBy(() -> decryption.keysFor(WORKFLOW, SERVER, "alice"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith("PGPPrivateKey in secret aws/transfer/" + SERVER + "/alice ");
                });
    }

    private static byte[] decrypt(PgpDecryption decryption, String user, TestKey recipient) throws IOException {
        byte[] message = encrypt(CONTENT, Options.plain().armored(), recipient.encryptionKey());
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        decryption.decrypt(WORKFLOW, SERVER, user, new ByteArrayInputStream(message), plain);
        return plain.toByteArray();
    }
}
