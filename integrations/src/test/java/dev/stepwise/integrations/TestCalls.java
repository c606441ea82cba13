package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import java.util.concurrent.atomic.AtomicLong;

/** Task calls as the engine hands them to an integration. */
final class TestCalls {
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:Machine:run-1";
    private static final AtomicLong IDS = new AtomicLong();

    private TestCalls() {}

    static TaskCall call(String resource, String parametersJson) throws JsonProcessingException {
        return call(resource, Json.parse(parametersJson));
    }

    static TaskCall call(String resource, JsonNode parameters) {
        TaskResource.Integrated parsed = integrated(resource);
        String taskId = "task-" + IDS.incrementAndGet();
        return new TaskCall(EXECUTION, new Command.StartTask(taskId, "token-of-" + taskId, "Call", parsed, parameters, null,
                null, 0),
                parsed);
    }

    /** The resource an integration carries out. */
    static TaskResource.Integrated integrated(String resource) {
        if (TaskResource.parse(resource) instanceof TaskResource.Integrated parsed) {
            return parsed;
        }
        throw new IllegalArgumentException("not an integration resource: " + resource);
    }
}
