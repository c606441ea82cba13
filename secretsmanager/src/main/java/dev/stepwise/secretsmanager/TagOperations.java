package dev.stepwise.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.asl.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TagResource and UntagResource on secrets. Tags are kept in the secret's record, so they change
 * with it in one write and go with it. A secret scheduled for deletion is not retagged.
 */
final class TagOperations {
    private final Secrets secrets;

    TagOperations(Secrets secrets) {
        this.secrets = secrets;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
    }

    private ObjectNode tag(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        if (r.raw("Tags") == null) {
            r.required("Tags");
        }
        Map<String, String> tags = Requests.tags(r, "Tags");
        r.check();
        secrets.change(caller, secretId, s -> {
            if (s.scheduledForDeletion()) {
                throw Errors.markedForDeletion();
            }
            Map<String, String> merged = new LinkedHashMap<>(s.tags());
            merged.putAll(tags);
            return Secrets.Change.of(s.withTags(merged, secrets.now()), s);
        });
        return Json.object();
    }

    private ObjectNode untag(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        if (r.raw("TagKeys") == null) {
            r.required("TagKeys");
        }
        List<String> keys = Requests.strings(r, "TagKeys", "tagKeys", 0, Integer.MAX_VALUE, 1, 128);
        r.check();
        secrets.change(caller, secretId, s -> {
            if (s.scheduledForDeletion()) {
                throw Errors.markedForDeletion();
            }
            Map<String, String> remaining = new LinkedHashMap<>(s.tags());
            keys.forEach(remaining::remove);
            // removing tags a secret does not have changes nothing, as on AWS
            return remaining.equals(s.tags()) ? Secrets.Change.none(s)
                    : Secrets.Change.of(s.withTags(remaining, secrets.now()), s);
        });
        return Json.object();
    }
}
