package dev.stepwise.integrations;

/**
 * A Task's Resource, parsed: a Lambda function ARN ({@code arn:aws:lambda:…:function:name}), an
 * optimised integration ({@code arn:aws:states:::lambda:invoke}) or an AWS SDK integration
 * ({@code arn:aws:states:::aws-sdk:dynamodb:putItem}), each optionally with an integration
 * pattern suffix ({@code .sync}, {@code .sync:2}, {@code .waitForTaskToken}).
 *
 * @param service "lambda", "states", "http", "dynamodb", … (for aws-sdk: the SDK service name)
 * @param action the API action as written ("invoke", "startExecution", "putItem")
 * @param sdk whether it is an {@code aws-sdk:} integration
 * @param functionArn for a bare Lambda function ARN, the ARN; otherwise null
 */
public record ServiceResource(String arn, String service, String action, boolean sdk, Pattern pattern,
                              String functionArn) {

    /** How Step Functions waits for the call: its answer, the job's end, or a callback. */
    public enum Pattern { REQUEST_RESPONSE, SYNC, SYNC2, WAIT_FOR_TASK_TOKEN }

    /** The resource, or null when it is not an integration (an activity ARN, anything else). */
    public static ServiceResource parse(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return null;
        }
        if (parts[2].equals("lambda") && parts[5].startsWith("function")) {
            return new ServiceResource(arn, "lambda", "invoke", false, Pattern.REQUEST_RESPONSE, arn);
        }
        if (!parts[2].equals("states") || parts.length < 7 || !parts[3].isEmpty() || !parts[4].isEmpty()) {
            return null;
        }
        String rest = parts[5] + ":" + parts[6];
        Pattern pattern = Pattern.REQUEST_RESPONSE;
        if (rest.endsWith(".waitForTaskToken")) {
            pattern = Pattern.WAIT_FOR_TASK_TOKEN;
            rest = rest.substring(0, rest.length() - ".waitForTaskToken".length());
        } else if (rest.endsWith(".sync:2")) {
            pattern = Pattern.SYNC2;
            rest = rest.substring(0, rest.length() - ".sync:2".length());
        } else if (rest.endsWith(".sync")) {
            pattern = Pattern.SYNC;
            rest = rest.substring(0, rest.length() - ".sync".length());
        }
        boolean sdk = rest.startsWith("aws-sdk:");
        if (sdk) {
            rest = rest.substring("aws-sdk:".length());
        }
        int cut = rest.indexOf(':');
        if (cut <= 0 || cut == rest.length() - 1) {
            return null;
        }
        return new ServiceResource(arn, rest.substring(0, cut), rest.substring(cut + 1), sdk, pattern, null);
    }

    /** The API operation the action names: "putItem" is PutItem. */
    public String operation() {
        return Character.toUpperCase(action.charAt(0)) + action.substring(1);
    }

    /** How the resource is named in errors and logs: "lambda:invoke", "aws-sdk:dynamodb:putItem". */
    public String display() {
        return functionArn != null ? functionArn : (sdk ? "aws-sdk:" : "") + service + ":" + action;
    }
}
