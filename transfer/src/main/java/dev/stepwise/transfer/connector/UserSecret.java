package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;

/**
 * The remote user's credentials as a connector's secret holds them (SecretString):
 * {@code {"Username": "…", "Password": "…", "PrivateKey": "-----BEGIN RSA PRIVATE KEY-----\n…"}},
 * a user name and a password, a private key, or both. AWS takes unencrypted private keys in PEM
 * (PKCS#1 RSA or SEC1 EC); this face also reads PKCS#8 PEM (an EC key as OpenSSL writes it, with its
 * public key) and OpenSSH keys. Never logged: a
 * failure names what is wrong, not the values.
 */
public record UserSecret(String username, String password, KeyPair privateKey) {

    private static final String FORMAT_HINT = " Verify that the secret exists and is formatted correctly.";

    /** The credentials in {@code secretString}; SECRET_ERROR when it holds none. */
    public static UserSecret parse(String secretString) throws ConnectorFailure {
        JsonNode o;
        try {
            o = Json.parse(secretString);
        } catch (Exception e) {
            throw failure("Unable to access secrets manager: the secret is not a JSON object." + FORMAT_HINT);
        }
        if (o == null || !o.isObject()) {
            throw failure("Unable to access secrets manager: the secret is not a JSON object." + FORMAT_HINT);
        }
        String username = text(o, "Username");
        if (username == null || username.isEmpty()) {
            throw failure("Unable to access secrets manager: the secret has no Username." + FORMAT_HINT);
        }
        String password = text(o, "Password");
        String keyText = text(o, "PrivateKey");
        KeyPair key = null;
        if (keyText != null && !keyText.isBlank()) {
            key = SshKeys.parsePrivateKey(keyText).orElseThrow(() -> failure("Private key not found: the secret's "
                    + "PrivateKey is not an unencrypted private key in PEM format." + FORMAT_HINT));
        }
        if (key == null && (password == null || password.isEmpty())) {
            throw failure("Private key not found: the secret holds neither a PrivateKey nor a Password."
                    + FORMAT_HINT);
        }
        return new UserSecret(username, password == null || password.isEmpty() ? null : password, key);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static ConnectorFailure failure(String message) {
        return new ConnectorFailure(ConnectorFailure.Code.SECRET_ERROR, message);
    }

    /** Keeps the password and key out of logs and test output. */
    @Override
    public String toString() {
        return "UserSecret[username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", privateKey=" + (privateKey == null ? "none" : "***") + "]";
    }
}
