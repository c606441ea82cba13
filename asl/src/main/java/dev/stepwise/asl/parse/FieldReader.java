package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a definition, reporting wrong types and missing
 * required fields at their location, and, at {@link #finish}, every field the object does not
 * support: with an explicit list of supported fields, those outside it; otherwise every field
 * nobody asked for.
 */
final class FieldReader {
    private final ObjectNode node;
    private final String location;
    private final List<Diagnostic> sink;
    private final Set<String> supported;
    private final Set<String> known = new HashSet<>();
    private final List<String> missing = new ArrayList<>();

    FieldReader(ObjectNode node, String location, List<Diagnostic> sink) {
        this(node, location, sink, null);
    }

    FieldReader(ObjectNode node, String location, List<Diagnostic> sink, Set<String> supported) {
        this.node = node;
        this.location = location;
        this.sink = sink;
        this.supported = supported;
    }

    /** The object's own pointer ("/" for the root). */
    String location() {
        return location.isEmpty() ? "/" : location;
    }

    String at(String field) {
        return location + "/" + field;
    }

    /** A reader for an element of a list (a retrier, a Choice rule); null (reported) when it is not an object. */
    static FieldReader element(JsonNode node, String location, List<Diagnostic> sink, Set<String> fields) {
        if (!node.isObject()) {
            sink.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        return new FieldReader((ObjectNode) node, location, sink, fields);
    }

    /** True when the field holds an array; reports it otherwise. Call only for a present field. */
    boolean isArray(String field) {
        if (!raw(field).isArray()) {
            typeError(field, "Array");
            return false;
        }
        return true;
    }

    /** The pointer of an array element, in AWS's form: "/States/C/Choices[0]". */
    static String index(String arrayLocation, int i) {
        return arrayLocation + "[" + i + "]";
    }

    ObjectNode node() {
        return node;
    }

    /** True when the field is present and this object supports it. */
    boolean has(String field) {
        known.add(field);
        return node.has(field) && supports(field);
    }

    boolean supports(String field) {
        return supported == null || supported.contains(field);
    }

    /** Marks a field as understood without reading it. */
    void allow(String... fields) {
        known.addAll(List.of(fields));
    }

    /** The field's value, or null when absent or not supported here. */
    JsonNode raw(String field) {
        return has(field) ? node.get(field) : null;
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
        error(SCHEMA_VALIDATION_FAILED, "Expected value of type " + expected, at(field));
    }

    /** Reports that a field's value lies outside its range: "Value must be between 1 and 99999999". */
    void rangeError(String field, String range) {
        error(SCHEMA_VALIDATION_FAILED, "Value must be " + range, at(field));
    }

    /** Reports that at most one of two fields may be set. */
    void exclusive(String first, String second) {
        if (has(first) && has(second)) {
            error(SCHEMA_VALIDATION_FAILED,
                    "Only one of the fields '" + first + "' and '" + second + "' may be set", location());
        }
    }

    void error(String code, String message, String where) {
        sink.add(Diagnostic.error(code, message, where));
    }

    /** Reports missing required fields, then fields that are not supported here. */
    void finish() {
        if (!missing.isEmpty()) {
            error(SCHEMA_VALIDATION_FAILED, "These fields are required: " + missing, location());
        }
        node.fieldNames().forEachRemaining(name -> {
            boolean unsupported = supported != null ? !supported.contains(name) : !known.contains(name);
            if (unsupported) {
                error(SCHEMA_VALIDATION_FAILED, "Field '" + name + "' is not supported", location());
            }
        });
    }
}
