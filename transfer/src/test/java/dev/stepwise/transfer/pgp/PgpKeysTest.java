package dev.stepwise.transfer.pgp;

import static dev.stepwise.transfer.pgp.BcPgp.generate;
import static dev.stepwise.transfer.pgp.BcPgp.secretJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.pgp.BcPgp.KeyType;
import dev.stepwise.transfer.pgp.BcPgp.TestKey;
import dev.stepwise.transfer.storage.StorageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A PGP key secret's SecretString read into its key sets. */
class PgpKeysTest {

    private static final String SECRET = "aws/transfer/s-0123456789abcdef0/@pgp-default";

    private static TestKey protectedKey;
    private static TestKey unprotectedKey;

    @BeforeAll
    static void generateKeys() {
        protectedKey = generate(KeyType.LEGACY_CURVE25519, "correct horse");
        unprotectedKey = generate(KeyType.LEGACY_CURVE25519, null);
    }

    @Test
    void upToThreeKeySetsAreReadInTheirOrder() throws DecryptionException {
        PgpKeys keys = PgpKeys.parse(SECRET, secretJson(
                "PGPPrivateKey3", unprotectedKey.armoredPrivateKey(),
                "PGPPrivateKey", protectedKey.armoredPrivateKey(), "PGPPassphrase", "correct horse",
                "PGPPrivateKey2", protectedKey.armoredPrivateKey(), "PGPPassphrase2", "another"));

        assertThat(keys.secretName()).isEqualTo(SECRET);
        assertThat(keys.sets()).extracting(PgpKeySet::number).containsExactly(1, 2, 3);
        assertThat(keys.sets()).extracting(PgpKeySet::keyField)
                .containsExactly("PGPPrivateKey", "PGPPrivateKey2", "PGPPrivateKey3");
        assertThat(keys.sets()).extracting(PgpKeySet::passphrase).containsExactly("correct horse", "another", "");
        assertThat(keys.sets().getFirst().keyRings().contains(protectedKey.encryptionKey().getKeyID())).isTrue();
        assertThat(keys.sets().get(2).keyRings().contains(unprotectedKey.encryptionKey().getKeyID())).isTrue();
    }

    @Test
    void aFourthKeySetIsNotRead() throws DecryptionException {
        PgpKeys keys = PgpKeys.parse(SECRET, secretJson(
                "PGPPrivateKey", unprotectedKey.armoredPrivateKey(),
                "PGPPrivateKey4", protectedKey.armoredPrivateKey(), "PGPPassphrase4", "correct horse"));

        assertThat(keys.sets()).extracting(PgpKeySet::keyField).containsExactly("PGPPrivateKey");
    }

    @Test
    void anUnprotectedKeyNeedsNoPassphrase() throws DecryptionException {
        PgpKeys keys = PgpKeys.parse(SECRET, secretJson("PGPPrivateKey", unprotectedKey.armoredPrivateKey()));

        assertThat(keys.sets()).singleElement().extracting(PgpKeySet::passphrase).isEqualTo("");
    }

    @Test
    void aProtectedKeyWithoutItsPassphraseIsRefused() {
        assertRefused(secretJson("PGPPrivateKey", protectedKey.armoredPrivateKey()),
                "PGPPrivateKey in secret " + SECRET + " is protected by a passphrase, but the secret has no PGPPassphrase.");
        assertRefused(secretJson("PGPPrivateKey", unprotectedKey.armoredPrivateKey(),
                        "PGPPrivateKey2", protectedKey.armoredPrivateKey(), "PGPPassphrase2", ""),
                "PGPPrivateKey2 in secret " + SECRET + " is protected by a passphrase, but the secret has no PGPPassphrase2.");
    }

    @Test
    void aKeyBlockHoldingThePublicKeyAsWellIsRefused() {
        String both = protectedKey.armoredPrivateKey() + "\n" + protectedKey.armoredPublicKey();

        assertRefused(secretJson("PGPPrivateKey", both, "PGPPassphrase", "correct horse"),
                "PGPPrivateKey in secret " + SECRET
                        + " contains a public key block as well as the private key: store only the private key block.");
    }

    @Test
    void aPublicKeyInPlaceOfThePrivateKeyIsRefused() {
        assertRefused(secretJson("PGPPrivateKey", protectedKey.armoredPublicKey(), "PGPPassphrase", "correct horse"),
                "PGPPrivateKey in secret " + SECRET
                        + " is a public key block: store the private key block (-----BEGIN PGP PRIVATE KEY BLOCK-----).");
    }

    @Test
    void aKeyThatCannotBeParsedIsRefused() {
        String armored = unprotectedKey.armoredPrivateKey();
        // keep the armour, cut the key packets short: the first 40 characters of the base64 body
        String body = armored.substring(armored.indexOf("\n\n") + 2);
        String truncated = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + body.substring(0, 40)
                + "\n-----END PGP PRIVATE KEY BLOCK-----\n";

        assertRefused(secretJson("PGPPrivateKey", truncated),
                "PGPPrivateKey in secret " + SECRET + " cannot be parsed as a PGP private key.");
        assertRefused(secretJson("PGPPrivateKey", "my key"),
                "PGPPrivateKey in secret " + SECRET
                        + " is not an ASCII-armored PGP private key block (-----BEGIN PGP PRIVATE KEY BLOCK-----).");
        assertRefused(secretJson("PGPPrivateKey", armored + armored),
                "PGPPrivateKey in secret " + SECRET
                        + " contains more than one private key block: store one per PGPPrivateKey value.");
    }

    @Test
    void aSecretThatIsNoKeyObjectIsRefused() {
        String notJson = "Secret " + SECRET + " is not a JSON object of PGPPrivateKey and PGPPassphrase values.";
        assertRefused(unprotectedKey.armoredPrivateKey(), notJson);
        assertRefused("[\"PGPPrivateKey\"]", notJson);
        assertRefused("", notJson);
        assertRefused("{\"PGPPassphrase\": \"correct horse\"}", "Secret " + SECRET + " holds no PGPPrivateKey.");
        assertRefused("{\"PGPPrivateKey\": 42}", "PGPPrivateKey in secret " + SECRET + " is not a string.");
    }

    @Test
    void noPassphraseIsShown() throws DecryptionException {
        PgpKeys keys = PgpKeys.parse(SECRET, secretJson(
                "PGPPrivateKey", protectedKey.armoredPrivateKey(), "PGPPassphrase", "correct horse"));

        assertThat(keys.toString()).doesNotContain("correct horse")
                .contains("PgpKeySet[PGPPrivateKey of " + SECRET + "]");
    }

    private static void assertRefused(String secretString, String message) {
        assertThatThrownBy(() -> PgpKeys.parse(SECRET, secretString))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
