package dev.stepwise.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TagResource, UntagResource, ListTagsForResource on servers, users, host keys, workflows and
 * connectors, by ARN. A resource of another account or region is not found, as on AWS.
 */
final class TagOperations {
    private static final Set<String> TAGGABLE = Set.of(TransferCatalog.SERVER, TransferCatalog.USER,
            TransferCatalog.HOST_KEY, TransferCatalog.WORKFLOW, TransferCatalog.CONNECTOR);
    private static final Map<String, String> RESOURCE_TYPES = Map.of("server", "Server", "user", "User",
            "host-key", "HostKey", "workflow", "Workflow", "connector", "Connector");

    private final TransferContext ctx;

    TagOperations(TransferContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
        ops.put("ListTagsForResource", this::list);
    }

    private ObjectNode tag(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String arn = r.requiredString("Arn", ModelRules.ARN);
        if (!r.has("Tags")) {
            r.missing("Tags");
        }
        Map<String, String> tags = Tags.read(r, "Tags");
        r.check();
        if (!exists(caller, arn)) {
            throw notFound(arn);
        }
        Tags.checkCount(ctx.catalog().tags(arn), tags);
        ctx.catalog().tag(arn, tags);
        return Json.object();
    }

    private ObjectNode untag(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String arn = r.requiredString("Arn", ModelRules.ARN);
        List<String> keys = r.strings("TagKeys", 1, Tags.MAX_TAGS, ModelRules.TAG_KEY, null);
        if (keys == null) {
            r.missing("TagKeys");
        }
        r.check();
        if (!exists(caller, arn)) {
            throw notFound(arn);
        }
        ctx.catalog().untag(arn, keys);
        return Json.object();
    }

    /** Tags in key order, a page at a time (ListTagsForResource is paginated). */
    private ObjectNode list(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String arn = r.requiredString("Arn", ModelRules.ARN);
        TransferPaging paging = TransferPaging.read(r);
        r.check();
        if (!exists(caller, arn)) {
            // ListTagsForResource has no ResourceNotFoundException in the model
            throw TransferErrors.invalidRequest("Unknown resource: " + arn);
        }
        String scope = "ListTagsForResource/" + arn;
        String after = paging.after(ctx.tokens(), caller, scope);
        List<Map.Entry<String, String>> remaining = ctx.catalog().tags(arn).entrySet().stream()
                .filter(e -> after == null || e.getKey().compareTo(after) > 0)
                .toList();
        List<Map.Entry<String, String>> page = remaining.subList(0, Math.min(paging.limit(), remaining.size()));
        ObjectNode o = Json.object().put("Arn", arn);
        if (page.size() < remaining.size()) {
            TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.get(page.size() - 1).getKey());
        }
        ArrayNode tags = o.putArray("Tags");
        page.forEach(e -> tags.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        return o;
    }

    /** Whether {@code arn} names a taggable resource of the caller's account and region. */
    private boolean exists(Caller caller, String arn) {
        return Arn.parse(arn)
                .filter(a -> a.service().equals("transfer") && a.account().equals(caller.account())
                        && a.region().equals(caller.region()))
                .flatMap(a -> ctx.catalog().typeOf(arn))
                .filter(TAGGABLE::contains)
                .isPresent();
    }

    /** ResourceNotFoundException naming the resource as its ARN types it ("Unknown server"). */
    private static ServiceException notFound(String arn) {
        String kind = Arn.parse(arn).map(a -> a.resource().split("/", 2)[0]).orElse("");
        String type = RESOURCE_TYPES.getOrDefault(kind, "Resource");
        String words = switch (type) {
            case "HostKey" -> "host key";
            default -> type.toLowerCase(java.util.Locale.ROOT);
        };
        return TransferErrors.notFound("Unknown " + words, arn, type);
    }
}
