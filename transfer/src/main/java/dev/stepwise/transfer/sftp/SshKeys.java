package dev.stepwise.transfer.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * SSH keys as Transfer's API writes them: public keys in the OpenSSH one-line form
 * ("ssh-ed25519 AAAA… comment", SshPublicKeyBody), fingerprints as "SHA256:…" (HostKeyFingerprint),
 * and host key pairs kept as OpenSSH private key text.
 */
public final class SshKeys {
    private SshKeys() {}

    /** The key of an OpenSSH public key line; empty when the text is not one (or its type is unsupported). */
    public static Optional<PublicKey> parsePublicKey(String body) {
        if (body == null || body.isBlank() || body.lines().count() != 1) {
            return Optional.empty();
        }
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(body.strip());
            if (entry == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The OpenSSH one-line form of a public key, without a comment. */
    public static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", … */
    public static String keyType(PublicKey key) {
        return KeyUtils.getKeyType(key);
    }

    /** The key's SHA-256 fingerprint as OpenSSH prints it: "SHA256:" and unpadded base64. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** A new RSA host key pair of {@code bits} bits (Transfer's default host key is RSA). */
    public static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }

    /** The key pair as unencrypted OpenSSH private key text. */
    public static String privateKeyText(KeyPair pair) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "", null, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a " + KeyUtils.getKeyType(pair) + " key pair", e);
        }
    }

    /**
     * The key pair of an unencrypted private key text (OpenSSH or PEM, as ImportHostKey takes it);
     * empty when the text holds none.
     */
    public static Optional<KeyPair> parsePrivateKey(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try (InputStream in = new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("host key"), in, null);
            if (pairs == null) {
                return Optional.empty();
            }
            Iterator<KeyPair> it = pairs.iterator();
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
