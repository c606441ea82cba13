package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import dev.stepwise.asl.resource.Arn;
import dev.stepwise.asl.resource.IntegrationCatalog;
import dev.stepwise.asl.resource.TaskResource;
import java.util.List;

/**
 * Checks a Task's Resource through {@link TaskResource#parse}: it must be an ARN, and one of a
 * Lambda function, an activity or a service integration Step Functions recognises (an
 * {@link IntegrationCatalog} action with a pattern it supports). EXPRESS state machines refuse
 * activities and the ".sync", ".sync:2" and ".waitForTaskToken" patterns.
 */
final class Resources {

    private Resources() {}

    /**
     * Parses the resource, reporting what is wrong with it at {@code location} (nothing when it is
     * valid); with {@code anyIntegration}, a service integration of the right shape is valid whether
     * or not the catalog recognises it.
     */
    static TaskResource check(String resource, boolean express, boolean anyIntegration, String location,
                              List<Diagnostic> sink) {
        TaskResource parsed = TaskResource.parse(resource);
        if (Arn.parse(resource).isEmpty()) {
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Value is not a valid resource ARN", location));
        } else if (parsed instanceof TaskResource.Unknown
                || parsed instanceof TaskResource.ServiceIntegration s && !anyIntegration
                && !IntegrationCatalog.recognises(s)) {
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "The resource provided " + resource
                    + " is not recognized. The value is not a valid resource ARN, or the resource is not available "
                    + "in this region.", location));
        } else if (express && parsed instanceof TaskResource.Activity) {
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Express state machine does not support Activity ARN",
                    location));
        } else if (express && parsed instanceof TaskResource.ServiceIntegration s
                && s.pattern() != TaskResource.Pattern.REQUEST_RESPONSE) {
            String pattern = s.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN ? ".waitForTaskToken" : ".sync";
            // AWS's message ends with a space
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                    "Express state machine does not support '" + pattern + "' service integration ", location));
        }
        return parsed;
    }
}
