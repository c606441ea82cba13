package dev.stepwise.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Task tokens as workers and callbacks see them ({@code $$.Task.Token}, GetActivityTask): the
 * engine's task id, which names its execution ("&lt;executionArn&gt;#&lt;n&gt;"), and an HMAC of it
 * under a key kept in the store, so that a token can be neither forged nor altered. Decoding needs
 * no lookup, so a token stays valid across restarts and on every node that shares the store.
 * Executions stored before tokens were signed go on handing out {@link #UNSIGNED} tokens (the task
 * id alone, base64url); the API accepts those for such executions only.
 */
public final class TaskTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** 128 bits of HMAC-SHA256: enough against forgery, and a shorter token. */
    private static final int SIGNATURE_BYTES = 16;

    /** Tokens of executions stored before tokens were signed. */
    public static final TaskTokens UNSIGNED = new TaskTokens(null);
    /** Tokens signed with a key of this process's own, for runs that keep nothing (stepwise run, tests). */
    public static final TaskTokens EPHEMERAL = signed(randomKey());

    private final byte[] key;
    /*
     * An initialised Mac, cloned for each signature: looking a Mac up and initialising it costs far
     * more than a clone, and per-thread copies would be made anew on every virtual thread.
     */
    private final Mac prototype;

    private TaskTokens(byte[] key) {
        this.key = key == null ? null : key.clone();
        this.prototype = key == null ? null : newMac();
    }

    /** Tokens signed with {@code key}. */
    public static TaskTokens signed(byte[] key) {
        return new TaskTokens(key);
    }

    public String token(String taskId) {
        String id = ENCODER.encodeToString(taskId.getBytes(StandardCharsets.UTF_8));
        return key == null ? id : id + "." + ENCODER.encodeToString(sign(taskId));
    }

    /** The task id a token signed with this key names; empty when it is not one, or forged, or altered. */
    public Optional<String> verify(String token) {
        int dot = token.indexOf('.');
        if (key == null || dot <= 0) {
            return Optional.empty();
        }
        Optional<String> taskId = decode(token.substring(0, dot));
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            return taskId.filter(id -> MessageDigest.isEqual(signature, sign(id)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The task id of an unsigned token (see {@link #UNSIGNED}); empty when it is not one. */
    public static Optional<String> unsigned(String token) {
        return token.indexOf('.') >= 0 ? Optional.empty() : decode(token);
    }

    private static Optional<String> decode(String encoded) {
        try {
            String taskId = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
            if (taskId.startsWith("arn:") && taskId.indexOf('#') > 0) {
                return Optional.of(taskId);
            }
        } catch (IllegalArgumentException e) {
            // not base64: not a token
        }
        return Optional.empty();
    }

    /** The execution a task belongs to. */
    public static String executionArn(String taskId) {
        return taskId.substring(0, taskId.indexOf('#'));
    }

    private byte[] sign(String taskId) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return Arrays.copyOf(mac.doFinal(taskId.getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
