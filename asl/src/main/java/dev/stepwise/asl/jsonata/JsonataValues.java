package dev.stepwise.asl.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;

/** Converts between JSON trees and the plain Java values the JSONata library works on. */
final class JsonataValues {
    private JsonataValues() {}

    static JsonNode toJson(Object value) {
        return Json.MAPPER.valueToTree(value);
    }

    static Object fromJson(JsonNode node) {
        return Json.MAPPER.convertValue(node, Object.class);
    }
}
