package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 18 intrinsic functions, keyed by name, with the number of arguments each takes. The counts
 * follow AWS's "Intrinsic functions for JSONPath states in Step Functions" page; States.Array takes
 * zero or more, States.Format one or more, States.MathRandom two or three (the seed is optional).
 */
final class IntrinsicFunctions {
    static final int UNBOUNDED = Integer.MAX_VALUE;

    @FunctionalInterface
    interface Body {
        JsonNode apply(Invocation call);
    }

    record Signature(String name, int minArgs, int maxArgs, Body body) {
        /** "takes 3 arguments", "takes 2 or 3 arguments", "takes at least 1 argument". */
        String arity() {
            if (maxArgs == UNBOUNDED) {
                return "takes at least " + plural(minArgs);
            }
            if (minArgs == maxArgs) {
                return "takes " + plural(minArgs);
            }
            return "takes " + minArgs + (maxArgs == minArgs + 1 ? " or " : " to ") + plural(maxArgs);
        }

        private static String plural(int n) {
            return n + (n == 1 ? " argument" : " arguments");
        }
    }

    private static final Map<String, Signature> TABLE = new TreeMap<>();

    static {
        add("States.Format", 1, UNBOUNDED, StringFunctions::format);
        add("States.StringToJson", 1, 1, JsonFunctions::stringToJson);
        add("States.JsonToString", 1, 1, JsonFunctions::jsonToString);
        add("States.Array", 0, UNBOUNDED, ArrayFunctions::array);
        add("States.ArrayPartition", 2, 2, ArrayFunctions::arrayPartition);
        add("States.ArrayContains", 2, 2, ArrayFunctions::arrayContains);
        add("States.ArrayRange", 3, 3, ArrayFunctions::arrayRange);
        add("States.ArrayGetItem", 2, 2, ArrayFunctions::arrayGetItem);
        add("States.ArrayLength", 1, 1, ArrayFunctions::arrayLength);
        add("States.ArrayUnique", 1, 1, ArrayFunctions::arrayUnique);
        add("States.Base64Encode", 1, 1, EncodingFunctions::base64Encode);
        add("States.Base64Decode", 1, 1, EncodingFunctions::base64Decode);
        add("States.Hash", 2, 2, EncodingFunctions::hash);
        add("States.JsonMerge", 3, 3, JsonFunctions::jsonMerge);
        add("States.MathRandom", 2, 3, MathFunctions::mathRandom);
        add("States.MathAdd", 2, 2, MathFunctions::mathAdd);
        add("States.StringSplit", 2, 2, StringFunctions::stringSplit);
        add("States.UUID", 0, 0, StringFunctions::uuid);
    }

    private IntrinsicFunctions() {}

    private static void add(String name, int minArgs, int maxArgs, Body body) {
        TABLE.put(name, new Signature(name, minArgs, maxArgs, body));
    }

    /** The function of that name, or null. */
    static Signature lookup(String name) {
        return TABLE.get(name);
    }

    static int count() {
        return TABLE.size();
    }
}
