package dev.stepwise.server.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.http.Operation;
import dev.stepwise.server.http.RequestReader;
import dev.stepwise.server.http.ServiceException;
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

    private ObjectNode tag(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        JsonNode tags = r.array("tags");
        if (tags == null) {
            r.violation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        r.check();
        requireResource(arn);
        apply(ctx, arn, tags);
        return Json.object();
    }

    private ObjectNode untag(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        JsonNode keys = r.array("tagKeys");
        if (keys == null) {
            r.violation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        r.check();
        requireResource(arn);
        List<String> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.asText()));
        ctx.store().untag(arn, list);
        return Json.object();
    }

    private ObjectNode list(JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("resourceArn", 1, 256);
        r.check();
        requireResource(arn);
        ObjectNode o = Json.object();
        ArrayNode tags = o.putArray("tags");
        ctx.store().tags(arn).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return o;
    }

    /** Adds tags given as [{"key": …, "value": …}], within AWS's limits. */
    static void apply(SfnContext ctx, String arn, JsonNode tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String key = t.path("key").asText("");
            String value = t.path("value").asText("");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw ServiceException.validation("1 validation error detected: Value '" + key
                        + "' at 'tags' failed to satisfy constraint: Member must have a key of 1 to 128 characters and a value of at most 256");
            }
            map.put(key, value);
        }
        Map<String, String> existing = ctx.store().tags(arn);
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(map);
        if (merged.size() > MAX_TAGS) {
            throw ServiceException.sfn("TooManyTags", "Too many tags: a resource can have at most " + MAX_TAGS + " tags");
        }
        ctx.store().tag(arn, map);
    }

    private void requireResource(String arn) {
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine", "activity");
        boolean exists = parsed.type().equals("activity") ? ctx.store().activity(arn).isPresent()
                : ctx.store().stateMachine(arn).isPresent();
        if (!exists) {
            throw ServiceException.sfn("ResourceNotFound", "Resource not found: '" + arn + "'");
        }
    }
}
