package dev.stepwise.transfer.pgp;

import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;

/**
 * One of the up to three key sets of a PGP key secret: {@code PGPPrivateKey} with {@code PGPPassphrase}
 * (number 1), {@code PGPPrivateKey2} with {@code PGPPassphrase2}, {@code PGPPrivateKey3} with
 * {@code PGPPassphrase3}. {@code passphrase} is empty when the secret has none (the keys are then
 * unprotected: {@link PgpKeys#parse} refuses protected keys without one).
 */
public record PgpKeySet(String secretName, int number, PGPSecretKeyRingCollection keyRings, String passphrase) {

    public String keyField() {
        return field("PGPPrivateKey", number);
    }

    public String passphraseField() {
        return field("PGPPassphrase", number);
    }

    static String field(String name, int number) {
        return number == 1 ? name : name + number;
    }

    /** The passphrase stays out of logs and messages. */
    @Override
    public String toString() {
        return "PgpKeySet[" + keyField() + " of " + secretName + "]";
    }
}
