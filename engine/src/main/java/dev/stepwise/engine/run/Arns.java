package dev.stepwise.engine.run;

/** The ARNs of Step Functions resources, as AWS forms them. */
public final class Arns {
    private Arns() {}

    public static String stateMachine(String region, String account, String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    public static String execution(String region, String account, String stateMachineName, String name) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + stateMachineName + ":" + name;
    }
}
