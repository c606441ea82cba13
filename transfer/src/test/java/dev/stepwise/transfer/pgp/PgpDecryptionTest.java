package dev.stepwise.transfer.pgp;

import static dev.stepwise.transfer.pgp.BcPgp.encrypt;
import static dev.stepwise.transfer.pgp.BcPgp.generate;
import static dev.stepwise.transfer.pgp.BcPgp.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.transfer.pgp.BcPgp.KeyType;
import dev.stepwise.transfer.pgp.BcPgp.Options;
import dev.stepwise.transfer.pgp.BcPgp.TestKey;
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
import java.util.Arrays;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decryption with keys and messages made by Bouncy Castle. */
class PgpDecryptionTest {

    private static final String SECRET = "aws/transfer/s-0123456789abcdef0/alice";
    private static final byte[] CONTENT = "id,amount\n1,100\n2,250\n".getBytes(StandardCharsets.UTF_8);

    private static TestKey first;
    private static TestKey second;
    private static TestKey third;

    @BeforeAll
    static void generateKeys() {
        first = generate(KeyType.LEGACY_CURVE25519, "first passphrase");
        second = generate(KeyType.LEGACY_CURVE25519, "second passphrase");
        third = generate(KeyType.NIST_P384, "third passphrase");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void eachKeyTypeDecrypts(KeyType type) throws IOException {
        TestKey key = generate(type, "passphrase of " + type);
        byte[] message = encrypt(CONTENT, Options.plain(), key.encryptionKey());

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        DecryptedFile file = PgpDecryption.decrypt(new ByteArrayInputStream(message), keys(SECRET, key), plain);

        assertThat(plain.toByteArray()).isEqualTo(CONTENT);
        assertThat(file).isEqualTo(new DecryptedFile("report.csv", CONTENT.length));
    }

    @Test
    void anUnprotectedKeyDecryptsWithoutAPassphrase() throws IOException {
        TestKey key = generate(KeyType.LEGACY_CURVE25519, null);
        PgpKeys keys = PgpKeys.parse(SECRET, BcPgp.secretJson("PGPPrivateKey", key.armoredPrivateKey()));

        assertThat(decrypt(encrypt(CONTENT, Options.plain(), key.encryptionKey()), keys)).isEqualTo(CONTENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {CompressionAlgorithmTags.UNCOMPRESSED, CompressionAlgorithmTags.ZIP,
            CompressionAlgorithmTags.ZLIB, CompressionAlgorithmTags.BZIP2})
    void binaryAndArmoredMessagesDecryptCompressedOrNot(int compression) throws IOException {
        Options binary = Options.plain().compressed(compression);

        assertThat(decrypt(encrypt(CONTENT, binary, first.encryptionKey()), keys(SECRET, first))).isEqualTo(CONTENT);
        assertThat(decrypt(encrypt(CONTENT, binary.armored(), first.encryptionKey()), keys(SECRET, first)))
                .isEqualTo(CONTENT);
    }

    @Test
    void theSecondAndThirdKeySetsAreTried() throws IOException {
        PgpKeys keys = keys(SECRET, first, second, third);

        assertThat(decrypt(encrypt(CONTENT, Options.plain(), second.encryptionKey()), keys)).isEqualTo(CONTENT);
        assertThat(decrypt(encrypt(CONTENT, Options.plain(), third.encryptionKey()), keys)).isEqualTo(CONTENT);
    }

    @Test
    void aKeySetWhosePassphraseFailsGivesWayToTheNext() throws IOException {
        // the same key twice: the first set with a wrong passphrase, the second with the right one
        TestKey locked = new TestKey(first.armoredPrivateKey(), "not the passphrase", first.encryptionKey(), null);

        assertThat(decrypt(encrypt(CONTENT, Options.plain(), first.encryptionKey()), keys(SECRET, locked, first)))
                .isEqualTo(CONTENT);
    }

    @Test
    void aWrongPassphraseIsRefused() {
        TestKey locked = new TestKey(first.armoredPrivateKey(), "not the passphrase", first.encryptionKey(), null);
        byte[] message = encrypt(CONTENT, Options.plain(), first.encryptionKey());

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, second, locked)))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("Cannot decrypt the file: PGPPassphrase2 does not unlock PGP key "
                            + MessageDecryption.keyId(first.encryptionKey().getKeyID()) + " of PGPPrivateKey2 in secret "
                            + SECRET + ".");
                    assertThat(e.getMessage()).doesNotContain("not the passphrase");
                });
    }

    @Test
    void aFileForAnotherKeyIsRefused() {
        byte[] message = encrypt(CONTENT, Options.plain(), third.encryptionKey());

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first, second)))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("None of the PGP private keys in secret " + SECRET
                            + " can decrypt the file: it is encrypted to key "
                            + MessageDecryption.keyId(third.encryptionKey().getKeyID()) + ".");
                });
    }

    @Test
    void aHiddenRecipientIsTriedWithEveryKey() throws IOException {
        byte[] message = encrypt(CONTENT, Options.plain().hiddenRecipient(), second.encryptionKey());

        assertThat(decrypt(message, keys(SECRET, first, second))).isEqualTo(CONTENT);
        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first, third)))
                .hasMessageEndingWith("it is encrypted to a hidden recipient.");
    }

    @ParameterizedTest
    @ValueSource(ints = {CompressionAlgorithmTags.UNCOMPRESSED, CompressionAlgorithmTags.ZLIB})
    void aModifiedFileFailsItsIntegrityCheck(int compression) {
        byte[] content = "a line of a report that compresses well\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] message = encrypt(content, Options.plain().compressed(compression), first.encryptionKey());
        message[message.length / 2] ^= 0x10;

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first)))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(
                            "The file failed its integrity check: the encrypted data is corrupt or has been modified.");
                });
    }

    @Test
    void aDamagedSessionKeyIsRefused() {
        byte[] message = encrypt(CONTENT, Options.plain(), first.encryptionKey());
        // the public-key encrypted session key packet opens the message: header, version, key ID, algorithm,
        // then the sender's ephemeral curve point, whose change makes the key unwrap to nothing
        message[20] ^= 0x01;

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first)))
                .isInstanceOf(DecryptionException.class)
                .hasMessage("Cannot decrypt the file's session key with PGP key "
                        + MessageDecryption.keyId(first.encryptionKey().getKeyID()) + " in secret " + SECRET
                        + ": the file is corrupt or has been modified.");
    }

    @Test
    void aTruncatedFileFailsItsIntegrityCheck() {
        byte[] message = encrypt(new byte[100_000], Options.plain(), first.encryptionKey());

        assertThatThrownBy(() -> decrypt(Arrays.copyOf(message, message.length - 10), keys(SECRET, first)))
                .hasMessageStartingWith("The file failed its integrity check");
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(message, message.length / 2), keys(SECRET, first)))
                .hasMessageStartingWith("The file failed its integrity check");
    }

    @Test
    void aFileThatIsNoOpenPgpMessageIsRefused() {
        for (byte[] file : new byte[][] {
                "id,amount\n1,100\n".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                TestStreams.sha256().digest(CONTENT),
                "-----BEGIN PGP MESSAGE-----\n\nnot base64 at all\n-----END PGP MESSAGE-----\n".getBytes(StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> decrypt(file, keys(SECRET, first)))
                    .isInstanceOfSatisfying(DecryptionException.class, e -> {
                        assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                        assertThat(e.getMessage()).isEqualTo("The file is not an OpenPGP message.");
                    });
        }
    }

    @Test
    void anOpenPgpFileThatIsNotEncryptedIsRefused() {
        for (byte[] file : new byte[][] {
                BcPgp.literalMessage(CONTENT),
                first.armoredPublicKey().getBytes(StandardCharsets.US_ASCII)}) {
            assertThatThrownBy(() -> decrypt(file, keys(SECRET, first)))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessage("The file is not an encrypted OpenPGP message.");
        }
    }

    @Test
    void aFileEncryptedWithAPasswordOnlyIsRefused() {
        byte[] message = encrypt(CONTENT, Options.plain());

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first)))
                .isInstanceOf(DecryptionException.class)
                .hasMessage("The file is not encrypted to a PGP public key.");
    }

    @Test
    void aFileWithoutIntegrityProtectionIsRefused() {
        byte[] message = encrypt(CONTENT, Options.plain().withoutIntegrity(), first.encryptionKey());

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first)))
                .isInstanceOf(DecryptionException.class)
                .hasMessage("The file's encrypted data is not integrity protected.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5", "v6"})
    void aFileEncryptedWithAeadIsRefused(String version) {
        byte[] message = encrypt(CONTENT, Options.plain().aead(version), first.encryptionKey());

        assertThatThrownBy(() -> decrypt(message, keys(SECRET, first)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("encrypted with AEAD")
                .hasMessageContaining("gpg --openpgp");
    }

    @ParameterizedTest
    @ValueSource(ints = {CompressionAlgorithmTags.UNCOMPRESSED, CompressionAlgorithmTags.ZLIB})
    void aFileOfSeveralMegabytesIsDecryptedAsItIsRead(int compression, @TempDir Path dir) throws IOException {
        long size = 8L << 20;
        Path encrypted = dir.resolve("large.csv.gpg");
        MessageDigest expected = TestStreams.sha256();
        try (InputStream content = new DigestInputStream(TestStreams.pseudoRandom(size, 7), expected);
                OutputStream out = Files.newOutputStream(encrypted)) {
            encrypt(content, out, Options.plain().compressed(compression), first.encryptionKey());
        }

        DecryptedFile file;
        DigestingOutput plain;
        try (CountingInput source = new CountingInput(Files.newInputStream(encrypted))) {
            plain = new DigestingOutput(source);
            file = PgpDecryption.decrypt(source, keys(SECRET, first), plain);
            assertThat(source.count()).isEqualTo(Files.size(encrypted));
        }

        assertThat(file.size()).isEqualTo(size);
        assertThat(plain.digest()).isEqualTo(expected.digest());
        // the plaintext leaves as the file is read: never more than 1 MiB of 8 behind the input
        assertThat(plain.greatestLead()).isLessThan(1 << 20);
    }

    @Test
    void aFileLargerThanTheLimitIsRefused() {
        byte[] message = encrypt(new byte[5000], Options.plain().compressed(CompressionAlgorithmTags.ZLIB),
                first.encryptionKey());

        assertThatThrownBy(() -> PgpDecryption.decrypt(new ByteArrayInputStream(message), keys(SECRET, first),
                        OutputStream.nullOutputStream(), 4096))
                .isInstanceOfSatisfying(DecryptionException.class, e -> {
                    assertThat(e.type()).isEqualTo(StorageException.Type.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("The decrypted file is larger than the maximum of 4096 bytes.");
                });
    }

    @Test
    void failuresOfTheCallersStreamsPassThroughAsTheyAre() {
        byte[] message = encrypt(new byte[200_000], Options.plain(), first.encryptionKey());
        StorageException sourceGone = new StorageException(StorageException.Type.NOT_FOUND, "source gone");
        IOException diskFull = new IOException("No space left on device");

        assertThatThrownBy(() -> PgpDecryption.decrypt(
                        TestStreams.failingAfter(new ByteArrayInputStream(message), 10, sourceGone),
                        keys(SECRET, first), OutputStream.nullOutputStream()))
                .isSameAs(sourceGone);
        assertThatThrownBy(() -> PgpDecryption.decrypt(
                        TestStreams.failingAfter(new ByteArrayInputStream(message), 100_000, sourceGone),
                        keys(SECRET, first), OutputStream.nullOutputStream()))
                .isSameAs(sourceGone);
        assertThatThrownBy(() -> PgpDecryption.decrypt(new ByteArrayInputStream(message), keys(SECRET, first),
                        new OutputStream() {
                            @Override
                            public void write(int b) throws IOException {
                                throw diskFull;
                            }

                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                throw diskFull;
                            }
                        }))
                .isSameAs(diskFull);
    }

    private static byte[] decrypt(byte[] message, PgpKeys keys) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PgpDecryption.decrypt(new ByteArrayInputStream(message), keys, plain);
        return plain.toByteArray();
    }
}
