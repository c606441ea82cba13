package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.ReferencePath;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;
import java.util.List;

/**
 * The JSONPath data flow shared by the state handlers: InputPath and OutputPath select, ResultPath
 * places a result into the raw state input. Failures are raised as evaluation exceptions, which
 * the interpreter turns into the state's failure.
 */
final class DataFlow {
    private DataFlow() {}

    /** InputPath or OutputPath: null gives {}, "$" gives the document itself. */
    static JsonNode select(PathField field, String fieldName, JsonNode document, EvalContext ctx) {
        if (field.isRoot()) {
            return document;
        }
        if (field.isNull()) {
            return Json.object();
        }
        JsonPathExpr path = field.path();
        JsonNode value = path.root() == JsonPathExpr.Root.INPUT ? path.read(document) : ctx.read(path);
        if (value.isMissingNode()) {
            throw Failure.of(StatesErrors.RUNTIME, "Invalid path '" + path.text() + "' : No results for path: "
                    + path.rendered()).raise();
        }
        return value;
    }

    /**
     * ResultPath: the raw input with {@code result} placed at the path (created as needed). Only the
     * objects along the path are copied; the rest is shared, which is safe because trees are never
     * mutated once built.
     */
    static JsonNode place(PathField field, JsonNode rawInput, JsonNode result) {
        if (field.isRoot()) {
            return result;
        }
        if (field.isNull()) {
            return rawInput;
        }
        List<Object> steps = ReferencePath.steps(field.path().text());
        if (steps.isEmpty()) {
            return result;
        }
        return placeAt(rawInput, steps, 0, result, field.path().text());
    }

    private static JsonNode placeAt(JsonNode node, List<Object> steps, int i, JsonNode value, String path) {
        Object step = steps.get(i);
        boolean last = i == steps.size() - 1;
        if (step instanceof String member) {
            ObjectNode copy;
            if (node == null || node.isMissingNode() || node.isNull()) {
                copy = Json.object();
            } else if (node.isObject()) {
                copy = Json.object().setAll((ObjectNode) node);
            } else {
                throw resultPathFailure(path, node);
            }
            copy.set(member, last ? value : placeAt(copy.get(member), steps, i + 1, value, path));
            return copy;
        }
        int index = (Integer) step;
        if (node == null || !node.isArray() || index >= node.size()) {
            throw resultPathFailure(path, node);
        }
        ArrayNode copy = Json.array().addAll((ArrayNode) node);
        copy.set(index, last ? value : placeAt(copy.get(index), steps, i + 1, value, path));
        return copy;
    }

    private static RuntimeException resultPathFailure(String path, JsonNode node) {
        return Failure.of(StatesErrors.RESULT_PATH_MATCH_FAILURE, "Unable to apply ReferencePath " + path
                + " to input " + (node == null ? "null" : Json.write(node))).raise();
    }
}
