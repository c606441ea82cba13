package dev.stepwise.secretsmanager;

import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.RequestReader;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading Secrets Manager's requests with the model's constraints, and the shapes its answers share. */
final class Requests {
    /** The members the service model marks sensitive: violations never quote their values. */
    private static final Set<String> SENSITIVE = Set.of("SecretString", "SecretBinary", "RotationToken");
    /** The characters of a secret's name (the service's rule beyond the model's 1 to 512 characters). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");

    static final int SECRET_ID_MAX = 2048;
    static final int VALUE_MAX = 65536;
    static final int TOKEN_MIN = 32;
    static final int TOKEN_MAX = 64;

    private Requests() {}

    static RequestReader reader(JsonNode body) {
        return RequestReader.pascalCase(body, SENSITIVE);
    }

    static String secretId(RequestReader r) {
        return r.requiredString("SecretId", 1, SECRET_ID_MAX);
    }

    /** A new secret's name: the model's length, then the service's characters (ValidationException). */
    static void checkName(String name) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw dev.stepwise.api.ServiceException.validation("Invalid name. Must be a valid name containing "
                    + "alphanumeric characters, or any of the following: -/_+=.@!");
        }
    }

    /**
     * The value a write carries: SecretString or SecretBinary (null: none); both at once are refused
     * with InvalidParameterException, after the model's checks.
     */
    static SecretValue value(String string, byte[] binary) {
        if (string != null && binary != null) {
            throw Errors.invalidParameter(
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        return string != null ? SecretValue.ofString(string) : binary != null ? SecretValue.ofBinary(binary) : null;
    }

    /**
     * A TagListType member ([{"Key": …, "Value": …}]) in order, a later tag replacing an earlier one
     * of the same key; keys of 1 to 128 characters and values of at most 256 are the model's
     * constraints, named as AWS's front end names them ("tags.2.member.key"). A tag without a key is
     * refused with InvalidParameterException.
     */
    static Map<String, String> tags(RequestReader r, String member) {
        JsonNode tags = r.array(member);
        Map<String, String> map = new LinkedHashMap<>();
        if (tags == null) {
            return map;
        }
        int i = 1;
        boolean keyless = false;
        for (JsonNode t : tags) {
            String at = member + "." + i++ + ".member.";
            String key = textOrNull(t, "Key");
            String value = textOrNull(t, "Value");
            if (key == null) {
                keyless = true;
            } else {
                r.lengthAt(at + "Key", key, 1, 128);
            }
            if (value != null) {
                r.lengthAt(at + "Value", value, 0, 256);
            }
            if (key != null) {
                map.put(key, value == null ? "" : value);
            }
        }
        r.check();
        if (keyless) {
            throw Errors.invalidParameter("You must specify a key for each tag.");
        }
        return map;
    }

    /**
     * A list of strings, each of {@code min} to {@code max} characters and the list of at most
     * {@code maxItems}; violations as AWS's front end words a list member's ("Member must satisfy
     * constraint: [...]"). Null when absent.
     */
    static List<String> strings(RequestReader r, String member, String memberName, int minItems, int maxItems,
                                int min, int max) {
        JsonNode list = r.array(member);
        if (list == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean bad = false;
        for (JsonNode v : list) {
            if (!v.isTextual()) {
                throw new dev.stepwise.api.ServiceException(400, dev.stepwise.api.ServiceException.CORAL_SERVICE
                        + "SerializationException", "Unexpected value type for member '" + member + "'");
            }
            String s = v.asText();
            int n = s.codePointCount(0, s.length());
            bad |= n < min || n > max;
            values.add(s);
        }
        if (values.size() < minItems) {
            r.violation("Value '" + values + "' at '" + memberName
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + minItems);
        } else if (values.size() > maxItems) {
            r.violation("Value '" + values + "' at '" + memberName
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + maxItems);
        }
        if (bad) {
            r.violation("Value '" + values + "' at '" + memberName + "' failed to satisfy constraint: Member must "
                    + "satisfy constraint: [Member must have length less than or equal to " + max
                    + ", Member must have length greater than or equal to " + min + "]");
        }
        return values;
    }

    // ---- answers

    static void putDate(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, HistoryJson.epochSeconds(t));
        }
    }

    static void putTags(ObjectNode o, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            ArrayNode list = o.putArray("Tags");
            tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        }
    }

    /** The labelled versions by id: DescribeSecret's VersionIdsToStages, ListSecrets' SecretVersionsToStages. */
    static void putStages(ObjectNode o, String field, List<SecretVersion> versions) {
        ObjectNode map = null;
        for (SecretVersion v : versions) {
            if (!v.stages().isEmpty()) {
                if (map == null) {
                    map = o.putObject(field);
                }
                ArrayNode stages = map.putArray(v.id());
                v.stages().forEach(stages::add);
            }
        }
    }

    /**
     * What DescribeSecret and a ListSecrets entry both say of a secret; {@code stagesMember} names
     * its versions' staging labels ("VersionIdsToStages" in the one, "SecretVersionsToStages" in the
     * other).
     */
    static ObjectNode secretShape(SecretRecord s, String stagesMember) {
        ObjectNode o = Json.object();
        o.put("ARN", s.arn()).put("Name", s.name());
        Json.putIfPresent(o, "Type", s.type());
        Json.putIfPresent(o, "Description", s.description());
        Json.putIfPresent(o, "KmsKeyId", s.kmsKeyId());
        putDate(o, "LastChangedDate", s.lastChanged());
        putDate(o, "LastAccessedDate", s.lastAccessed());
        putDate(o, "DeletedDate", s.deleted());
        putTags(o, s.tags());
        putStages(o, stagesMember, s.versions());
        putDate(o, "CreatedDate", s.created());
        return o;
    }
}
