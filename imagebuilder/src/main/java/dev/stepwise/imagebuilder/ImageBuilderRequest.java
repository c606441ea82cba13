package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.ServiceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The members of an Image Builder request, checked against the service model's constraints as they
 * are read: the first violation is answered (Image Builder names one problem per error), a missing
 * required member with InvalidRequestException, an invalid value with InvalidParameterValueException.
 * A member of the wrong JSON type is a SerializationException, as the host answers for bodies it
 * cannot read.
 */
final class ImageBuilderRequest {
    private final JsonNode body;

    ImageBuilderRequest(JsonNode body) {
        this.body = body;
    }

    boolean has(String member) {
        JsonNode v = body.get(member);
        return v != null && !v.isNull();
    }

    String string(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw serialization(member);
        }
        return v.asText();
    }

    String requiredString(String member) {
        String v = string(member);
        if (v == null) {
            throw ImageBuilderErrors.missingParameter(member);
        }
        return v;
    }

    /** A string member of {@code min} to {@code max} characters; null when absent. */
    String string(String member, int min, int max) {
        String v = string(member);
        if (v != null) {
            length(member, v, min, max);
        }
        return v;
    }

    /** A string member matching {@code pattern}; null when absent. */
    String matching(String member, Pattern pattern, String expected) {
        String v = string(member);
        if (v != null && !pattern.matcher(v).matches()) {
            throw ImageBuilderErrors.invalidParameterValue(member, expected);
        }
        return v;
    }

    String oneOf(String member, List<String> allowed) {
        String v = string(member);
        if (v != null && !allowed.contains(v)) {
            throw ImageBuilderErrors.invalidParameterValue(member, "Valid values are " + String.join(", ", allowed)
                    + ".");
        }
        return v;
    }

    Boolean bool(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw serialization(member);
        }
        return v.booleanValue();
    }

    Integer integer(String member, int min, int max) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw serialization(member);
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw ImageBuilderErrors.invalidParameterValue(member, "It must be from " + min + " to " + max + ".");
        }
        return (int) n;
    }

    /**
     * A list of strings; a query-string member given once arrives as a string and is a list of one.
     * Null when absent.
     */
    List<String> strings(String member) {
        JsonNode v = body.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (v.isTextual()) {
            values.add(v.asText());
            return values;
        }
        if (!v.isArray()) {
            throw serialization(member);
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw serialization(member);
            }
            values.add(item.asText());
        }
        return values;
    }

    /** An object member as it is (a filter list's items, a tag map); null when absent. */
    JsonNode raw(String member) {
        JsonNode v = body.get(member);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * A TagMap member: 1 to 50 keys of 1 to 128 characters that do not start with "aws:", values of
     * at most 256 characters; {@code invalid} makes the error a violation is answered with.
     */
    Map<String, String> tags(String member, Function<String, ServiceException> invalid) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw serialization(member);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw serialization(member);
            }
            tags.put(e.getKey(), e.getValue().asText());
        }
        Tags.check(tags, member, invalid);
        return tags;
    }

    private static void length(String member, String v, int min, int max) {
        int n = v.codePointCount(0, v.length());
        if (n < min || n > max) {
            throw ImageBuilderErrors.invalidParameterValue(member, min == max ? "It must be " + min + " characters."
                    : "Its length must be from " + min + " to " + max + " characters.");
        }
    }

    private static ServiceException serialization(String member) {
        return new ServiceException(400, ServiceException.CORAL_SERVICE + "SerializationException",
                "Unexpected value type for member '" + member + "'");
    }
}
