package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service model's request shapes, as far as Image Builder's structured members go (block device
 * mappings, distributions, logging, …): each shape checks a value against the model's constraints
 * and answers a copy holding only the model's members, in the model's order, so what is stored and
 * answered is what the model allows. The first violation is answered, as Image Builder answers one
 * problem per error: a missing required member with InvalidRequestException, a value outside its
 * length, range, pattern or enum with InvalidParameterValueException ("'x' must match pattern P" is
 * AWS's wording), a value of the wrong JSON type with SerializationException. A member's path names
 * it inside its request ({@code blockDeviceMappings[0].ebs.volumeSize}).
 */
final class Shapes {
    private Shapes() {}

    /** A shape of the model: checks a present (non-null) value at {@code path} and answers its copy. */
    sealed interface Shape permits Text, Choice, Int, Bool, ListOf, Struct, TagMap, AnyJson {
        JsonNode check(String path, JsonNode value);
    }

    /** A string of {@code min} to {@code max} code points matching {@code pattern} (null: any). */
    record Text(int min, int max, String pattern) implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isTextual()) {
                throw serialization(path);
            }
            String s = value.asText();
            int n = s.codePointCount(0, s.length());
            if (n < min || n > max) {
                throw ImageBuilderErrors.invalidParameterValue(path, "Its length must be from " + min + " to " + max
                        + " characters.");
            }
            if (pattern != null && !Pattern.compile(pattern).matcher(s).find()) {
                throw mismatch(path, pattern);
            }
            return value;
        }
    }

    /** One of the enum's values. */
    record Choice(List<String> values) implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isTextual()) {
                throw serialization(path);
            }
            if (!values.contains(value.asText())) {
                throw ImageBuilderErrors.invalidParameterValue(path, "Valid values are " + String.join(", ", values)
                        + ".");
            }
            return value;
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    record Int(long min, long max) implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isIntegralNumber()) {
                throw serialization(path);
            }
            long n = value.longValue();
            if (n < min || n > max) {
                throw ImageBuilderErrors.invalidParameterValue(path, "It must be from " + min + " to " + max + ".");
            }
            return LongNode.valueOf(n);
        }
    }

    record Bool() implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isBoolean()) {
                throw serialization(path);
            }
            return BooleanNode.valueOf(value.booleanValue());
        }
    }

    /** Any JSON value, kept as it is. */
    record AnyJson() implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            return value;
        }
    }

    /** A list of {@code min} to {@code max} items of {@code member}. */
    record ListOf(Shape member, int min, int max) implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isArray()) {
                throw serialization(path);
            }
            if (value.size() < min || value.size() > max) {
                throw ImageBuilderErrors.invalidParameterValue(path, max == Integer.MAX_VALUE
                        ? "It must have at least " + min + " item" + (min == 1 ? "." : "s.")
                        : "It must have from " + min + " to " + max + " items.");
            }
            ArrayNode copy = Json.array();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item == null || item.isNull()) {
                    throw serialization(path + "[" + i + "]");
                }
                copy.add(member.check(path + "[" + i + "]", item));
            }
            return copy;
        }
    }

    /** A structure: its members (in the model's order) and those required. Members the model lacks are dropped. */
    record Struct(Map<String, Shape> members, Set<String> required) implements Shape {
        @Override
        public ObjectNode check(String path, JsonNode value) {
            if (!value.isObject()) {
                throw serialization(path);
            }
            ObjectNode copy = Json.object();
            members.forEach((name, shape) -> {
                JsonNode v = value.get(name);
                String at = path.isEmpty() ? name : path + "." + name;
                if (v == null || v.isNull()) {
                    if (required.contains(name)) {
                        throw ImageBuilderErrors.missingParameter(at);
                    }
                    return;
                }
                copy.set(name, shape.check(at, v));
            });
            return copy;
        }
    }

    /** A map of tags: {@code 1} to {@code max} keys as the model's TagKey, values as its TagValue. */
    record TagMap(int max) implements Shape {
        @Override
        public JsonNode check(String path, JsonNode value) {
            if (!value.isObject()) {
                throw serialization(path);
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw serialization(path);
                }
                tags.put(e.getKey(), e.getValue().asText());
            }
            Tags.check(tags, path, max, ImageBuilderErrors::invalidParameterValue);
            ObjectNode copy = Json.object();
            tags.forEach(copy::put);
            return copy;
        }
    }

    // ---- building shapes

    static Text text(int min, int max) {
        return new Text(min, max, null);
    }

    static Text text(int min, int max, String pattern) {
        return new Text(min, max, pattern);
    }

    /** The model's NonEmptyString: 1 to 1024 characters. */
    static Text nonEmpty() {
        return text(1, 1024);
    }

    static Text pattern(String pattern) {
        return text(0, Integer.MAX_VALUE, pattern);
    }

    static Choice oneOf(String... values) {
        return new Choice(List.of(values));
    }

    static Int integer(long min, long max) {
        return new Int(min, max);
    }

    static Bool bool() {
        return new Bool();
    }

    static ListOf listOf(Shape member) {
        return new ListOf(member, 0, Integer.MAX_VALUE);
    }

    static ListOf listOf(Shape member, int min, int max) {
        return new ListOf(member, min, max);
    }

    /** A structure of the members given as name, shape, name, shape…; a name ending in '!' is required. */
    static Struct struct(Object... namesAndShapes) {
        Map<String, Shape> members = new LinkedHashMap<>();
        Set<String> required = new java.util.HashSet<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            String name = (String) namesAndShapes[i];
            if (name.endsWith("!")) {
                name = name.substring(0, name.length() - 1);
                required.add(name);
            }
            members.put(name, (Shape) namesAndShapes[i + 1]);
        }
        return new Struct(members, Set.copyOf(required));
    }

    static TagMap tags(int max) {
        return new TagMap(max);
    }

    /** The model's ResourceName: what every Image Builder resource is called. */
    static final Text RESOURCE_NAME = pattern("^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$");
    static final Text CLIENT_TOKEN = text(1, 64);
    static final TagMap TAG_MAP = tags(Tags.MAX_TAGS);

    // ---- errors

    /** AWS's wording for a value that does not match its member's pattern. */
    static ServiceException mismatch(String path, String pattern) {
        return ImageBuilderErrors.invalidParameterValue(path, "'" + path + "' must match pattern " + pattern);
    }

    static ServiceException serialization(String path) {
        return new ServiceException(400, ServiceException.CORAL_SERVICE + "SerializationException",
                "Unexpected value type for member '" + path + "'");
    }
}
