package dev.stepwise.sfn;

import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;

/** Task tokens at the API: {@link dev.stepwise.engine.TaskTokens}, with InvalidToken for one that does not decode. */
final class TaskTokens {
    private TaskTokens() {}

    static String token(String taskId) {
        return dev.stepwise.engine.TaskTokens.token(taskId);
    }

    /** The task a token of the caller's names; InvalidToken for one that does not decode or is another's. */
    static String taskId(Caller caller, String token) {
        String taskId = dev.stepwise.engine.TaskTokens.taskId(token).orElseThrow(TaskTokens::invalid);
        if (!ResourceArn.parse(executionArn(taskId), "execution", "express").ownedBy(caller)) {
            throw invalid();
        }
        return taskId;
    }

    private static ServiceException invalid() {
        return ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'");
    }

    static String executionArn(String taskId) {
        return dev.stepwise.engine.TaskTokens.executionArn(taskId);
    }
}
