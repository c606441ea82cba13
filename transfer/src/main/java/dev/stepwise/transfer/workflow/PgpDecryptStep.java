package dev.stepwise.transfer.workflow;

import dev.stepwise.api.Caller;
import dev.stepwise.transfer.pgp.DecryptionException;
import dev.stepwise.transfer.pgp.PgpDecryption;
import dev.stepwise.transfer.pgp.PgpKeys;
import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A DECRYPT step on the storage domains: the user's PGP keys from Secrets Manager (the secret
 * {@code aws/transfer/<server-id>/<user>}, else {@code .../@pgp-default}), the source decrypted into
 * a scratch file, and only a file that decrypted whole (its integrity checked at its end) written to
 * the destination, so a refused file never appears there.
 */
public final class PgpDecryptStep implements StepIntegration.Decryption {
    private final FileStorage storage;
    private final ObjectStore scratch;
    private final PgpDecryption pgp;

    /** {@code scratch} holds the plaintext until it is known to be whole. */
    public PgpDecryptStep(FileStorage storage, ObjectStore scratch, PgpDecryption pgp) {
        this.storage = storage;
        this.scratch = scratch;
        this.pgp = pgp;
    }

    @Override
    public FileLocation decrypt(Caller caller, WorkflowState.Details execution, FileLocation source,
                                FileLocation destination, boolean overwrite) throws IOException {
        ObjectStore.Staged plain = scratch.stage();
        try {
            PgpKeys keys = pgp.keysFor(caller, execution.serverId(), execution.userName());
            try (InputStream in = storage.read(source); OutputStream out = Files.newOutputStream(plain.file())) {
                PgpDecryption.decrypt(in, keys, out);
            }
            try (InputStream in = Files.newInputStream(plain.file())) {
                return storage.write(destination, in, overwrite);
            }
        } catch (DecryptionException e) {
            throw new StorageException(e.type(), e.getMessage(), e);
        } catch (UncheckedIOException e) {
            // the secret store could not be read (a remote Secrets Manager unreachable or refusing)
            throw e.getCause();
        } finally {
            scratch.discard(plain);
        }
    }
}
