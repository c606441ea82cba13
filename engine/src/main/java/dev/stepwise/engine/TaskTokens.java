package dev.stepwise.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Task tokens as workers and callbacks see them ({@code $$.Task.Token}, GetActivityTask): an
 * encoding of the engine's task id, which names its execution ("&lt;executionArn&gt;#&lt;n&gt;").
 * Opaque to clients; decoding needs no lookup, so a token stays valid across restarts.
 */
public final class TaskTokens {
    private TaskTokens() {}

    public static String token(String taskId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(taskId.getBytes(StandardCharsets.UTF_8));
    }

    /** The task id a token encodes, or empty when it is not one of ours. */
    public static Optional<String> taskId(String token) {
        try {
            String taskId = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
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
}
