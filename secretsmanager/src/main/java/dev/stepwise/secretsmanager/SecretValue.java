package dev.stepwise.secretsmanager;

import java.util.Arrays;
import java.util.Base64;

/**
 * The value of a secret version: a SecretString or a SecretBinary, never both. Its text form hides
 * the value, so a value that reaches a log by mistake still says nothing.
 */
record SecretValue(String string, byte[] binary) {

    static SecretValue ofString(String s) {
        return new SecretValue(s, null);
    }

    static SecretValue ofBinary(byte[] b) {
        return new SecretValue(null, b.clone());
    }

    /** The value as a version's body stores it: the text, or the bytes in base64. */
    String binaryBase64() {
        return binary == null ? null : Base64.getEncoder().encodeToString(binary);
    }

    /** Whether {@code other} holds the same text or the same bytes (what makes a retried write a repeat). */
    boolean sameAs(SecretValue other) {
        return java.util.Objects.equals(string, other.string) && Arrays.equals(binary, other.binary);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && sameAs(other);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(string, Arrays.hashCode(binary));
    }

    @Override
    public String toString() {
        return binary == null ? "SecretValue[string, hidden]" : "SecretValue[binary, hidden]";
    }
}
