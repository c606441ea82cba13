package dev.stepwise.asl.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON trees and the plain Java values the JSONata library works on. JSON null is
 * the library's {@link Jsonata#NULL_VALUE}; Java null is JSONata's "undefined".
 */
final class JsonataValues {
    private JsonataValues() {}

    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item));
                }
                return list;
            }
            case STRING -> {
                return node.asText();
            }
            case NUMBER -> {
                return node.numberValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            default -> {
                return Jsonata.NULL_VALUE;
            }
        }
    }

    /**
     * The JSON form of a JSONata result, undefined members of objects and arrays dropped; null when
     * the value is not JSON throughout (a function such as {@code $sum}, a lambda or a regular
     * expression somewhere in it).
     */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = Json.object();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != null) {
                    JsonNode member = toJson(e.getValue());
                    if (member == null) {
                        return null;
                    }
                    o.set(String.valueOf(e.getKey()), member);
                }
            }
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = Json.array();
            for (Object item : list) {
                if (item != null) {
                    JsonNode element = toJson(item);
                    if (element == null) {
                        return null;
                    }
                    a.add(element);
                }
            }
            return a;
        }
        if (value instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n);
        }
        return null;
    }

    private static JsonNode number(Number value) {
        if (value instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return Json.NODES.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return Json.NODES.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            return Json.NODES.numberNode(d);
        }
        double d = value.doubleValue();
        // JSONata numbers are doubles; an integral one prints as an integer, as in JavaScript
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Json.NODES.numberNode((long) d);
        }
        return Json.NODES.numberNode(d);
    }
}
