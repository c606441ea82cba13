package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class SshKeysTest {

    @Test
    void aHostKeyPairSurvivesItsPrivateKeyText() {
        KeyPair pair = SshKeys.generateRsa(2048);
        KeyPair read = SshKeys.parsePrivateKey(SshKeys.privateKeyText(pair)).orElseThrow();
        assertThat(read.getPublic()).isEqualTo(pair.getPublic());
        assertThat(read.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void aPublicKeyLineIsParsedWithOrWithoutAComment() {
        PublicKey key = SshKeys.generateRsa(2048).getPublic();
        String line = SshKeys.publicKeyLine(key);
        assertThat(line).startsWith("ssh-rsa AAAA");
        assertThat(SshKeys.parsePublicKey(line)).contains(key);
        assertThat(SshKeys.parsePublicKey(line + " alice@laptop")).contains(key);
        assertThat(SshKeys.keyType(key)).isEqualTo("ssh-rsa");
    }

    @Test
    void textThatIsNoPublicKeyIsNone() {
        assertThat(SshKeys.parsePublicKey("ssh-rsa not-base64")).isEmpty();
        assertThat(SshKeys.parsePublicKey("hello")).isEmpty();
        assertThat(SshKeys.parsePublicKey("")).isEmpty();
        assertThat(SshKeys.parsePrivateKey("-----BEGIN NOTHING-----")).isEmpty();
    }

    @Test
    void aFingerprintIsSha256AsOpenSshPrintsIt() {
        PublicKey key = SshKeys.generateRsa(2048).getPublic();
        assertThat(SshKeys.fingerprint(key)).matches("SHA256:[A-Za-z0-9+/]{43}");
    }
}
