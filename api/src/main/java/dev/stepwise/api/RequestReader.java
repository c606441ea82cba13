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
    /** Whether violations name members with a lower-case first letter (services with PascalCase members). */
    private final boolean lowerFirst;
    /** This service's sensitive members, whose values violations never quote (beside {@link #SENSITIVE}). */
    private final java.util.Set<String> sensitive;

    public RequestReader(JsonNode body) {
        this(body, false, java.util.Set.of());
    }

    private RequestReader(JsonNode body, boolean lowerFirst, java.util.Set<String> sensitive) {
        this.body = body;
        this.lowerFirst = lowerFirst;
        this.sensitive = java.util.Set.copyOf(sensitive);
    }

    /**
     * A reader for a service whose members are PascalCase on the wire (Secrets Manager): AWS's front
     * end names them in violations with a lower-case first letter ("Value null at 'secretId'"), and
     * never quotes the values of the members the service model marks sensitive ({@code sensitive},
     * as sent: "SecretString").
     */
    public static RequestReader pascalCase(JsonNode body, java.util.Set<String> sensitive) {
        return new RequestReader(body, true, sensitive);
    }

    /** How violations name a member or a path of members ("Tags.1.member.Key" → "tags.1.member.key"). */
    private String name(String member) {
        if (!lowerFirst) {
            return member;
        }
        StringBuilder b = new StringBuilder(member.length());
        for (String part : member.split("\\.", -1)) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(part.isEmpty() ? part : Character.toLowerCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
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
            required(member);
            return null;
        }
        length(member, v, minLength, maxLength);
        return v;
    }

    /** Adds the violation of a required member that is absent. */
    public void required(String member) {
        violations.add("Value null at '" + name(member) + "' failed to satisfy constraint: Member must not be null");
    }

    private void length(String member, String v, int minLength, int maxLength) {
        length(member, v, v.codePointCount(0, v.length()), minLength, maxLength);
    }

    private void length(String member, String v, int n, int minLength, int maxLength) {
        if (n < minLength) {
            violations.add(value(member, v) + " at '" + name(member)
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + minLength);
        } else if (n > maxLength) {
            violations.add(value(member, v) + " at '" + name(member)
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
        }
    }

    /**
     * A blob member (base64 on the wire), its length limits checked in bytes; null when absent.
     * Text that is not base64 is a SerializationException, as for a member of the wrong type.
     */
    public byte[] blob(String member, int minLength, int maxLength) {
        String v = string(member);
        if (v == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw serialization(member);
        }
        length(member, v, bytes.length, minLength, maxLength);
        return bytes;
    }

    /**
     * How a violation names the offending value: "Value 'x'", or just "Value" for members the
     * service model marks sensitive (payloads, definitions, errors, causes), as AWS does.
     */
    private String value(String member, String v) {
        return SENSITIVE.contains(member) || sensitive.contains(member) ? "Value" : "Value '" + v + "'";
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
            violations.add("Value '" + v + "' at '" + name(member)
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
            violations.add("Value '" + n + "' at '" + name(member)
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (n > max) {
            violations.add("Value '" + n + "' at '" + name(member)
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
