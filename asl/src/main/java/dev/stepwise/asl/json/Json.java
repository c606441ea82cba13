package dev.stepwise.asl.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The project's one JSON configuration. Contract: a {@link JsonNode} handed to the engine or kept
 * in a history event is never mutated afterwards; code that needs a changed document copies first.
 */
public final class Json {
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /*
     * Buffers are recycled through a shared pool: Jackson's default pool is thread-local, which
     * virtual threads (one per request) defeat, so every serialisation would allocate new buffers.
     * Whoever takes a recycler from the pool itself gives it back ({@code HistoryJson}).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .nodeFactory(NODES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    /** Parses one JSON document; trailing content is an error. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new com.fasterxml.jackson.core.JsonParseException((JsonParser) null,
                    "No content to map due to end-of-input");
        }
        return node;
    }

    /** Compact serialisation, the form AWS writes payloads in history events. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode text(String s) {
        return NODES.textNode(s);
    }

    /** Puts {@code value} as {@code field}'s text, unless it is null (then the field stays absent). */
    public static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** {@code field}'s value as text; null when it is absent or JSON null. */
    public static String textOrNull(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** AWS's names for JSON types, as used in error messages ("object", "array", "string", …). */
    public static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "undefined";
        }
        JsonNodeType t = node.getNodeType();
        return switch (t) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case MISSING -> "undefined";
        };
    }
}
