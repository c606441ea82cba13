package dev.stepwise.transfer.connector;

import dev.stepwise.transfer.sftp.SshKeys;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A connector's TrustedHostKeys: each entry names a public key as {@code <key type> <body base64>}
 * (AWS asks for exactly that), and may also be a line as ssh-keyscan prints it, with the host name
 * first ("ftp.host.com ssh-rsa AAAA…"), or carry a comment after the body; both are ignored. AWS
 * accepts RSA and ECDSA keys only. A server's key is trusted when an entry has its type and its
 * body, byte for byte.
 */
public final class TrustedHostKeys {
    /** The key types AWS accepts as trusted host keys. */
    public static final List<String> ACCEPTED_TYPES = List.of("ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    private TrustedHostKeys() {}

    /** An entry's key: its type and the bytes its base64 body stands for. */
    public record TrustedKey(String type, byte[] body) {

        boolean matches(PublicKey key) {
            return type.equals(SshKeys.keyType(key)) && Arrays.equals(body, blob(key));
        }
    }

    /** The key an entry names; empty when it names no RSA or ECDSA public key. */
    public static Optional<TrustedKey> parse(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String[] tokens = entry.strip().split("\\s+");
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (!ACCEPTED_TYPES.contains(tokens[i])) {
                continue;
            }
            // the body must decode to a key of the type it is given as
            Optional<PublicKey> key = SshKeys.parsePublicKey(tokens[i] + " " + tokens[i + 1]);
            if (key.isPresent() && SshKeys.keyType(key.get()).equals(tokens[i])) {
                return Optional.of(new TrustedKey(tokens[i], blob(key.get())));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether one of {@code entries} is {@code key}. */
    public static boolean trusts(List<String> entries, PublicKey key) {
        return entries.stream().map(TrustedHostKeys::parse).flatMap(Optional::stream).anyMatch(t -> t.matches(key));
    }

    /** The key as TestConnection shows it and TrustedHostKeys takes it: "{@code <key type> <body base64>}". */
    public static String line(PublicKey key) {
        return SshKeys.publicKeyLine(key).strip();
    }

    /** The key types of the entries, in their order, once each. */
    static List<String> types(List<String> entries) {
        return entries.stream().map(TrustedHostKeys::parse).flatMap(Optional::stream).map(TrustedKey::type)
                .distinct().toList();
    }

    private static byte[] blob(PublicKey key) {
        String[] line = line(key).split(" ");
        return Base64.getDecoder().decode(line[1]);
    }
}
