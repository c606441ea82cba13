package dev.stepwise.transfer.pgp;

import dev.stepwise.api.Caller;
import dev.stepwise.api.SecretValues;
import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A DECRYPT step's work: find the PGP keys for the user running the workflow in Secrets Manager, then
 * decrypt an OpenPGP file with them, streaming (a decrypted file may be up to 10 GB).
 *
 * <p>Contract for callers: the plaintext is written as it is decrypted, and the file's integrity
 * (its modification detection code) is known only at its end. When {@code decrypt} throws, whatever was
 * written to {@code plain} must be discarded, never stored as the step's output.
 */
public final class PgpDecryption {

    /** Transfer Family's documented maximum size of a decrypted file ("10 GB"; taken as 10 GiB). */
    public static final long MAX_DECRYPTED_BYTES = 10L << 30;

    private final SecretValues secrets;

    public PgpDecryption(SecretValues secrets) {
        this.secrets = Objects.requireNonNull(secrets);
    }

    /**
     * The key sets for {@code userName} on the server, in Transfer's order: the secret
     * {@code aws/transfer/<server-id>/<user-name>} when it exists, else
     * {@code aws/transfer/<server-id>/@pgp-default}, read as {@code caller} (the workflow's account and
     * region). A user secret that exists is used alone, even if its keys do not decrypt the file: the
     * default key stands in only for a user who has none. NOT_FOUND when neither secret exists.
     */
    public PgpKeys keysFor(Caller caller, String serverId, String userName) throws DecryptionException {
        String userSecret = PgpKeys.secretName(serverId, userName);
        Optional<String> value = secrets.secretString(caller, userSecret);
        if (value.isPresent()) {
            return PgpKeys.parse(userSecret, value.get());
        }
        String defaultSecret = PgpKeys.secretName(serverId, PgpKeys.DEFAULT_USER);
        value = secrets.secretString(caller, defaultSecret);
        if (value.isPresent()) {
            return PgpKeys.parse(defaultSecret, value.get());
        }
        throw new DecryptionException(StorageException.Type.NOT_FOUND,
                "Secrets Manager can't find a PGP private key for user " + userName + ": neither secret "
                        + userSecret + " nor " + defaultSecret + " exists.");
    }

    /** Decrypts {@code encrypted} into {@code plain} with the keys {@link #keysFor} finds. */
    public DecryptedFile decrypt(Caller caller, String serverId, String userName, InputStream encrypted,
            OutputStream plain) throws IOException {
        return decrypt(encrypted, keysFor(caller, serverId, userName), plain);
    }

    /**
     * Decrypts an OpenPGP message (binary or ASCII-armoured) encrypted to a public key whose private key
     * is in {@code keys}, trying the key sets in order until one decrypts it. Compressed or not, signed or
     * not (signatures are not checked: Transfer holds no sender key to check them with). Reads
     * {@code encrypted} to its end; does not close either stream.
     *
     * @throws DecryptionException the file cannot be decrypted (see its type and message)
     * @throws IOException reading {@code encrypted} or writing {@code plain} failed; thrown as they threw it
     */
    public static DecryptedFile decrypt(InputStream encrypted, PgpKeys keys, OutputStream plain) throws IOException {
        return decrypt(encrypted, keys, plain, MAX_DECRYPTED_BYTES);
    }

    static DecryptedFile decrypt(InputStream encrypted, PgpKeys keys, OutputStream plain, long maxBytes)
            throws IOException {
        return new MessageDecryption(keys, encrypted, plain, maxBytes).run();
    }
}
