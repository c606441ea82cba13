package dev.stepwise.imagebuilder;

import dev.stepwise.api.ServiceException;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The constraints of Image Builder's tags (the model's TagMap, TagKey and TagValue). */
final class Tags {
    static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("^(?!aws:)[a-zA-Z0-9\\s_.:/=+\\-@]*$");

    private Tags() {}

    static void check(Map<String, String> tags, String member, Function<String, ServiceException> invalid) {
        check(tags, member, MAX_TAGS, invalid);
    }

    /** Checks a map of 1 to {@code max} tags (a TagMap has at most 50, a ResourceTagMap 30). */
    static void check(Map<String, String> tags, String member, int max, Function<String, ServiceException> invalid) {
        if (tags.isEmpty() || tags.size() > max) {
            throw invalid.apply("The value supplied for parameter '" + member + "' is not valid. It must have 1 to "
                    + max + " tags.");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            checkKey(e.getKey(), member, invalid);
            if (e.getValue().length() > 256) {
                throw invalid.apply("The value supplied for parameter '" + member + "' is not valid. The value of the "
                        + "tag '" + e.getKey() + "' is longer than 256 characters.");
            }
        }
    }

    static void checkKeys(Collection<String> keys, String member, Function<String, ServiceException> invalid) {
        if (keys.isEmpty() || keys.size() > MAX_TAGS) {
            throw invalid.apply("The value supplied for parameter '" + member + "' is not valid. It must have 1 to "
                    + MAX_TAGS + " tag keys.");
        }
        keys.forEach(k -> checkKey(k, member, invalid));
    }

    private static void checkKey(String key, String member, Function<String, ServiceException> invalid) {
        if (key.isEmpty() || key.length() > 128 || !KEY.matcher(key).matches()) {
            throw invalid.apply("The value supplied for parameter '" + member + "' is not valid. The tag key '" + key
                    + "' must be 1 to 128 characters of letters, numbers, spaces and _.:/=+-@, and must not start "
                    + "with 'aws:'.");
        }
    }
}
