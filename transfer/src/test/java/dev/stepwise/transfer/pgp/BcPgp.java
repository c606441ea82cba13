package dev.stepwise.transfer.pgp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPKeyPairGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/** Keys and messages made with Bouncy Castle, for the cases gpg cannot make easily (or quickly). */
public final class BcPgp {
    private BcPgp() {}

    private static final BcPGPDigestCalculatorProvider DIGESTS = new BcPGPDigestCalculatorProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Key types: a signing primary key and an encryption subkey. */
    public enum KeyType { RSA_2048, LEGACY_CURVE25519, X25519, NIST_P384, BRAINPOOL_P256 }

    /** A generated key: its armoured private key block (protected when passphrase is non-null) and its encryption key. */
    public record TestKey(String armoredPrivateKey, String passphrase, PGPPublicKey encryptionKey, String armoredPublicKey) {}

    public static TestKey generate(KeyType type, String passphrase) {
        try {
            PGPKeyPairGenerator generator = new BcPGPKeyPairGeneratorProvider().get(PublicKeyPacket.VERSION_4, new Date());
            PGPKeyPair primary;
            PGPKeyPair encryption;
            switch (type) {
                case RSA_2048 -> {
                    primary = generator.generateRsaKeyPair(2048);
                    encryption = generator.generateRsaKeyPair(2048);
                }
                case LEGACY_CURVE25519 -> {
                    primary = generator.generateLegacyEd25519KeyPair();
                    encryption = generator.generateLegacyX25519KeyPair();
                }
                case X25519 -> {
                    primary = generator.generateEd25519KeyPair();
                    encryption = generator.generateX25519KeyPair();
                }
                case NIST_P384 -> {
                    primary = generator.generateNistP384ECDSAKeyPair();
                    encryption = generator.generateNistP384ECDHKeyPair();
                }
                case BRAINPOOL_P256 -> {
                    primary = generator.generateBrainpoolP256r1ECDSAKeyPair();
                    encryption = generator.generateBrainpoolP256r1ECDHKeyPair();
                }
                default -> throw new IllegalArgumentException(type.name());
            }
            PBESecretKeyEncryptor protection = passphrase == null ? null
                    // a low S2K count keeps the tests fast; strength is not what they test
                    : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                            DIGESTS.get(HashAlgorithmTags.SHA256), 0x10).build(passphrase.toCharArray());
            PGPSignatureSubpacketGenerator primaryFlags = new PGPSignatureSubpacketGenerator();
            primaryFlags.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
                    type.name().toLowerCase() + "@example.com", DIGESTS.get(HashAlgorithmTags.SHA1),
                    primaryFlags.generate(), null,
                    new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                    protection);
            PGPSignatureSubpacketGenerator encryptionFlags = new PGPSignatureSubpacketGenerator();
            encryptionFlags.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
            rings.addSubKey(encryption, encryptionFlags.generate(), null);
            PGPSecretKeyRing secret = rings.generateSecretKeyRing();
            return new TestKey(armored(secret::encode), passphrase, encryption.getPublicKey(),
                    armored(rings.generatePublicKeyRing()::encode));
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Encoder {
        void encode(OutputStream out) throws IOException;
    }

    private static String armored(Encoder encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(bytes)) {
            encoder.encode(armored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** How a message is made. Defaults: binary, uncompressed, with a modification detection code. */
    public record Options(boolean armor, int compression, boolean integrity, String aead, boolean wildcardKeyId) {
        public static Options plain() {
            return new Options(false, CompressionAlgorithmTags.UNCOMPRESSED, true, null, false);
        }

        Options armored() {
            return new Options(true, compression, integrity, aead, wildcardKeyId);
        }

        Options compressed(int algorithm) {
            return new Options(armor, algorithm, integrity, aead, wildcardKeyId);
        }

        Options withoutIntegrity() {
            return new Options(armor, compression, false, aead, wildcardKeyId);
        }

        Options hiddenRecipient() {
            return new Options(armor, compression, integrity, aead, true);
        }

        /** "v5" (LibrePGP OCB, as gpg 2.3+ writes without --openpgp) or "v6" (RFC 9580 SEIPDv2). */
        Options aead(String version) {
            return new Options(armor, compression, integrity, version, wildcardKeyId);
        }
    }

    public static byte[] encrypt(byte[] content, Options options, PGPPublicKey... recipients) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encrypt(new ByteArrayInputStream(content), out, options, recipients);
        return out.toByteArray();
    }

    /** Streams {@code content} into an encrypted message on {@code out}: nothing is held whole in memory. */
    static void encrypt(InputStream content, OutputStream out, Options options, PGPPublicKey... recipients) {
        BcPGPDataEncryptorBuilder data = new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(options.integrity()).setSecureRandom(RANDOM);
        if ("v5".equals(options.aead())) {
            data.setWithAEAD(AEADAlgorithmTags.OCB, 10).setUseV5AEAD();
        } else if ("v6".equals(options.aead())) {
            data.setWithAEAD(AEADAlgorithmTags.OCB, 10).setUseV6AEAD();
        }
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(data);
        for (PGPPublicKey recipient : recipients) {
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(RANDOM)
                    .setUseWildcardKeyID(options.wildcardKeyId()));
        }
        if (recipients.length == 0) {
            generator.addMethod(new BcPBEKeyEncryptionMethodGenerator("password".toCharArray()).setSecureRandom(RANDOM));
        }
        write(out, options.armor(), target -> {
            try (OutputStream encrypted = generator.open(target, new byte[1 << 16])) {
                writeLiteral(content, encrypted, options.compression());
            } catch (PGPException e) {
                throw new IOException(e);
            }
        });
    }

    /** An OpenPGP message that is not encrypted: literal data only. */
    static byte[] literalMessage(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, false, target -> writeLiteral(new ByteArrayInputStream(content), target,
                CompressionAlgorithmTags.UNCOMPRESSED));
        return out.toByteArray();
    }

    private static void writeLiteral(InputStream content, OutputStream target, int compression) throws IOException {
        PGPCompressedDataGenerator compressor = null;
        OutputStream body = target;
        if (compression != CompressionAlgorithmTags.UNCOMPRESSED) {
            compressor = new PGPCompressedDataGenerator(compression);
            body = compressor.open(target);
        }
        try (OutputStream literal = new PGPLiteralDataGenerator().open(body, PGPLiteralData.BINARY, "report.csv",
                new Date(), new byte[1 << 16])) {
            content.transferTo(literal);
        }
        if (compressor != null) {
            compressor.close();
        }
    }

    private static void write(OutputStream out, boolean armor, Encoder body) {
        try {
            if (armor) {
                try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
                    body.encode(armored);
                }
            } else {
                body.encode(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PGP key secret's SecretString: field names and values alternating. */
    public static String secretJson(String... fieldsAndValues) {
        ObjectNode secret = JSON.createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            secret.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return secret.toString();
    }

    static PgpKeys keys(String secretName, TestKey... keySets) {
        String[] fields = new String[keySets.length * 2 * 2];
        int at = 0;
        for (int number = 1; number <= keySets.length; number++) {
            TestKey key = keySets[number - 1];
            fields[at++] = PgpKeySet.field("PGPPrivateKey", number);
            fields[at++] = key.armoredPrivateKey();
            fields[at++] = PgpKeySet.field("PGPPassphrase", number);
            fields[at++] = key.passphrase();
        }
        try {
            return PgpKeys.parse(secretName, secretJson(fields));
        } catch (DecryptionException e) {
            throw new IllegalStateException(e);
        }
    }
}
