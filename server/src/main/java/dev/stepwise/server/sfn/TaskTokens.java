package dev.stepwise.server.sfn;

import dev.stepwise.server.http.ServiceException;

/** Task tokens at the API: {@link dev.stepwise.engine.TaskTokens}, with InvalidToken for one that does not decode. */
final class TaskTokens {
    private TaskTokens() {}

    static String token(String taskId) {
        return dev.stepwise.engine.TaskTokens.token(taskId);
    }

    static String taskId(String token) {
        return dev.stepwise.engine.TaskTokens.taskId(token).orElseThrow(
                () -> ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'"));
    }

    static String executionArn(String taskId) {
        return dev.stepwise.engine.TaskTokens.executionArn(taskId);
    }
}
