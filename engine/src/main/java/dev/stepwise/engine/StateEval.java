package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.RandomSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation context of a state's field: {@code $} is the document the field applies to,
 * {@code $$} the context object (built only when read), variables are the frame's scopes.
 */
final class StateEval implements EvalContext {
    private final Frame frame;
    private final JsonNode input;
    private final RandomSource random;
    private JsonNode result = MissingNode.getInstance();
    private JsonNode errorOutput = MissingNode.getInstance();
    private JsonNode mapItemIndex;
    private JsonNode mapItemValue;
    private JsonNode context;

    StateEval(Frame frame, JsonNode input, RandomSource random) {
        this.frame = frame;
        this.input = input;
        this.random = random;
    }

    StateEval withResult(JsonNode value) {
        this.result = value;
        return this;
    }

    StateEval withErrorOutput(JsonNode value) {
        this.errorOutput = value;
        return this;
    }

    StateEval withMapItem(JsonNode index, JsonNode value) {
        this.mapItemIndex = index;
        this.mapItemValue = value;
        this.context = null;
        return this;
    }

    @Override
    public JsonNode input() {
        return input;
    }

    @Override
    public JsonNode context() {
        if (context == null) {
            context = ContextObject.build(frame, mapItemIndex, mapItemValue);
        }
        return context;
    }

    @Override
    public JsonNode variable(String name) {
        return frame.variables.get(name);
    }

    @Override
    public Map<String, JsonNode> variables() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        java.util.ArrayDeque<Variables> scopes = new java.util.ArrayDeque<>();
        for (Variables s = frame.variables; s != null; s = s.outer()) {
            scopes.push(s);
        }
        for (Variables s : scopes) {
            all.putAll(s.own());
        }
        return all;
    }

    @Override
    public RandomSource random() {
        return random;
    }

    @Override
    public JsonNode result() {
        return result;
    }

    @Override
    public JsonNode errorOutput() {
        return errorOutput;
    }
}
