package dev.stepwise.sfn;

import dev.stepwise.api.Caller;
import dev.stepwise.api.ServiceException;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import java.util.Optional;

/**
 * Task tokens at the API: a token signed with the store's key names the caller's task; an unsigned
 * one (handed out before tokens were signed) only a task of an execution stored then. Anything
 * else, or another account's or region's task, is InvalidToken.
 */
final class TaskTokens {
    private final dev.stepwise.engine.TaskTokens signed;
    private final ExecutionLog executions;

    TaskTokens(dev.stepwise.engine.TaskTokens signed, ExecutionLog executions) {
        this.signed = signed;
        this.executions = executions;
    }

    /** The task a token of the caller's names; InvalidToken for one that is forged, altered or another's. */
    String taskId(Caller caller, String token) {
        Optional<String> taskId = signed.verify(token);
        if (taskId.isEmpty()) {
            taskId = dev.stepwise.engine.TaskTokens.unsigned(token).filter(id -> executions.execution(executionArn(id))
                    .map(e -> e.tokenFormat() == ExecutionRecord.UNSIGNED_TOKENS).orElse(false));
        }
        String id = taskId.orElseThrow(TaskTokens::invalid);
        if (!ResourceArn.parse(executionArn(id), "execution", "express").ownedBy(caller)) {
            throw invalid();
        }
        return id;
    }

    static String executionArn(String taskId) {
        return dev.stepwise.engine.TaskTokens.executionArn(taskId);
    }

    private static ServiceException invalid() {
        return ServiceException.sfn("InvalidToken", "Invalid Token: 'Invalid token'");
    }
}
