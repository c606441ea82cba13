package dev.stepwise.engine;

import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;

/**
 * How a Task's Resource is recorded in history: an activity, a Lambda function ARN, or a service
 * integration ("arn:aws:states:::lambda:invoke" has resource type "lambda" and resource "invoke").
 */
record TaskResourceKind(Family family, String resourceType, String resource) {

    enum Family { ACTIVITY, LAMBDA, SERVICE }

    static TaskResourceKind of(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length >= 6 && "states".equals(parts[2]) && parts[5].equals("activity")) {
            return new TaskResourceKind(Family.ACTIVITY, null, arn);
        }
        if (parts.length >= 6 && "lambda".equals(parts[2]) && parts[5].equals("function")) {
            return new TaskResourceKind(Family.LAMBDA, null, arn);
        }
        if (arn.startsWith("arn:") && parts.length >= 7 && "states".equals(parts[2])) {
            // arn:aws:states:::service:action  or  arn:aws:states:::aws-sdk:service:action
            String rest = parts[5] + ":" + parts[6];
            // the ".sync:2" pattern holds a colon of its own
            int cut = rest.endsWith(".sync:2") ? rest.lastIndexOf(':', rest.length() - 3) : rest.lastIndexOf(':');
            return new TaskResourceKind(Family.SERVICE, rest.substring(0, cut), rest.substring(cut + 1));
        }
        return new TaskResourceKind(Family.SERVICE, "unknown", arn);
    }

    /** Details carrying the resource as this family records it on every task event. */
    EventDetails.Builder details() {
        return family == Family.SERVICE ? EventDetails.builder().resourceType(resourceType).resource(resource)
                : EventDetails.builder();
    }

    EventType scheduled() {
        return switch (family) {
            case ACTIVITY -> EventType.ActivityScheduled;
            case LAMBDA -> EventType.LambdaFunctionScheduled;
            case SERVICE -> EventType.TaskScheduled;
        };
    }

    EventType started() {
        return switch (family) {
            case ACTIVITY -> EventType.ActivityStarted;
            case LAMBDA -> EventType.LambdaFunctionStarted;
            case SERVICE -> EventType.TaskStarted;
        };
    }

    EventType succeeded() {
        return switch (family) {
            case ACTIVITY -> EventType.ActivitySucceeded;
            case LAMBDA -> EventType.LambdaFunctionSucceeded;
            case SERVICE -> EventType.TaskSucceeded;
        };
    }

    EventType failed() {
        return switch (family) {
            case ACTIVITY -> EventType.ActivityFailed;
            case LAMBDA -> EventType.LambdaFunctionFailed;
            case SERVICE -> EventType.TaskFailed;
        };
    }

    EventType timedOut() {
        return switch (family) {
            case ACTIVITY -> EventType.ActivityTimedOut;
            case LAMBDA -> EventType.LambdaFunctionTimedOut;
            case SERVICE -> EventType.TaskTimedOut;
        };
    }
}
