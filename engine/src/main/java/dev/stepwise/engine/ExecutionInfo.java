package dev.stepwise.engine;

import dev.stepwise.engine.history.Payload;
import java.time.Instant;

/**
 * What identifies an execution and never changes while it runs: the names and ARNs the context
 * object and the history show, the role, and the input as the caller sent it.
 */
public record ExecutionInfo(String executionArn, String name, String stateMachineArn, String stateMachineName,
                            String roleArn, Instant startTime, Payload input, String stateMachineAliasArn,
                            String stateMachineVersionArn, int redriveCount) {

    /** The ARN prefix shared by the account's resources: "arn:aws:states:{region}:{account}:". */
    public String arnPrefix() {
        int cut = nthIndexOf(stateMachineArn, ':', 5);
        return cut < 0 ? "" : stateMachineArn.substring(0, cut + 1);
    }

    private static int nthIndexOf(String s, char c, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(c, at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }
}
