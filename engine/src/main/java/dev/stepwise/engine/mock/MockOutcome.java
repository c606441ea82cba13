package dev.stepwise.engine.mock;

import com.fasterxml.jackson.databind.JsonNode;

/** What one mocked invocation of a Task does: return a result, or fail with an error. */
public sealed interface MockOutcome {

    /** {"Return": value}: the task succeeds with {@code value}, any JSON value, as its result. */
    record Return(JsonNode value) implements MockOutcome {}

    /** {"Throw": {"Error": …, "Cause": …}}: the task fails; Retry and Catch see {@code error}. */
    record Throw(String error, String cause) implements MockOutcome {}
}
