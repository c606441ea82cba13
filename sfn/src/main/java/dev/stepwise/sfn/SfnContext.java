package dev.stepwise.sfn;

import dev.stepwise.api.Caller;
import dev.stepwise.api.PageTokens;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.ExecutionLog;
import java.time.Clock;

/**
 * What the Step Functions operations share: the executions, the face's catalog, the runtime, the
 * clock, the page tokens and the task tokens.
 */
record SfnContext(ExecutionLog executions, SfnCatalog catalog, ExecutionRuntime runtime, Clock clock,
                  PageTokens tokens, TaskTokens taskTokens) {

    static String stateMachineArn(Caller caller, String name) {
        return caller.arnPrefix("states") + "stateMachine:" + name;
    }

    static String executionArn(Caller caller, String stateMachineName, String name) {
        return caller.arnPrefix("states") + "execution:" + stateMachineName + ":" + name;
    }

    static String expressExecutionArn(Caller caller, String stateMachineName, String name) {
        return caller.arnPrefix("states") + "express:" + stateMachineName + ":" + name;
    }

    static String activityArn(Caller caller, String name) {
        return caller.arnPrefix("states") + "activity:" + name;
    }
}
