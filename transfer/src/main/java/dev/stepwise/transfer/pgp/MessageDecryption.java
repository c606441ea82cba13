package dev.stepwise.transfer.pgp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcSessionKeyDataDecryptorFactory;

/**
 * One decryption of one message, in three passes: read the encrypted data packet and refuse what
 * Transfer cannot decrypt; find the session key with the first key set that unlocks it; stream the
 * literal data out and check the modification detection code at the end.
 *
 * <p>Failures of the caller's streams are told apart from failures of the message: both wrappers
 * remember what their stream threw, and that is rethrown as it was, whatever Bouncy Castle made of it.
 */
final class MessageDecryption {

    private static final BcPGPDigestCalculatorProvider DIGESTS = new BcPGPDigestCalculatorProvider();

    private final PgpKeys keys;
    private final SourceInput source;
    private final PlainOutput plain;

    MessageDecryption(PgpKeys keys, InputStream encrypted, OutputStream plain, long maxBytes) {
        this.keys = keys;
        this.source = new SourceInput(encrypted);
        this.plain = new PlainOutput(plain, maxBytes);
    }

    DecryptedFile run() throws IOException {
        List<PGPPublicKeyEncryptedData> recipients = recipients(encryptedDataList());
        Unlocked unlocked = unlock(recipients);
        return readContent(unlocked.data(), unlocked.sessionKey());
    }

    private PGPEncryptedDataList encryptedDataList() throws IOException {
        Object first;
        try {
            PGPObjectFactory objects = new BcPGPObjectFactory(PGPUtil.getDecoderStream(source));
            first = objects.nextObject();
            while (first instanceof PGPMarker) {
                first = objects.nextObject();
            }
        } catch (IOException | RuntimeException e) {
            source.rethrowFailure();
            throw DecryptionException.badRequest("The file is not an OpenPGP message.", e);
        }
        if (first instanceof PGPEncryptedDataList list) {
            return list;
        }
        throw DecryptionException.badRequest(isUnencryptedOpenPgp(first)
                ? "The file is not an encrypted OpenPGP message."
                : "The file is not an OpenPGP message.");
    }

    /** A message that is signed or compressed but not encrypted, or a key. */
    private static boolean isUnencryptedOpenPgp(Object first) {
        return first instanceof PGPLiteralData || first instanceof PGPCompressedData
                || first instanceof PGPOnePassSignatureList || first instanceof PGPSignatureList
                || first instanceof PGPPublicKeyRing || first instanceof PGPSecretKeyRing;
    }

    private static List<PGPPublicKeyEncryptedData> recipients(PGPEncryptedDataList list) throws DecryptionException {
        List<PGPPublicKeyEncryptedData> recipients = new ArrayList<>();
        for (PGPEncryptedData data : list) {
            if (data instanceof PGPPublicKeyEncryptedData recipient) {
                recipients.add(recipient);
            }
        }
        if (recipients.isEmpty()) {
            throw DecryptionException.badRequest("The file is not encrypted to a PGP public key.");
        }
        if (recipients.getFirst().isAEAD()) {
            // the user guide: files must be encrypted with gpg's --openpgp flag, "If you don't use this
            // flag, Transfer Family will be unable to decrypt your files"; without it gpg 2.3+ writes AEAD
            throw DecryptionException.badRequest("The file is encrypted with AEAD, which cannot be decrypted: "
                    + "encrypt it in OpenPGP mode (gpg --openpgp).");
        }
        if (!list.isIntegrityProtected()) {
            // without a modification detection code nothing tells a modified file from the original
            throw DecryptionException.badRequest("The file's encrypted data is not integrity protected.");
        }
        return recipients;
    }

    private record Unlocked(PGPPublicKeyEncryptedData data, PGPSessionKey sessionKey) {}

    /**
     * The session key, from the first key set (in the secret's order) holding a key the file is encrypted
     * to whose passphrase unlocks it. A recipient with the wildcard key ID (gpg --throw-keyids) is tried
     * with every encryption key.
     */
    private Unlocked unlock(List<PGPPublicKeyEncryptedData> recipients) throws DecryptionException {
        Set<String> lockedKeys = new LinkedHashSet<>();
        Set<String> failedKeys = new LinkedHashSet<>();
        for (PgpKeySet set : keys.sets()) {
            for (PGPPublicKeyEncryptedData recipient : recipients) {
                for (PGPSecretKey key : candidates(set, recipient.getKeyID())) {
                    PGPPrivateKey privateKey;
                    try {
                        privateKey = key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(DIGESTS)
                                .build(set.passphrase().toCharArray()));
                    } catch (PGPException | RuntimeException e) {
                        lockedKeys.add(set.passphraseField() + " does not unlock PGP key " + keyId(key.getKeyID())
                                + " of " + set.keyField());
                        continue;
                    }
                    try {
                        return new Unlocked(recipient,
                                recipient.getSessionKey(new BcPublicKeyDataDecryptorFactory(privateKey)));
                    } catch (PGPException | RuntimeException e) {
                        if (recipient.getKeyID() != 0) {
                            // the file names this key, and the key is unlocked: the session key data is damaged
                            failedKeys.add(keyId(key.getKeyID()));
                        }
                    }
                }
            }
        }
        String secret = " in secret " + keys.secretName();
        if (!lockedKeys.isEmpty()) {
            throw DecryptionException.badRequest("Cannot decrypt the file: " + String.join("; ", lockedKeys) + secret + ".");
        }
        if (!failedKeys.isEmpty()) {
            throw DecryptionException.badRequest("Cannot decrypt the file's session key with PGP key "
                    + String.join(", ", failedKeys) + secret + ": the file is corrupt or has been modified.");
        }
        throw DecryptionException.badRequest("None of the PGP private keys" + secret
                + " can decrypt the file: it is encrypted to " + recipientNames(recipients) + ".");
    }

    /** The keys of {@code set} that can decrypt for {@code keyId}; every encryption key for the wildcard 0. */
    private static List<PGPSecretKey> candidates(PgpKeySet set, long keyId) {
        List<PGPSecretKey> candidates = new ArrayList<>();
        for (PGPSecretKeyRing ring : set.keyRings()) {
            for (PGPSecretKey key : ring) {
                boolean usable = !key.isPrivateKeyEmpty() && key.getPublicKey().isEncryptionKey();
                if (usable && (keyId == 0 || key.getKeyID() == keyId)) {
                    candidates.add(key);
                }
            }
        }
        return candidates;
    }

    private static String recipientNames(List<PGPPublicKeyEncryptedData> recipients) {
        List<String> names = new ArrayList<>();
        for (PGPPublicKeyEncryptedData recipient : recipients) {
            names.add(recipient.getKeyID() == 0 ? "a hidden recipient" : "key " + keyId(recipient.getKeyID()));
        }
        return String.join(", ", names);
    }

    /** A key ID as gpg prints it: 16 upper-case hex digits. */
    static String keyId(long keyId) {
        return HexFormat.of().withUpperCase().toHexDigits(keyId);
    }

    private DecryptedFile readContent(PGPPublicKeyEncryptedData data, PGPSessionKey sessionKey) throws IOException {
        InputStream clear;
        try {
            clear = data.getDataStream(new BcSessionKeyDataDecryptorFactory(sessionKey));
        } catch (PGPException | RuntimeException e) {
            rethrowStreamFailure();
            throw integrityFailure(e);
        }
        DecryptedFile file;
        try {
            file = copyLiteralData(clear);
        } catch (IOException | PGPException | RuntimeException e) {
            rethrowStreamFailure();
            if (e instanceof DecryptionException refused) {
                throw refused;
            }
            throw contentFailure(data, e);
        }
        verifyIntegrity(data);
        plain.flush();
        return file;
    }

    /**
     * Copies the one literal data packet, inside any compressed data packets, past one-pass signatures
     * and signatures (not checked). Anything else in an encrypted message is malformed.
     */
    private DecryptedFile copyLiteralData(InputStream clear) throws IOException, PGPException {
        PGPObjectFactory objects = new BcPGPObjectFactory(clear);
        DecryptedFile file = null;
        for (Object next = objects.nextObject(); next != null; next = objects.nextObject()) {
            if (next instanceof PGPCompressedData compressed) {
                objects = new BcPGPObjectFactory(compressed.getDataStream());
            } else if (next instanceof PGPLiteralData literal && file == null) {
                literal.getInputStream().transferTo(plain);
                file = new DecryptedFile(literal.getFileName(), plain.written());
            } else if (!(next instanceof PGPOnePassSignatureList || next instanceof PGPSignatureList
                    || next instanceof PGPMarker)) {
                throw new PGPException("unexpected " + next.getClass().getSimpleName() + " in the encrypted data");
            }
        }
        if (file == null) {
            throw new PGPException("no literal data in the encrypted data");
        }
        return file;
    }

    private void verifyIntegrity(PGPPublicKeyEncryptedData data) throws IOException {
        boolean intact;
        try {
            intact = data.verify();
        } catch (IOException | PGPException | RuntimeException e) {
            rethrowStreamFailure();
            throw integrityFailure(e);
        }
        if (!intact) {
            throw integrityFailure(null);
        }
    }

    /**
     * The decrypted data could not be read as a message. A modified file is the likely reason; the
     * integrity check over the rest of the data tells it from an intact but malformed message.
     */
    private DecryptionException contentFailure(PGPPublicKeyEncryptedData data, Exception cause) throws IOException {
        try {
            if (data.verify()) {
                return DecryptionException.badRequest("The decrypted file is not a valid OpenPGP message.", cause);
            }
        } catch (IOException | PGPException | RuntimeException e) {
            rethrowStreamFailure();
        }
        return integrityFailure(cause);
    }

    private static DecryptionException integrityFailure(Exception cause) {
        return DecryptionException.badRequest(
                "The file failed its integrity check: the encrypted data is corrupt or has been modified.", cause);
    }

    private void rethrowStreamFailure() throws IOException {
        source.rethrowFailure();
        plain.rethrowFailure();
    }

    /** The encrypted input, remembering the first failure it threw. */
    private static final class SourceInput extends FilterInputStream {
        private final FirstFailure failure = new FirstFailure();

        SourceInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void close() {
            // the caller's stream: the caller closes it
        }

        private IOException remember(IOException e) {
            return failure.remember(e);
        }

        void rethrowFailure() throws IOException {
            failure.rethrow();
        }
    }

    /** The plaintext output: counts what is written, refuses more than the limit, remembers a failure. */
    private static final class PlainOutput extends OutputStream {
        private final OutputStream out;
        private final long maxBytes;
        private long written;
        private final FirstFailure failure = new FirstFailure();

        PlainOutput(OutputStream out, long maxBytes) {
            this.out = out;
            this.maxBytes = maxBytes;
        }

        long written() {
            return written;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (written + length > maxBytes) {
                throw DecryptionException.badRequest("The decrypted file is larger than the maximum of "
                        + (maxBytes == PgpDecryption.MAX_DECRYPTED_BYTES ? "10 GB" : maxBytes + " bytes") + ".");
            }
            try {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                throw remember(e);
            }
            written += length;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void close() {
            // the caller's stream: the caller closes it
        }

        private IOException remember(IOException e) {
            return failure.remember(e);
        }

        void rethrowFailure() throws IOException {
            failure.rethrow();
        }
    }

    /** The first failure a caller's stream threw, kept to be rethrown as it was. */
    private static final class FirstFailure {
        private IOException first;

        IOException remember(IOException e) {
            if (first == null) {
                first = e;
            }
            return e;
        }

        void rethrow() throws IOException {
            if (first != null) {
                throw first;
            }
        }
    }
}
