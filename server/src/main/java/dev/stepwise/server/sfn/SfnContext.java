package dev.stepwise.server.sfn;

import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Store;
import dev.stepwise.server.http.PageTokens;
import java.time.Clock;

/** What the Step Functions operations share: the store, the runtime, the clock and the account's coordinates. */
record SfnContext(Store store, ExecutionRuntime runtime, Clock clock, PageTokens tokens, String region,
                  String account) {

    String stateMachineArn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    String executionArn(String stateMachineName, String name) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + stateMachineName + ":" + name;
    }

    String expressExecutionArn(String stateMachineName, String name) {
        return "arn:aws:states:" + region + ":" + account + ":express:" + stateMachineName + ":" + name;
    }

    String activityArn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":activity:" + name;
    }
}
