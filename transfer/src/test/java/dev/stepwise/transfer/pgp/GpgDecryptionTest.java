package dev.stepwise.transfer.pgp;

import static dev.stepwise.transfer.pgp.BcPgp.secretJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.pgp.TestStreams.CountingInput;
import dev.stepwise.transfer.pgp.TestStreams.DigestingOutput;
import dev.stepwise.transfer.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys and files made by the machine's real gpg, as a Transfer Family user makes them: keys generated
 * with {@code --quick-gen-key}, exported with {@code --armor --export-secret-keys} into the secret,
 * files encrypted with {@code --openpgp --encrypt --recipient}. Skipped when gpg is not installed.
 */
class GpgDecryptionTest {

    private static final String SECRET = "aws/transfer/s-0123456789abcdef0/alice";
    private static final String CONTENT = "id,amount,currency\n1,100,EUR\n2,250,USD\n";

    /** A gpg key: its user's e-mail (its user ID), its passphrase ("" for none). */
    record GpgKey(String email, String passphrase) {
        @Override
        public String toString() {
            return email;
        }
    }

    private static final GpgKey RSA = new GpgKey("rsa3072@example.com", "rsa passphrase");
    private static final GpgKey CURVE25519 = new GpgKey("cv25519@example.com", "curve passphrase");
    private static final GpgKey NIST_P256 = new GpgKey("nistp256@example.com", "nist passphrase");
    private static final GpgKey UNPROTECTED = new GpgKey("unprotected@example.com", "");

    @TempDir
    static Path dir;
    private static Gpg gpg;
    private static Path contentFile;
    private static final AtomicInteger files = new AtomicInteger();

    @BeforeAll
    static void generateKeys() throws IOException {
        Path executable = Gpg.onPath("gpg").orElse(null);
        Assumptions.assumeTrue(executable != null,
                "gpg is not installed: the decryption of keys and files made by gpg is not tested");
        gpg = Gpg.start(executable, dir);
        gpg.generateKey(RSA.email(), "rsa3072", "rsa3072", RSA.passphrase());
        gpg.generateKey(CURVE25519.email(), "ed25519", "cv25519", CURVE25519.passphrase());
        gpg.generateKey(NIST_P256.email(), "nistp256", "nistp256", NIST_P256.passphrase());
        gpg.generateKey(UNPROTECTED.email(), "ed25519", "cv25519", UNPROTECTED.passphrase());
        contentFile = Files.writeString(dir.resolve("report.csv"), CONTENT);
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    static Stream<Arguments> keysAndFiles() {
        List<List<String>> forms = List.of(
                List.of("-z", "0"),
                List.of("--armor", "--compress-algo", "zlib"),
                List.of("--compress-algo", "bzip2"),
                List.of("--armor", "--sign"));
        List<Arguments> cases = new ArrayList<>();
        for (GpgKey key : List.of(RSA, CURVE25519, NIST_P256, UNPROTECTED)) {
            for (List<String> form : forms) {
                cases.add(Arguments.of(key, form));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keysAndFiles")
    void eachKeyTypeDecryptsBinaryArmoredCompressedOrSignedFiles(GpgKey key, List<String> form) throws IOException {
        List<String> options = new ArrayList<>(form);
        if (options.contains("--sign")) {
            options.addAll(List.of("--local-user", key.email(), "--passphrase", key.passphrase()));
        }
        Path encrypted = encrypt(contentFile, options, key);

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        DecryptedFile file;
        try (InputStream in = Files.newInputStream(encrypted)) {
            file = PgpDecryption.decrypt(in, keys(key), plain);
        }

        assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo(CONTENT);
        assertThat(file).isEqualTo(new DecryptedFile("report.csv", CONTENT.length()));
    }

    @Test
    void theSecondAndThirdKeySetsAreTried() throws IOException {
        PgpKeys keys = keys(RSA, CURVE25519, NIST_P256);

        for (GpgKey key : List.of(CURVE25519, NIST_P256)) {
            assertThat(decrypt(encrypt(contentFile, List.of(), key), keys)).isEqualTo(CONTENT);
        }
    }

    @Test
    void aFileForSeveralRecipientsDecryptsWithAnyOfTheirKeys() throws IOException {
        Path encrypted = encrypt(contentFile, List.of(), RSA, NIST_P256);

        assertThat(decrypt(encrypted, keys(CURVE25519, NIST_P256))).isEqualTo(CONTENT);
    }

    @Test
    void aFileForAHiddenRecipientDecrypts() throws IOException {
        Path encrypted = encrypt(contentFile, List.of("--throw-keyids"), CURVE25519);

        assertThat(decrypt(encrypted, keys(RSA, CURVE25519))).isEqualTo(CONTENT);
    }

    @Test
    void aWrongPassphraseIsRefused() {
        Path encrypted = encrypt(contentFile, List.of(), CURVE25519);
        PgpKeys keys = parse(secretJson("PGPPrivateKey", gpg.exportSecretKey(CURVE25519.email(), CURVE25519.passphrase()),
                "PGPPassphrase", "not the passphrase"));

        assertThatThrownBy(() -> decrypt(encrypted, keys))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("Cannot decrypt the file: PGPPassphrase does not unlock PGP key "
                            + gpg.encryptionKeyId(CURVE25519.email()) + " of PGPPrivateKey in secret " + SECRET + ".");
                });
    }

    @Test
    void aFileForAnotherKeyIsRefused() {
        Path encrypted = encrypt(contentFile, List.of(), RSA);

        assertThatThrownBy(() -> decrypt(encrypted, keys(CURVE25519, NIST_P256)))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("None of the PGP private keys in secret " + SECRET
                            + " can decrypt the file: it is encrypted to key " + gpg.encryptionKeyId(RSA.email()) + ".");
                });
    }

    @Test
    void aModifiedFileIsRefused() throws IOException {
        Path large = Files.writeString(dir.resolve("ledger.csv"), "2024-01-01,opening balance,1000\n".repeat(4000));
        Path encrypted = encrypt(large, List.of("-z", "0"), RSA);
        byte[] bytes = Files.readAllBytes(encrypted);
        bytes[bytes.length / 2] ^= 0x04;

        assertThatThrownBy(() -> decrypt(Files.write(encrypted, bytes), keys(RSA)))
                .isInstanceOf(DecryptionException.class)
                .hasMessage("The file failed its integrity check: the encrypted data is corrupt or has been modified.");
    }

    @Test
    void filesGpgDidNotEncryptToAKeyAreRefused() {
        Path stored = output();
        gpg.run("--output", stored.toString(), "--store", contentFile.toString());
        Path signed = output();
        gpg.run("--passphrase", RSA.passphrase(), "--local-user", RSA.email(), "--output", signed.toString(),
                "--sign", contentFile.toString());
        Path symmetric = output();
        gpg.run("--passphrase", "shared secret", "--output", symmetric.toString(), "--symmetric", contentFile.toString());

        assertThatThrownBy(() -> decrypt(stored, keys(RSA))).hasMessage("The file is not an encrypted OpenPGP message.");
        assertThatThrownBy(() -> decrypt(signed, keys(RSA))).hasMessage("The file is not an encrypted OpenPGP message.");
        assertThatThrownBy(() -> decrypt(symmetric, keys(RSA))).hasMessage("The file is not encrypted to a PGP public key.");
        assertThatThrownBy(() -> decrypt(contentFile, keys(RSA))).hasMessage("The file is not an OpenPGP message.");
    }

    @Test
    void aFileOfSeveralMegabytesIsDecryptedAsItIsRead() throws IOException {
        long size = 6L << 20;
        Path large = dir.resolve("large.bin");
        MessageDigest expected = TestStreams.sha256();
        try (InputStream content = new DigestInputStream(TestStreams.pseudoRandom(size, 11), expected);
                OutputStream out = Files.newOutputStream(large)) {
            content.transferTo(out);
        }
        Path encrypted = encrypt(large, List.of("-z", "0"), CURVE25519);

        DigestingOutput plain;
        DecryptedFile file;
        try (CountingInput source = new CountingInput(Files.newInputStream(encrypted))) {
            plain = new DigestingOutput(source);
            file = PgpDecryption.decrypt(source, keys(CURVE25519), plain);
        }

        assertThat(file.size()).isEqualTo(size);
        assertThat(plain.digest()).isEqualTo(expected.digest());
        assertThat(plain.greatestLead()).isLessThan(1 << 20);
    }

    private static Path output() {
        return dir.resolve("file-" + files.incrementAndGet() + ".gpg");
    }

    /** {@code gpg --openpgp --encrypt} to each recipient, with {@code options}. */
    private static Path encrypt(Path file, List<String> options, GpgKey... recipients) {
        Path encrypted = output();
        List<String> args = new ArrayList<>(List.of("--openpgp", "--output", encrypted.toString()));
        args.addAll(options);
        for (GpgKey recipient : recipients) {
            args.addAll(List.of("--recipient", recipient.email()));
        }
        args.addAll(List.of("--encrypt", file.toString()));
        gpg.run(args.toArray(String[]::new));
        return encrypted;
    }

    /** A secret with the keys' exported private key blocks and passphrases, as key sets 1, 2, 3. */
    private static PgpKeys keys(GpgKey... keys) {
        List<String> fields = new ArrayList<>();
        for (int number = 1; number <= keys.length; number++) {
            GpgKey key = keys[number - 1];
            fields.add(PgpKeySet.field("PGPPrivateKey", number));
            fields.add(gpg.exportSecretKey(key.email(), key.passphrase()));
            if (!key.passphrase().isEmpty()) {
                fields.add(PgpKeySet.field("PGPPassphrase", number));
                fields.add(key.passphrase());
            }
        }
        return parse(secretJson(fields.toArray(String[]::new)));
    }

    private static PgpKeys parse(String secretString) {
        try {
            return PgpKeys.parse(SECRET, secretString);
        } catch (DecryptionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decrypt(Path encrypted, PgpKeys keys) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(encrypted))) {
            PgpDecryption.decrypt(in, keys, plain);
        }
        return plain.toString(StandardCharsets.UTF_8);
    }
}
