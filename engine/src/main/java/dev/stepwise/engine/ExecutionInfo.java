package dev.stepwise.engine;

import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.history.Payload;
import java.time.Instant;

/**
 * What identifies an execution and never changes while it runs: the names and ARNs the context
 * object and the history show, the role, and the input as the caller sent it.
 */
public record ExecutionInfo(String executionArn, String name, String stateMachineArn, String stateMachineName,
                            String roleArn, Instant startTime, Payload input, String stateMachineAliasArn,
                            String stateMachineVersionArn, int redriveCount) {

    /** The ARN prefix shared by the account's resources: "arn:aws:states:{region}:{account}:" ("" for no ARN). */
    public String arnPrefix() {
        return Arn.parse(stateMachineArn).map(Arn::prefix).orElse("");
    }
}
