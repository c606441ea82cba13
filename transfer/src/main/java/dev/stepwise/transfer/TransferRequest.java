package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Transfer request's members and checks them against the service model's constraints
 * (required, lengths, patterns, ranges, enums, list sizes), collecting every violation into one
 * ValidationException worded as AWS's front end words it: members are named in its form, first
 * letter in lower case and list members counted from 1 ("protocolDetails.sftpPorts.2.member.sftpPort"),
 * and the values of sensitive members are not quoted ("Value at 'sshPublicKeyBody' …"). A member
 * of the wrong JSON type is a SerializationException at once.
 */
final class TransferRequest {
    /** Members whose values AWS leaves out of its messages. */
    private static final Set<String> SENSITIVE = Set.of("hostKey", "hostKeyBody", "sshPublicKeyBody");

    private final JsonNode node;
    private final String path;
    private final List<String> violations;

    private TransferRequest(JsonNode node, String path, List<String> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    static TransferRequest of(JsonNode body) {
        return new TransferRequest(body, "", new ArrayList<>());
    }

    /** The member as sent; null when absent or JSON null. */
    JsonNode raw(String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String member) {
        return raw(member) != null;
    }

    /** Where a member is, in AWS's words: "serverId", "tags.1.member.key". */
    String at(String member) {
        return path + Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }

    // ---- strings

    String string(String member, StringRule rule) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw serialization(member);
        }
        check(member, v.asText(), rule);
        return v.asText();
    }

    String requiredString(String member, StringRule rule) {
        String v = string(member, rule);
        if (v == null) {
            missing(member);
        }
        return v;
    }

    private void check(String member, String v, StringRule rule) {
        int n = v.codePointCount(0, v.length());
        if (n < rule.min()) {
            fail(member, v, "Member must have length greater than or equal to " + rule.min());
        } else if (n > rule.max()) {
            fail(member, v, "Member must have length less than or equal to " + rule.max());
        }
        if (!rule.matches(v)) {
            fail(member, v, "Member must satisfy regular expression pattern: " + rule.pattern());
        }
    }

    String enumValue(String member, List<String> allowed) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw serialization(member);
        }
        if (!allowed.contains(v.asText())) {
            fail(member, v.asText(), "Member must satisfy enum value set: " + allowed);
        }
        return v.asText();
    }

    String requiredEnum(String member, List<String> allowed) {
        String v = enumValue(member, allowed);
        if (v == null) {
            missing(member);
        }
        return v;
    }

    // ---- numbers

    Long number(String member, long min, long max) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw serialization(member);
        }
        long n = v.canConvertToLong() ? v.longValue() : (v.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        if (n < min) {
            fail(member, String.valueOf(n), "Member must have value greater than or equal to " + min);
        } else if (n > max) {
            fail(member, String.valueOf(n), "Member must have value less than or equal to " + max);
        }
        return n;
    }

    Long requiredNumber(String member, long min, long max) {
        Long v = number(member, min, max);
        if (v == null) {
            missing(member);
        }
        return v;
    }

    Integer integer(String member, int min, int max) {
        Long v = number(member, min, max);
        return v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    // ---- structures and lists

    /** A nested structure's reader; null when the member is absent. */
    TransferRequest struct(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw serialization(member);
        }
        return new TransferRequest(v, at(member) + ".", violations);
    }

    TransferRequest requiredStruct(String member) {
        TransferRequest s = struct(member);
        if (s == null) {
            missing(member);
        }
        return s;
    }

    /** A list of structures, each with its own reader; null when absent. Checks the list's size. */
    List<TransferRequest> structs(String member, int min, int max) {
        JsonNode v = list(member, min, max);
        if (v == null) {
            return null;
        }
        List<TransferRequest> items = new ArrayList<>();
        int i = 1;
        for (JsonNode item : v) {
            String itemPath = at(member) + "." + i++ + ".member";
            if (item.isNull()) {
                violations.add("Value null at '" + itemPath + "' failed to satisfy constraint: Member must not be null");
                continue;
            }
            if (!item.isObject()) {
                throw serialization(member);
            }
            items.add(new TransferRequest(item, itemPath + ".", violations));
        }
        return items;
    }

    /**
     * A list of strings; null when absent. An item breaking {@code rule} or {@code allowed} (null:
     * any) is reported on the list, as AWS's front end reports list members.
     */
    List<String> strings(String member, int min, int max, StringRule rule, List<String> allowed) {
        JsonNode v = list(member, min, max);
        if (v == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw serialization(member);
            }
            String s = item.asText();
            items.add(s);
            int n = s.codePointCount(0, s.length());
            if (rule != null) {
                if (n > rule.max()) {
                    broken.add("Member must have length less than or equal to " + rule.max());
                }
                if (n < rule.min()) {
                    broken.add("Member must have length greater than or equal to " + rule.min());
                }
                if (!rule.matches(s)) {
                    broken.add("Member must satisfy regular expression pattern: " + rule.pattern());
                }
            }
            if (allowed != null && !allowed.contains(s)) {
                broken.add("Member must satisfy enum value set: " + allowed);
            }
        }
        if (!broken.isEmpty()) {
            fail(member, items.toString(), "Member must satisfy constraint: "
                    + new ArrayList<>(new java.util.LinkedHashSet<>(broken)));
        }
        return items;
    }

    /** A list of whole numbers; null when absent. An item out of [lo, hi] is reported on the list. */
    List<Long> numbers(String member, int min, int max, long lo, long hi) {
        JsonNode v = list(member, min, max);
        if (v == null) {
            return null;
        }
        List<Long> items = new ArrayList<>();
        boolean low = false;
        boolean high = false;
        for (JsonNode item : v) {
            if (!item.isIntegralNumber()) {
                throw serialization(member);
            }
            long n = item.canConvertToLong() ? item.longValue() : Long.MAX_VALUE;
            items.add(n);
            low |= n < lo;
            high |= n > hi;
        }
        List<String> broken = new ArrayList<>();
        if (high) {
            broken.add("Member must have value less than or equal to " + hi);
        }
        if (low) {
            broken.add("Member must have value greater than or equal to " + lo);
        }
        if (!broken.isEmpty()) {
            fail(member, items.toString(), "Member must satisfy constraint: " + broken);
        }
        return items;
    }

    private JsonNode list(String member, int min, int max) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw serialization(member);
        }
        if (v.size() < min) {
            fail(member, listText(v), "Member must have length greater than or equal to " + min);
        } else if (v.size() > max) {
            fail(member, listText(v), "Member must have length less than or equal to " + max);
        }
        return v;
    }

    private static String listText(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(i -> items.add(i.isTextual() ? i.asText() : Json.write(i)));
        return items.toString();
    }

    // ---- violations

    void missing(String member) {
        violations.add("Value null at '" + at(member) + "' failed to satisfy constraint: Member must not be null");
    }

    private void fail(String member, String value, String constraint) {
        String where = at(member);
        String shown = SENSITIVE.contains(leaf(where)) ? "Value" : "Value '" + value + "'";
        violations.add(shown + " at '" + where + "' failed to satisfy constraint: " + constraint);
    }

    private static String leaf(String where) {
        return where.substring(where.lastIndexOf('.') + 1);
    }

    /** Throws the ValidationException listing every violation found so far, if any. */
    void check() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw ServiceException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    private ServiceException serialization(String member) {
        return new ServiceException(400, ServiceException.CORAL_SERVICE + "SerializationException",
                "Unexpected value type for member '" + at(member) + "'");
    }
}
