package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_RESOURCE;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shapes a Task's Resource may take: a Lambda function ARN, an activity ARN, or a service
 * integration ("arn:aws:states:::service:action", optionally ".sync", ".sync:2" or
 * ".waitForTaskToken"). EXPRESS state machines refuse the ".sync" and ".waitForTaskToken" patterns.
 */
final class Resources {
    private static final Pattern ARN = Pattern.compile("arn:[^:]+:[^:]+:[^:]*:[^:]*:.+", Pattern.DOTALL);
    private static final Pattern INTEGRATION = Pattern.compile(
            "[a-z0-9-]+:[A-Za-z0-9:_-]+(\\.sync(:2)?|\\.waitForTaskToken)?");
    private static final Pattern FUNCTION = Pattern.compile("function:[^:]+(:[^:]+)?");
    private static final Pattern ACTIVITY = Pattern.compile("activity:[^:]+");

    private Resources() {}

    /** Reports what is wrong with the resource, at {@code location}; nothing when it is valid. */
    static void check(String resource, boolean express, String location, List<Diagnostic> sink) {
        if (!ARN.matcher(resource).matches()) {
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Value is not a valid resource ARN", location));
            return;
        }
        if (!isTaskResource(resource.split(":", 6))) {
            sink.add(Diagnostic.error(INVALID_RESOURCE, "Resource '" + resource
                    + "' is not a Lambda function, an activity or a service integration", location));
            return;
        }
        if (express) {
            checkExpress(resource, location, sink);
        }
    }

    private static boolean isTaskResource(String[] arn) {
        String service = arn[2];
        boolean regional = !arn[3].isEmpty() || !arn[4].isEmpty();
        String rest = arn[5];
        return switch (service) {
            case "lambda" -> regional && FUNCTION.matcher(rest).matches();
            case "states" -> regional ? ACTIVITY.matcher(rest).matches() : INTEGRATION.matcher(rest).matches();
            default -> false;
        };
    }

    private static void checkExpress(String resource, String location, List<Diagnostic> sink) {
        String pattern = resource.endsWith(".waitForTaskToken") ? ".waitForTaskToken"
                : resource.endsWith(".sync") || resource.endsWith(".sync:2") ? ".sync" : null;
        if (pattern != null) {
            // AWS's message ends with a space
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                    "Express state machine does not support '" + pattern + "' service integration ", location));
        }
    }
}
