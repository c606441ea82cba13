package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.TaskResource;

/**
 * Carries out the Task states of one family of resources. Calls run on a virtual thread of their
 * own and may block; {@link Integrations} records what they return as the integration pattern
 * says: the response ends the task (request-response), or is recorded as TaskSubmitted while a
 * callback ({@code .waitForTaskToken}) or the job's end ({@code .sync}, {@link #awaitJob}) is
 * awaited. A failed call throws {@link IntegrationException} with the error Step Functions records.
 */
public interface Integration {

    /** Whether this integration carries out {@code resource}. */
    boolean handles(TaskResource.Integrated resource);

    /** Whether the integration supports the pattern (request-response and callbacks by default). */
    default boolean supports(TaskResource.Pattern pattern) {
        return pattern == TaskResource.Pattern.REQUEST_RESPONSE
                || pattern == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;
    }

    /** Makes the call and answers with its response, shaped as Step Functions records it. */
    JsonNode call(TaskCall call) throws IntegrationException, InterruptedException;

    /**
     * For {@code .sync}: waits for the job that {@link #call} started ({@code submitted} is its
     * response) to end, and answers with the task's output. Also called after a restart, so it must
     * work from {@code submitted} alone.
     */
    default JsonNode awaitJob(TaskCall call, JsonNode submitted) throws IntegrationException, InterruptedException {
        throw new IntegrationException("States.Runtime", call.resource().display() + " has no .sync pattern.");
    }
}
