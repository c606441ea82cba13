package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Value equality (ArrayContains, ArrayUnique) and the string form of a value inside States.Format. */
final class JsonValues {
    private JsonValues() {}

    /**
     * A string that two values share exactly when they are equal as JSON values: same type, same
     * members in any order, same elements in the same order. Integers equal integers of the same
     * value and decimals equal decimals of the same value (1.10 = 1.1), but an integer never equals
     * a decimal (1 ≠ 1.0), as Java's Integer and Double never are equal; AWS's own rule for
     * ArrayContains/ArrayUnique on mixed number types could not be determined.
     */
    static String key(JsonNode node) {
        StringBuilder out = new StringBuilder();
        appendKey(node, out);
        return out.toString();
    }

    private static void appendKey(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.append('n');
            case BOOLEAN -> out.append(node.booleanValue() ? 't' : 'f');
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.append('i').append(node.bigIntegerValue()).append(';');
                } else {
                    out.append('d').append(node.decimalValue().stripTrailingZeros()).append(';');
                }
            }
            case STRING, BINARY, POJO -> appendString(node.asText(), out);
            case ARRAY -> {
                out.append('[');
                for (JsonNode item : node) {
                    appendKey(item, out);
                }
                out.append(']');
            }
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    names.add(field.getKey());
                }
                names.sort(null);
                out.append('{');
                for (String name : names) {
                    appendString(name, out);
                    appendKey(node.get(name), out);
                }
                out.append('}');
            }
        }
    }

    private static void appendString(String s, StringBuilder out) {
        out.append('s').append(s.length()).append(':').append(s);
    }

    /**
     * The text of a value substituted for a States.Format placeholder: strings without quotes,
     * numbers, booleans and null as in JSON, objects and arrays the way Java prints a Map and a
     * List. AWS's recorded result for an object argument {"Arg1": 1, "Arg2": []} is
     * "{Arg1=1, Arg2=[]}"; for null it is "null", for 1.1 "1.1".
     */
    static String formatText(JsonNode node) {
        StringBuilder out = new StringBuilder();
        appendFormatText(node, out);
        return out.toString();
    }

    private static void appendFormatText(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case STRING -> out.append(node.textValue());
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    appendFormatText(node.get(i), out);
                }
                out.append(']');
            }
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    out.append(field.getKey()).append('=');
                    appendFormatText(field.getValue(), out);
                }
                out.append('}');
            }
            default -> out.append(Json.write(node));
        }
    }
}
