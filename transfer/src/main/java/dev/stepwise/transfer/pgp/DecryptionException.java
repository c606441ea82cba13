package dev.stepwise.transfer.pgp;

import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;

/**
 * A DECRYPT step refused: no PGP key secret, a key secret that cannot be used, no key that decrypts
 * the file, or a file that is no intact OpenPGP message. Carries the ExecutionErrorType the step
 * records with {@link #getMessage()} as its error, as {@link StorageException} does for storage.
 * Messages name secrets, their fields and key IDs, never a key or a passphrase.
 */
public final class DecryptionException extends IOException {

    private final StorageException.Type type;

    DecryptionException(StorageException.Type type, String message) {
        super(message);
        this.type = type;
    }

    DecryptionException(StorageException.Type type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public StorageException.Type type() {
        return type;
    }

    static DecryptionException badRequest(String message) {
        return new DecryptionException(StorageException.Type.BAD_REQUEST, message);
    }

    static DecryptionException badRequest(String message, Throwable cause) {
        return new DecryptionException(StorageException.Type.BAD_REQUEST, message, cause);
    }
}
