package dev.stepwise.transfer.pgp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The PGP private keys of one Secrets Manager secret, as Transfer Family keeps them for a DECRYPT
 * step: the secret {@code aws/transfer/<server-id>/<user-name>} (or {@code @pgp-default} in place of
 * the user name) whose SecretString is a JSON object of up to three key sets, {@code PGPPrivateKey}
 * (an ASCII-armoured private key block) with {@code PGPPassphrase}, then {@code PGPPrivateKey2}/
 * {@code PGPPassphrase2} and {@code PGPPrivateKey3}/{@code PGPPassphrase3}. {@code sets} are in that
 * order, the order they are tried in.
 */
public record PgpKeys(String secretName, List<PgpKeySet> sets) {

    /** The user name of the server's default key secret. */
    public static final String DEFAULT_USER = "@pgp-default";
    public static final int MAX_KEY_SETS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIVATE_BLOCK = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
    private static final String PUBLIC_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    public PgpKeys {
        sets = List.copyOf(sets);
    }

    /** "aws/transfer/s-1234567890abcdef0/alice": the secret holding {@code userName}'s keys on the server. */
    public static String secretName(String serverId, String userName) {
        return "aws/transfer/" + serverId + "/" + userName;
    }

    /**
     * The key sets of a secret's SecretString. Every key set present must be usable: a value that is not
     * an armoured private key block, a block that also holds a public key block, a key that cannot be
     * parsed, or a passphrase-protected key without its passphrase fails the whole secret (BAD_REQUEST),
     * so a misconfigured secret is reported rather than passed over. A passphrase is checked only when
     * its key is tried, since another key set may decrypt the file.
     */
    public static PgpKeys parse(String secretName, String secretString) throws DecryptionException {
        JsonNode root = jsonObject(secretName, secretString);
        List<PgpKeySet> sets = new ArrayList<>();
        for (int number = 1; number <= MAX_KEY_SETS; number++) {
            String keyField = PgpKeySet.field("PGPPrivateKey", number);
            String passphraseField = PgpKeySet.field("PGPPassphrase", number);
            String keyText = text(root, keyField, secretName);
            if (keyText == null || keyText.isBlank()) {
                continue;
            }
            String passphrase = text(root, passphraseField, secretName);
            sets.add(keySet(secretName, number, keyText, passphrase == null ? "" : passphrase));
        }
        if (sets.isEmpty()) {
            throw DecryptionException.badRequest("Secret " + secretName + " holds no PGPPrivateKey.");
        }
        return new PgpKeys(secretName, sets);
    }

    private static JsonNode jsonObject(String secretName, String secretString) throws DecryptionException {
        try {
            JsonNode root = JSON.readTree(secretString);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (JsonProcessingException e) {
            // reported below, without the secret's text
        }
        throw DecryptionException.badRequest("Secret " + secretName
                + " is not a JSON object of PGPPrivateKey and PGPPassphrase values.");
    }

    private static String text(JsonNode root, String field, String secretName) throws DecryptionException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DecryptionException.badRequest(field + " in secret " + secretName + " is not a string.");
        }
        return value.textValue();
    }

    private static PgpKeySet keySet(String secretName, int number, String keyText, String passphrase)
            throws DecryptionException {
        String where = PgpKeySet.field("PGPPrivateKey", number) + " in secret " + secretName;
        int privateBlocks = occurrences(keyText, PRIVATE_BLOCK);
        boolean publicBlock = keyText.contains(PUBLIC_BLOCK);
        if (privateBlocks == 0) {
            throw DecryptionException.badRequest(publicBlock
                    ? where + " is a public key block: store the private key block (" + PRIVATE_BLOCK + ")."
                    : where + " is not an ASCII-armored PGP private key block (" + PRIVATE_BLOCK + ").");
        }
        if (publicBlock) {
            // the user guide: "Make sure that the text block contains only the private key and does not
            // contain the public key as well."
            throw DecryptionException.badRequest(where
                    + " contains a public key block as well as the private key: store only the private key block.");
        }
        if (privateBlocks > 1) {
            throw DecryptionException.badRequest(where
                    + " contains more than one private key block: store one per PGPPrivateKey value.");
        }
        PGPSecretKeyRingCollection keyRings = keyRings(keyText, where);
        if (passphrase.isEmpty() && isProtected(keyRings)) {
            throw DecryptionException.badRequest(where + " is protected by a passphrase, but the secret has no "
                    + PgpKeySet.field("PGPPassphrase", number) + ".");
        }
        return new PgpKeySet(secretName, number, keyRings, passphrase);
    }

    private static PGPSecretKeyRingCollection keyRings(String keyText, String where) throws DecryptionException {
        try (InputStream armored = new ArmoredInputStream(
                new ByteArrayInputStream(keyText.getBytes(StandardCharsets.UTF_8)))) {
            PGPSecretKeyRingCollection keyRings = new PGPSecretKeyRingCollection(armored, new BcKeyFingerprintCalculator());
            if (keyRings.size() > 0) {
                return keyRings;
            }
        } catch (IOException | PGPException | RuntimeException e) {
            // reported below; the parser's message may quote key material, so it is not passed on
        }
        throw DecryptionException.badRequest(where + " cannot be parsed as a PGP private key.");
    }

    /** Whether any key holding secret material (not a gpg stub) is protected by a passphrase. */
    private static boolean isProtected(PGPSecretKeyRingCollection keyRings) {
        for (PGPSecretKeyRing ring : keyRings) {
            for (PGPSecretKey key : ring) {
                if (!key.isPrivateKeyEmpty() && key.getS2KUsage() != SecretKeyPacket.USAGE_NONE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
