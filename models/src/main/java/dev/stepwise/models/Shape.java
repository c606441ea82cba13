package dev.stepwise.models;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A shape of an AWS service model, reduced to what a value of it must satisfy: its JSON kind,
 * the members of a structure (and which are required), what a list or map holds, a string's
 * allowed values, and the bounds the model sets (lengths of strings, blobs, lists and maps;
 * ranges of numbers). Shapes refer to one another by name within their {@link ServiceModel}.
 */
public sealed interface Shape {

    /** Inclusive bounds; a null end is unbounded. */
    record Bounds(BigDecimal min, BigDecimal max) {
        public static final Bounds NONE = new Bounds(null, null);
    }

    /** A structure (or a union: a structure of which one member is set); members by model name, with their shapes. */
    record Structure(Map<String, String> members, List<String> required) implements Shape {}

    /** A list of {@code member}s; {@code length} bounds how many. */
    record ListOf(String member, Bounds length) implements Shape {}

    /** A map of {@code key}s (strings) to {@code value}s; {@code length} bounds how many entries. */
    record MapOf(String key, String value, Bounds length) implements Shape {}

    /** A string; {@code values} are the enum's, empty when any string goes; {@code length} in characters. */
    record Text(List<String> values, Bounds length) implements Shape {}

    /** Binary data, which JSON carries as a string; {@code length} bounds it. */
    record Blob(Bounds length) implements Shape {}

    /** An integer, long, float or double; {@code range} bounds its value. */
    record Numeric(Bounds range) implements Shape {}

    /** true or false. */
    record Bool() implements Shape {}

    /** A point in time. */
    record Timestamp() implements Shape {}

    /** Any JSON value: a document type, an event stream, or a member Step Functions turns into JSON. */
    record Document() implements Shape {}
}
