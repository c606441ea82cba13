package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.util.Random;

/** States.MathRandom and States.MathAdd ("Intrinsics for Math operations"). */
final class MathFunctions {
    private MathFunctions() {}

    /**
     * "a random number between the specified start number (inclusive) and end number
     * (exclusive)"; start must be below end (AWS fails MathRandom(1, 1) and MathRandom(10, 5)).
     * With a seed the number comes from {@code new java.util.Random(seed)}, so the same seed always
     * gives the same number; without one from the injected random source.
     */
    static JsonNode mathRandom(Invocation call) {
        int start = call.truncatedInt(0);
        int end = call.truncatedInt(1);
        if (start >= end) {
            throw call.invalid();
        }
        double unit = call.size() == 3
                ? new Random(call.truncatedLong(2)).nextDouble()
                : call.ctx().random().nextDouble();
        long span = (long) end - start;
        long value = Math.min(start + (long) Math.floor(unit * span), end - 1L);
        return Json.NODES.numberNode((int) value);
    }

    /** The sum of the two arguments, each rounded first (see {@link Invocation#roundedInt}); it must fit an int. */
    static JsonNode mathAdd(Invocation call) {
        long sum = (long) call.roundedInt(0) + call.roundedInt(1);
        if (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE) {
            throw call.invalid();
        }
        return Json.NODES.numberNode((int) sum);
    }
}
