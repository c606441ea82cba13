package dev.stepwise.asl.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The functions Step Functions adds to JSONata: $partition, $range, $hash, $random, $uuid and
 * $parse. Randomness comes from the execution's random source.
 */
final class AwsFunctions {
    private AwsFunctions() {}

    static void bind(Jsonata.Frame frame, RandomSource random) {
        frame.bind("partition", new Jsonata.JFunction((input, args) -> partition(args), null));
        frame.bind("range", new Jsonata.JFunction((input, args) -> range(args), null));
        frame.bind("hash", new Jsonata.JFunction((input, args) -> hash(args), null));
        frame.bind("random", new Jsonata.JFunction((input, args) -> random(args, random), null));
        frame.bind("uuid", new Jsonata.JFunction((input, args) -> random.uuid().toString(), null));
        frame.bind("parse", new Jsonata.JFunction((input, args) -> parse(args), null));
    }

    private static Object partition(List<?> args) {
        List<?> array = list(arg(args, 0, "$partition"));
        int size = integer(arg(args, 1, "$partition"), "$partition");
        if (size <= 0) {
            throw fail("$partition: the chunk size must be a positive integer");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i += size) {
            out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
        }
        return out;
    }

    /** start to end inclusive by step; a single value is returned as itself, as JSONata sequences are. */
    private static Object range(List<?> args) {
        int start = integer(arg(args, 0, "$range"), "$range");
        int end = integer(arg(args, 1, "$range"), "$range");
        int step = integer(arg(args, 2, "$range"), "$range");
        if (step == 0) {
            throw fail("$range: the step must not be 0");
        }
        List<Object> out = new ArrayList<>();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            out.add((int) v);
            if (out.size() > 1000) {
                throw fail("$range: the range would hold more than 1000 items");
            }
        }
        return out.size() == 1 ? out.get(0) : out;
    }

    private static Object hash(List<?> args) {
        Object value = arg(args, 0, "$hash");
        Object algorithm = arg(args, 1, "$hash");
        if (!(value instanceof String text) || !(algorithm instanceof String name)) {
            throw fail("$hash: expects a string and an algorithm name");
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(name);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw fail("$hash: unsupported algorithm " + name);
        }
    }

    private static Object random(List<?> args, RandomSource random) {
        if (args.isEmpty() || args.get(0) == null) {
            return random.nextDouble();
        }
        return new Random(integer(args.get(0), "$random")).nextDouble();
    }

    private static Object parse(List<?> args) {
        Object value = arg(args, 0, "$parse");
        if (!(value instanceof String text)) {
            throw fail("$parse: expects a string");
        }
        try {
            return JsonataValues.toJava(Json.parse(text));
        } catch (JsonProcessingException e) {
            throw fail("$parse: the string is not valid JSON");
        }
    }

    private static Object arg(List<?> args, int i, String fn) {
        if (args.size() <= i || args.get(i) == null) {
            throw fail(fn + ": argument " + (i + 1) + " is missing");
        }
        return args.get(i);
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : List.of(v);
    }

    private static int integer(Object v, String fn) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw fail(fn + ": expects an integer, got " + v);
    }

    private static RuntimeException fail(String message) {
        return new JsonataEvaluator.EvaluationFailedInFunction(message);
    }
}
