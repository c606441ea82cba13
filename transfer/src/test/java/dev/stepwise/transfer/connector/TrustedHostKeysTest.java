package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.Test;

/** Which host keys a connector trusts: key type and body compared, a host name or a comment around them ignored. */
class TrustedHostKeysTest {
    private static final KeyPair RSA = SshKeys.generateRsa(2048);
    private static final KeyPair OTHER_RSA = SshKeys.generateRsa(2048);
    private static final KeyPair EC = Keys.ecdsa();

    @Test
    void aKeyIsTrustedByItsTypeAndBody() {
        String line = SshKeys.publicKeyLine(RSA.getPublic());
        assertThat(TrustedHostKeys.trusts(List.of(line), RSA.getPublic())).isTrue();
        assertThat(TrustedHostKeys.trusts(List.of(line), OTHER_RSA.getPublic())).isFalse();
        assertThat(TrustedHostKeys.trusts(List.of(line), EC.getPublic())).isFalse();
        assertThat(TrustedHostKeys.trusts(List.of(), RSA.getPublic())).isFalse();
        assertThat(TrustedHostKeys.trusts(List.of(SshKeys.publicKeyLine(EC.getPublic()), line), RSA.getPublic()))
                .isTrue();
    }

    @Test
    void aHostNameBeforeTheKeyAndACommentAfterItAreIgnored() {
        String line = SshKeys.publicKeyLine(EC.getPublic());
        // ssh-keyscan prints the host first; AWS's documentation pastes that line as it is
        assertThat(TrustedHostKeys.trusts(List.of("ftp.host.com " + line), EC.getPublic())).isTrue();
        assertThat(TrustedHostKeys.trusts(List.of("[127.0.0.1]:2222,partner " + line + " root@partner"),
                EC.getPublic())).isTrue();
        assertThat(TrustedHostKeys.parse("  " + line + "\n")).isPresent();
    }

    @Test
    void onlyRsaAndEcdsaKeysWithValidBodiesAreAccepted() {
        String line = SshKeys.publicKeyLine(RSA.getPublic());
        String type = line.split(" ")[0];
        String body = line.split(" ")[1];
        assertThat(TrustedHostKeys.parse(line).orElseThrow().type()).isEqualTo("ssh-rsa");
        assertThat(TrustedHostKeys.parse(SshKeys.publicKeyLine(EC.getPublic())).orElseThrow().type())
                .isEqualTo("ecdsa-sha2-nistp256");
        assertThat(TrustedHostKeys.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"))
                .isEmpty();
        assertThat(TrustedHostKeys.parse(body)).isEmpty();
        assertThat(TrustedHostKeys.parse(type)).isEmpty();
        assertThat(TrustedHostKeys.parse(type + " " + body.substring(0, body.length() - 8))).isEmpty();
        // a body given as another type than its own
        assertThat(TrustedHostKeys.parse("ecdsa-sha2-nistp256 " + body)).isEmpty();
        assertThat(TrustedHostKeys.parse("not a key")).isEmpty();
    }

    @Test
    void theTrustedKeysTypesAreOfferedFirst() {
        List<String> ecFirst = names(SftpConnections.signatures(List.of("ecdsa-sha2-nistp256")));
        assertThat(ecFirst.get(0)).isEqualTo("ecdsa-sha2-nistp256");
        List<String> rsaFirst = names(SftpConnections.signatures(List.of("ssh-rsa")));
        assertThat(rsaFirst.subList(0, 3)).containsExactly("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
        // whatever is trusted, only RSA and ECDSA are offered, each once
        assertThat(rsaFirst).containsExactlyInAnyOrder("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
                "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
    }

    private static List<String> names(List<NamedFactory<Signature>> factories) {
        return factories.stream().map(NamedFactory::getName).toList();
    }
}
