package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stepwise.asl.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength and
 * ArrayUnique. Rules from AWS's "Intrinsics for arrays"; results hold the argument's own element
 * nodes (never modified) in new arrays.
 */
final class ArrayFunctions {
    /** "The new array can contain up to 1000 elements." (States.ArrayRange) */
    static final int MAX_RANGE = 1000;

    private ArrayFunctions() {}

    /** The arguments, in order; zero arguments give []. */
    static JsonNode array(Invocation call) {
        ArrayNode out = Json.array();
        for (int i = 0; i < call.size(); i++) {
            out.add(call.value(i));
        }
        return out;
    }

    /**
     * Chunks of the given size, the last one possibly shorter; [] for []. The chunk size must be a
     * "non-zero, positive integer" (fractions are cut, see {@link Invocation#truncatedInt}).
     */
    static JsonNode arrayPartition(Invocation call) {
        ArrayNode array = call.array(0);
        int size = call.truncatedInt(1);
        if (size <= 0) {
            throw call.invalid();
        }
        ArrayNode out = Json.array();
        for (long start = 0; start < array.size(); start += size) {
            int end = (int) Math.min(array.size(), start + size);
            ArrayNode chunk = Json.array();
            for (int i = (int) start; i < end; i++) {
                chunk.add(array.get(i));
            }
            out.add(chunk);
        }
        return out;
    }

    /** Whether the array holds a value equal to the second argument (any JSON value, null included). */
    static JsonNode arrayContains(Invocation call) {
        ArrayNode array = call.array(0);
        String wanted = JsonValues.key(call.value(1));
        for (JsonNode item : array) {
            if (JsonValues.key(item).equals(wanted)) {
                return Json.NODES.booleanNode(true);
            }
        }
        return Json.NODES.booleanNode(false);
    }

    /**
     * start, start + step, … up to and including end when a step lands on it ((0, 10, 3) gives
     * [0, 3, 6, 9], as AWS recorded); a step pointing away from end gives []. The step must not be
     * zero and the result must not exceed 1000 items.
     */
    static JsonNode arrayRange(Invocation call) {
        int start = call.truncatedInt(0);
        int end = call.truncatedInt(1);
        int step = call.truncatedInt(2);
        if (step == 0) {
            throw call.invalid();
        }
        long distance = (long) end - start;
        long count = (distance == 0 || (distance > 0) == (step > 0)) ? distance / step + 1 : 0;
        if (count > MAX_RANGE) {
            throw call.invalid();
        }
        ArrayNode out = Json.array();
        for (long i = 0; i < count; i++) {
            out.add((int) (start + i * step));
        }
        return out;
    }

    /** The item at a zero-based index; an index outside the array is invalid. */
    static JsonNode arrayGetItem(Invocation call) {
        ArrayNode array = call.array(0);
        int index = call.truncatedInt(1);
        if (index < 0 || index >= array.size()) {
            throw call.invalid();
        }
        return array.get(index);
    }

    static JsonNode arrayLength(Invocation call) {
        return Json.NODES.numberNode(call.array(0).size());
    }

    /** The first occurrence of each distinct value, in array order ([1,2,3,3,4] gives [1,2,3,4]). */
    static JsonNode arrayUnique(Invocation call) {
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        for (JsonNode item : call.array(0)) {
            seen.putIfAbsent(JsonValues.key(item), item);
        }
        ArrayNode out = Json.array();
        seen.values().forEach(out::add);
        return out;
    }
}
