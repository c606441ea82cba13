package dev.stepwise.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a definition, reporting wrong types and missing
 * required fields at their location, and, at {@link #finish}, every field nobody asked for.
 */
final class FieldReader {
    private final ObjectNode node;
    private final String location;
    private final List<Diagnostic> sink;
    private final Set<String> known = new HashSet<>();
    private final List<String> missing = new ArrayList<>();

    FieldReader(ObjectNode node, String location, List<Diagnostic> sink) {
        this.node = node;
        this.location = location;
        this.sink = sink;
    }

    String location() {
        return location;
    }

    String at(String field) {
        return location + "/" + field;
    }

    boolean has(String field) {
        known.add(field);
        return node.has(field);
    }

    /** Marks a field as understood without reading it. */
    void allow(String... fields) {
        known.addAll(List.of(fields));
    }

    JsonNode raw(String field) {
        known.add(field);
        return node.get(field);
    }

    void require(String field) {
        known.add(field);
        if (!node.has(field)) {
            missing.add(field);
        }
    }

    String string(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            typeError(field, "String");
            return null;
        }
        return v.asText();
    }

    String requiredString(String field) {
        require(field);
        return string(field);
    }

    /** An integer field; null when absent or not an integer (reported). */
    Integer integer(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            typeError(field, "Integer");
            return null;
        }
        return v.intValue();
    }

    Double number(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            typeError(field, "Number");
            return null;
        }
        return v.doubleValue();
    }

    Boolean bool(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            typeError(field, "Boolean");
            return null;
        }
        return v.booleanValue();
    }

    ObjectNode object(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            typeError(field, "Object");
            return null;
        }
        return (ObjectNode) v;
    }

    void typeError(String field, String expected) {
        error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED, "Expected value of type " + expected, at(field));
    }

    void error(String code, String message, String where) {
        sink.add(Diagnostic.error(code, message, where));
    }

    /** Reports missing required fields, then fields that are not supported here. */
    void finish() {
        if (!missing.isEmpty()) {
            error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED, "These fields are required: " + missing, location);
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED, "Field '" + name + "' is not supported", location);
            }
        });
    }
}
