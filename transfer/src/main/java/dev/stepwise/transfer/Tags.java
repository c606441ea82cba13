package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Transfer's Tags members: [{"Key": …, "Value": …}], 1 to 50 of them, on a resource at most 50. */
final class Tags {
    static final int MAX_TAGS = 50;

    private Tags() {}

    /** The tags of a Tags member in order (a key given twice keeps its last value); empty when absent. */
    static Map<String, String> read(TransferRequest r, String member) {
        List<TransferRequest> entries = r.structs(member, 1, MAX_TAGS);
        Map<String, String> tags = new LinkedHashMap<>();
        if (entries == null) {
            return tags;
        }
        for (TransferRequest e : entries) {
            String key = e.requiredString("Key", ModelRules.TAG_KEY);
            String value = e.requiredString("Value", ModelRules.TAG_VALUE);
            if (key != null && value != null) {
                tags.put(key, value);
            }
        }
        return tags;
    }

    /** Adds "Tags" to {@code o} when there are any (the shape's list has at least one). */
    static void put(ObjectNode o, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            ArrayNode a = o.putArray("Tags");
            tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
        }
    }

    /** Refuses a resource that would get more than AWS's 50 tags. */
    static void checkCount(Map<String, String> existing, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(added);
        if (merged.size() > MAX_TAGS) {
            throw TransferErrors.invalidRequest("Too many tags: a resource can have at most " + MAX_TAGS + " tags");
        }
    }
}
