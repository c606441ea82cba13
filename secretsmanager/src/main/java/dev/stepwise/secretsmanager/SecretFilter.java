package dev.stepwise.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.RequestReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A ListSecrets filter: a key and the values a secret is matched against, any of which may match
 * (a secret must match every filter). Matching is by prefix: case-sensitive for names, tag keys,
 * tag values and regions, not for descriptions; a value starting with '!' matches the secrets the
 * rest does not. {@code all} splits its values into words and matches a word against the start of
 * any of a secret's attributes, or of any word in them ("cache" finds "Dev/cache"), ignoring case.
 * No secret here is owned by another service, so {@code owning-service} matches only negated.
 */
record SecretFilter(String key, List<String> values) {
    static final List<String> KEYS = List.of("description", "name", "tag-key", "tag-value", "primary-region",
            "owning-service", "all");
    private static final Pattern VALUE = Pattern.compile("^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$");
    private static final int MAX_FILTERS = 10;
    private static final int MAX_VALUES = 10;
    private static final int MAX_VALUE_LENGTH = 512;

    /** The Filters member with the model's constraints, violations named as AWS's front end names them. */
    static List<SecretFilter> read(RequestReader r) {
        JsonNode filters = r.array("Filters");
        List<SecretFilter> read = new ArrayList<>();
        if (filters == null) {
            return read;
        }
        if (filters.size() > MAX_FILTERS) {
            r.violation("Value '" + filters + "' at 'filters' failed to satisfy constraint: Member must have length "
                    + "less than or equal to " + MAX_FILTERS);
        }
        int i = 1;
        for (JsonNode f : filters) {
            String at = "filters." + i++ + ".member.";
            String key = f.hasNonNull("Key") ? f.get("Key").asText() : null;
            if (key != null && !KEYS.contains(key)) {
                r.violation("Value '" + key + "' at '" + at + "key' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: " + KEYS);
            }
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            checkValues(r, at + "values", f.has("Values"), values);
            if (key != null) {
                read.add(new SecretFilter(key, values));
            }
        }
        return read;
    }

    private static void checkValues(RequestReader r, String at, boolean present, List<String> values) {
        if (!present) {
            return;
        }
        if (values.isEmpty()) {
            r.violation("Value '[]' at '" + at + "' failed to satisfy constraint: Member must have length greater "
                    + "than or equal to 1");
        } else if (values.size() > MAX_VALUES) {
            r.violation("Value '" + values + "' at '" + at + "' failed to satisfy constraint: Member must have "
                    + "length less than or equal to " + MAX_VALUES);
        }
        boolean bad = values.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH || !VALUE.matcher(v).matches());
        if (bad) {
            r.violation("Value '" + values + "' at '" + at + "' failed to satisfy constraint: Member must satisfy "
                    + "constraint: [Member must have length less than or equal to " + MAX_VALUE_LENGTH
                    + ", Member must satisfy regular expression pattern: " + VALUE.pattern() + "]");
        }
    }

    /** Whether the secret (of {@code region}) matches any of this filter's values. */
    boolean matches(SecretRecord s, String region) {
        if (values.isEmpty()) {
            return true;
        }
        for (String value : values) {
            boolean negated = value.startsWith("!");
            String prefix = negated ? value.substring(1) : value;
            if (matchesPositively(s, region, prefix) != negated) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesPositively(SecretRecord s, String region, String prefix) {
        return switch (key) {
            case "name" -> s.name().startsWith(prefix);
            case "description" -> s.description() != null && lower(s.description()).startsWith(lower(prefix));
            case "tag-key" -> s.tags().keySet().stream().anyMatch(k -> k.startsWith(prefix));
            case "tag-value" -> s.tags().values().stream().anyMatch(v -> v.startsWith(prefix));
            case "primary-region" -> region.startsWith(prefix);
            case "owning-service" -> false;
            case "all" -> anyWord(s, region, prefix);
            default -> false;
        };
    }

    private static boolean anyWord(SecretRecord s, String region, String text) {
        List<String> attributes = new ArrayList<>();
        attributes.add(s.name());
        if (s.description() != null) {
            attributes.add(s.description());
        }
        attributes.addAll(s.tags().keySet());
        attributes.addAll(s.tags().values());
        attributes.add(region);
        for (String word : text.trim().split("\\s+")) {
            String w = lower(word);
            for (String attribute : attributes) {
                String a = lower(attribute);
                if (a.startsWith(w) || Arrays.stream(a.split("[^a-z0-9]+")).anyMatch(part -> part.startsWith(w))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
