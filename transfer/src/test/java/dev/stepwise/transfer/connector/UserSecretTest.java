package dev.stepwise.transfer.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** A connector's secret: a user name with a password, a private key in PEM, or both. */
class UserSecretTest {
    private static final KeyPair RSA = SshKeys.generateRsa(2048);
    private static final KeyPair EC = Keys.ecdsa();

    private static String secret(String username, String password, String privateKey) {
        ObjectNode o = Json.object();
        if (username != null) {
            o.put("Username", username);
        }
        if (password != null) {
            o.put("Password", password);
        }
        if (privateKey != null) {
            o.put("PrivateKey", privateKey);
        }
        // as Secrets Manager keeps it: the key's newlines escaped in the JSON text
        return Json.write(o);
    }

    @Test
    void aPasswordSecret() throws ConnectorFailure {
        UserSecret s = UserSecret.parse(secret("bob", "pw", null));
        assertThat(s.username()).isEqualTo("bob");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.privateKey()).isNull();
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void privateKeysInLegacyPemAsAwsAsksAndInPkcs8AndOpenSshForms() throws ConnectorFailure {
        assertThat(secret("alice", null, Keys.legacyPem(RSA))).contains("\\n");
        for (KeyPair pair : new KeyPair[] {RSA, EC}) {
            for (String text : new String[] {Keys.legacyPem(pair), Keys.pkcs8Pem(pair), SshKeys.privateKeyText(pair)}) {
                String form = pair.getPrivate().getAlgorithm() + " " + text.lines().findFirst().orElseThrow();
                assertThatCode(() -> UserSecret.parse(secret("alice", null, text))).as(form).doesNotThrowAnyException();
                UserSecret s = UserSecret.parse(secret("alice", null, text));
                assertThat(s.privateKey().getPublic()).as(form).isEqualTo(pair.getPublic());
                assertThat(s.password()).isNull();
            }
        }
        UserSecret both = UserSecret.parse(secret("alice", "pw", Keys.legacyPem(RSA)));
        assertThat(both.password()).isEqualTo("pw");
        assertThat(both.privateKey()).isNotNull();
    }

    @Test
    void aSecretWithoutUserOrCredentialsIsRefusedWithoutShowingIt() {
        expect("not json", "Unable to access secrets manager: the secret is not a JSON object.");
        expect("[1]", "Unable to access secrets manager: the secret is not a JSON object.");
        expect(secret(null, "pw", null), "Unable to access secrets manager: the secret has no Username.");
        expect(secret("bob", null, null), "Private key not found: the secret holds neither a PrivateKey nor a Password.");
        expect(secret("bob", "", ""), "Private key not found: the secret holds neither a PrivateKey nor a Password.");
        expect(secret("bob", "pw", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
                "Private key not found: the secret's PrivateKey is not an unencrypted private key in PEM format.");
    }

    private static void expect(String secretString, String message) {
        assertThatThrownBy(() -> UserSecret.parse(secretString)).isInstanceOfSatisfying(ConnectorFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ConnectorFailure.Code.SECRET_ERROR);
            assertThat(f.getMessage()).startsWith(message).doesNotContain("pw");
        });
    }
}
