package dev.stepwise.engine;

import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;

/**
 * Which family of history events a Task's resource records: Activity… (activities),
 * LambdaFunction… (function ARNs) or Task… (service integrations, and resources of no family,
 * recorded as resource type "unknown"). A view of the parsed {@link TaskResource}: nothing is
 * parsed here.
 */
enum TaskResourceKind {
    ACTIVITY, LAMBDA, SERVICE;

    static TaskResourceKind of(TaskResource resource) {
        return switch (resource) {
            case TaskResource.Activity a -> ACTIVITY;
            case TaskResource.LambdaFunction f -> LAMBDA;
            case TaskResource.ServiceIntegration s -> SERVICE;
            case TaskResource.Unknown u -> SERVICE;
        };
    }

    /**
     * Details carrying the resource as this family records it on every task event: a service's
     * resourceType and resource ("lambda" and "invoke" for arn:aws:states:::lambda:invoke); nothing
     * for activities and functions.
     */
    static EventDetails.Builder details(TaskResource resource) {
        return switch (resource) {
            case TaskResource.ServiceIntegration s ->
                    EventDetails.builder().resourceType(s.historyType()).resource(s.historyResource());
            case TaskResource.Unknown u -> EventDetails.builder().resourceType("unknown").resource(u.text());
            case TaskResource.Activity a -> EventDetails.builder();
            case TaskResource.LambdaFunction f -> EventDetails.builder();
        };
    }

    EventType scheduled() {
        return switch (this) {
            case ACTIVITY -> EventType.ActivityScheduled;
            case LAMBDA -> EventType.LambdaFunctionScheduled;
            case SERVICE -> EventType.TaskScheduled;
        };
    }

    EventType started() {
        return switch (this) {
            case ACTIVITY -> EventType.ActivityStarted;
            case LAMBDA -> EventType.LambdaFunctionStarted;
            case SERVICE -> EventType.TaskStarted;
        };
    }

    EventType succeeded() {
        return switch (this) {
            case ACTIVITY -> EventType.ActivitySucceeded;
            case LAMBDA -> EventType.LambdaFunctionSucceeded;
            case SERVICE -> EventType.TaskSucceeded;
        };
    }

    EventType failed() {
        return switch (this) {
            case ACTIVITY -> EventType.ActivityFailed;
            case LAMBDA -> EventType.LambdaFunctionFailed;
            case SERVICE -> EventType.TaskFailed;
        };
    }

    EventType timedOut() {
        return switch (this) {
            case ACTIVITY -> EventType.ActivityTimedOut;
            case LAMBDA -> EventType.LambdaFunctionTimedOut;
            case SERVICE -> EventType.TaskTimedOut;
        };
    }
}
