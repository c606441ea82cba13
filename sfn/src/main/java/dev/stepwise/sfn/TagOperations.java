package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListTagsForResource on state machines and activities. */
final class TagOperations {
    private static final int MAX_TAGS = 50;

    private final SfnContext ctx;

    TagOperations(SfnContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
        ops.put("ListTagsForResource", this::list);
    }

    private ObjectNode tag(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        JsonNode tags = r.array("tags");
        if (tags == null) {
            r.violation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        check(r, tags);
        r.check();
        requireResource(caller, arn);
        apply(ctx, arn, tags);
        return Json.object();
    }

    private ObjectNode untag(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        JsonNode keys = r.array("tagKeys");
        if (keys == null) {
            r.violation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        } else {
            checkKeys(r, keys);
        }
        r.check();
        requireResource(caller, arn);
        List<String> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.asText()));
        ctx.catalog().untag(arn, list);
        return Json.object();
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        r.check();
        requireResource(caller, arn);
        ObjectNode o = Json.object();
        ArrayNode tags = o.putArray("tags");
        ctx.catalog().tags(arn).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return o;
    }

    /**
     * Adds the model's constraint violations of a TagList member (keys of 1 to 128 characters,
     * values of at most 256) to {@code r}, named as AWS names them ("tags.2.member.key").
     */
    static void check(RequestReader r, JsonNode tags) {
        if (tags == null) {
            return;
        }
        int i = 1;
        for (JsonNode t : tags) {
            String at = "tags." + i++ + ".member.";
            JsonNode key = t.get("key");
            if (key == null || key.isNull()) {
                r.violation("Value null at '" + at + "key' failed to satisfy constraint: Member must not be null");
            } else {
                r.lengthAt(at + "key", key.asText(), 1, 128);
            }
            JsonNode value = t.get("value");
            if (value != null && !value.isNull()) {
                r.lengthAt(at + "value", value.asText(), 0, 256);
            }
        }
    }

    /** A TagKeyList's members are TagKeys: 1 to 128 characters. */
    private static void checkKeys(RequestReader r, JsonNode keys) {
        for (JsonNode k : keys) {
            int n = k.asText().codePointCount(0, k.asText().length());
            if (n < 1 || n > 128) {
                List<String> values = new ArrayList<>();
                keys.forEach(v -> values.add(v.asText()));
                r.violation("Value '" + values + "' at 'tagKeys' failed to satisfy constraint: Member must satisfy "
                        + "constraint: [Member must have length less than or equal to 128, Member must have length "
                        + "greater than or equal to 1]");
                return;
            }
        }
    }

    /** TooManyTags when a new resource would get more than AWS's 50 tags. */
    static void checkCount(JsonNode tags) {
        if (tags == null) {
            return;
        }
        Map<String, String> distinct = new LinkedHashMap<>();
        tags.forEach(t -> distinct.put(t.path("key").asText(""), ""));
        if (distinct.size() > MAX_TAGS) {
            throw tooMany();
        }
    }

    /** Adds tags given as [{"key": …, "value": …}] (already checked with {@link #check}) within AWS's limit. */
    static void apply(SfnContext ctx, String arn, JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            map.put(t.path("key").asText(""), t.path("value").asText(""));
        }
        Map<String, String> existing = ctx.catalog().tags(arn);
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(map);
        if (merged.size() > MAX_TAGS) {
            throw tooMany();
        }
        ctx.catalog().tag(arn, map);
    }

    private static ServiceException tooMany() {
        return ServiceException.sfn("TooManyTags", "Too many tags: a resource can have at most " + MAX_TAGS + " tags");
    }

    private void requireResource(Caller caller, String arn) {
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine", "activity");
        boolean exists = parsed.ownedBy(caller) && (parsed.type().equals("activity")
                ? ctx.catalog().activity(arn).isPresent() : ctx.catalog().stateMachine(arn).isPresent());
        if (!exists) {
            throw ServiceException.sfn("ResourceNotFound", "Resource not found: '" + arn + "'");
        }
    }
}
