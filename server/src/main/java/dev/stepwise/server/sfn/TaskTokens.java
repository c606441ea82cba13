package dev.stepwise.server.sfn;

import dev.stepwise.server.http.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Task tokens as the API hands them out: an encoding of the engine's task id, which names the
 * execution ("&lt;executionArn&gt;#&lt;n&gt;…"). A token that does not decode is InvalidToken.
 */
final class TaskTokens {
    private TaskTokens() {}

    static String token(String taskId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(taskId.getBytes(StandardCharsets.UTF_8));
    }

    static String taskId(String token) {
        try {
            String taskId = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (taskId.startsWith("arn:") && taskId.indexOf('#') > 0) {
                return taskId;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'");
    }

    static String executionArn(String taskId) {
        return taskId.substring(0, taskId.indexOf('#'));
    }
}
