package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON objects as {@code application/x-www-form-urlencoded} text, as http:invoke's Transform
 * asks for it: nested objects as {@code key[member]}, arrays in one of four forms, every key and
 * value percent-encoded (RFC 3986: all but letters, digits and {@code -._~}; a space is {@code %20}).
 * For {@code {"array": ["a", "b"]}}:
 * <ul>
 *   <li>INDICES (the default): {@code array%5B0%5D=a&array%5B1%5D=b}</li>
 *   <li>REPEAT: {@code array=a&array=b}</li>
 *   <li>COMMAS: {@code array=a%2Cb}</li>
 *   <li>BRACKETS: {@code array%5B%5D=a&array%5B%5D=b}</li>
 * </ul>
 * A null value is sent as an empty one; an empty array adds nothing.
 */
final class UrlEncoding {

    /** How arrays are written (Transform.RequestEncodingOptions.ArrayFormat). */
    enum ArrayFormat { INDICES, REPEAT, COMMAS, BRACKETS }

    private UrlEncoding() {}

    /** The pairs of {@code object}, encoded and joined with '&'. */
    static String encode(JsonNode object, ArrayFormat format) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            add(pairs, e.getKey(), e.getValue(), format);
        }
        return String.join("&", pairs);
    }

    private static void add(List<String> pairs, String key, JsonNode value, ArrayFormat format) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                add(pairs, key + "[" + e.getKey() + "]", e.getValue(), format);
            }
        } else if (value.isArray()) {
            boolean scalars = true;
            for (JsonNode v : value) {
                scalars &= !v.isContainerNode();
            }
            if (format == ArrayFormat.COMMAS && scalars) {
                if (!value.isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    value.forEach(v -> parts.add(scalar(v)));
                    pairs.add(percent(key) + "=" + percent(String.join(",", parts)));
                }
                return;
            }
            int i = 0;
            for (JsonNode v : value) {
                String k = switch (format) {
                    case REPEAT -> key;
                    case BRACKETS -> key + "[]";
                    // nested containers need their index to stay apart, whatever the format
                    case INDICES, COMMAS -> key + "[" + i + "]";
                };
                add(pairs, k, v, format);
                i++;
            }
        } else {
            pairs.add(percent(key) + "=" + percent(scalar(value)));
        }
    }

    private static String scalar(JsonNode v) {
        return v.isNull() ? "" : v.asText();
    }

    /** RFC 3986 percent-encoding of UTF-8 text: everything but unreserved characters. */
    static String percent(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
