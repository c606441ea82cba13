package dev.stepwise.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the members of a request and checks them against the service model's constraints
 * (required, lengths, ranges, enums), collecting every violation into one ValidationException
 * worded as AWS's front end words it. A member of the wrong JSON type is a SerializationException.
 */
public final class RequestReader {
    private final JsonNode body;
    private final List<String> violations = new ArrayList<>();

    public RequestReader(JsonNode body) {
        this.body = body;
    }

    public JsonNode raw(String member) {
        JsonNode v = body.get(member);
        return v == null || v.isNull() ? null : v;
    }

    public String string(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw serialization(member);
        }
        return v.asText();
    }

    /** A string member; null when absent. Length limits are checked in characters. */
    public String string(String member, int minLength, int maxLength) {
        String v = string(member);
        if (v != null) {
            length(member, v, minLength, maxLength);
        }
        return v;
    }

    public String requiredString(String member, int minLength, int maxLength) {
        String v = string(member);
        if (v == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
            return null;
        }
        length(member, v, minLength, maxLength);
        return v;
    }

    private void length(String member, String v, int minLength, int maxLength) {
        int n = v.codePointCount(0, v.length());
        if (n < minLength) {
            violations.add(value(member, v) + " at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + minLength);
        } else if (n > maxLength) {
            violations.add(value(member, v) + " at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
        }
    }

    /**
     * How a violation names the offending value: "Value 'x'", or just "Value" for members the
     * service model marks sensitive (payloads, definitions, errors, causes), as AWS does.
     */
    private static String value(String member, String v) {
        return SENSITIVE.contains(member) ? "Value" : "Value '" + v + "'";
    }

    private static final java.util.Set<String> SENSITIVE = java.util.Set.of("input", "output", "definition", "error",
            "cause", "versionDescription", "description",
            // TestState's sensitive members
            "variables", "stateName", "context", "mock.result", "mock.errorOutput.error", "mock.errorOutput.cause",
            "stateConfiguration.errorCausedByState", "stateConfiguration.mapItemReaderData");

    /** An enum member: null when absent. */
    public String enumValue(String member, List<String> allowed) {
        String v = string(member);
        if (v != null && !allowed.contains(v)) {
            violations.add("Value '" + v + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return v;
    }

    public Integer integer(String member, int min, int max) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw serialization(member);
        }
        long n = v.longValue();
        if (n < min) {
            violations.add("Value '" + n + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (n > max) {
            violations.add("Value '" + n + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    public Boolean bool(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw serialization(member);
        }
        return v.booleanValue();
    }

    public JsonNode object(String member) {
        JsonNode v = raw(member);
        if (v != null && !v.isObject()) {
            throw serialization(member);
        }
        return v;
    }

    public JsonNode array(String member) {
        JsonNode v = raw(member);
        if (v != null && !v.isArray()) {
            throw serialization(member);
        }
        return v;
    }

    /**
     * Checks the length of a value found at {@code path}: a member of a nested structure, named as
     * AWS's front end names it, e.g. "tags.2.member.key" (members of lists counted from 1).
     */
    public void lengthAt(String path, String v, int minLength, int maxLength) {
        length(path, v, minLength, maxLength);
    }

    /** Adds a violation found by the caller (same wording rules). */
    public void violation(String text) {
        violations.add(text);
    }

    /** Throws the ValidationException listing every violation found so far, if any. */
    public void check() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw ServiceException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    private static ServiceException serialization(String member) {
        return new ServiceException(400, ServiceException.CORAL_SERVICE + "SerializationException",
                "Unexpected value type for member '" + member + "'");
    }

}
