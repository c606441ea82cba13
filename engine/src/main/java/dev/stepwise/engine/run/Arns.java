package dev.stepwise.engine.run;

import dev.stepwise.asl.resource.Arn;

/** The ARNs of Step Functions resources, as AWS forms them, for runs in process. */
public final class Arns {
    private Arns() {}

    public static String stateMachine(String region, String account, String name) {
        return new Arn("aws", "states", region, account, "stateMachine:" + name).toString();
    }

    public static String execution(String region, String account, String stateMachineName, String name) {
        return new Arn("aws", "states", region, account, "execution:" + stateMachineName + ":" + name).toString();
    }
}
