package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documents a state's data flow produced, stage by stage ("afterInputPath", "afterParameters",
 * "afterArguments", "result", "afterResultSelector", "afterResultPath"), as TestState's inspection
 * data shows them. Recorded only when a state runs under TestState; a later value of a stage
 * replaces an earlier one.
 */
final class DataFlowTrace {
    private final Map<String, JsonNode> stages = new LinkedHashMap<>();

    void record(String stage, JsonNode value) {
        stages.put(stage, value);
    }

    /** The value recorded for {@code stage}, or null. */
    JsonNode get(String stage) {
        return stages.get(stage);
    }

    /** Records {@code value} for the frame's execution when that execution is traced. */
    static void record(Frame f, String stage, JsonNode value) {
        DataFlowTrace trace = f.execution.trace;
        if (trace != null) {
            trace.record(stage, value);
        }
    }
}
