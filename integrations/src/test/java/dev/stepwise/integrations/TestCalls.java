package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
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
        ServiceResource parsed = ServiceResource.parse(resource);
        if (parsed == null) {
            throw new IllegalArgumentException("not an integration resource: " + resource);
        }
        String taskId = "task-" + IDS.incrementAndGet();
        return new TaskCall(EXECUTION, new Command.StartTask(taskId, "Call", resource, parameters, null, null),
                parsed);
    }
}
