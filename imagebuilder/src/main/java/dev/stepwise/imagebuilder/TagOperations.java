package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.WorkflowCatalog.NameRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsForResource on the caller's workflow build versions,
 * component build versions, image recipes, infrastructure and distribution configurations. Tags
 * live in the resource's row (a record's in the {@code tags} member of the body its Get answers),
 * so they change with a version check and go with it. AWS's managed workflows have no tags and
 * take none.
 */
final class TagOperations {
    /** The model's ImageBuilderArn: any Image Builder resource's ARN. */
    private static final Pattern IMAGE_BUILDER_ARN = Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}"
            + "|aws(?:-[a-z-]+)?):(?:image-recipe|container-recipe|infrastructure-configuration|distribution-"
            + "configuration|component|image|image-pipeline|lifecycle-policy|workflow\\/(?:build|test|distribution))"
            + "/[a-z0-9-_]+(?:/(?:(?:x|[0-9]+)\\.(?:x|[0-9]+)\\.(?:x|[0-9]+))(?:/[0-9]+)?)?$");
    private static final int ATTEMPTS = 20;

    /** The catalog types of the records that take tags. */
    private static final Set<String> RECORD_TYPES = Set.of(RecordCatalog.COMPONENT, RecordCatalog.IMAGE_RECIPE,
            RecordCatalog.INFRASTRUCTURE_CONFIGURATION, RecordCatalog.DISTRIBUTION_CONFIGURATION,
            RecordCatalog.IMAGE_PIPELINE);

    private final WorkflowCatalog workflows;
    private final RecordCatalog records;

    TagOperations(WorkflowCatalog workflows, RecordCatalog records) {
        this.workflows = workflows;
        this.records = records;
    }

    void register(Map<String, Operation> ops) {
        ops.put("TagResource", this::tag);
        ops.put("UntagResource", this::untag);
        ops.put("ListTagsForResource", this::list);
    }

    private ObjectNode tag(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = resourceArn(r);
        if (!r.has("tags")) {
            throw ImageBuilderErrors.invalidParameter("The request must include the parameter 'tags'.");
        }
        Map<String, String> tags = r.tags("tags", ImageBuilderErrors::invalidParameter);
        change(caller, arn, current -> {
            Map<String, String> merged = new LinkedHashMap<>(current);
            merged.putAll(tags);
            if (merged.size() > Tags.MAX_TAGS) {
                throw ImageBuilderErrors.invalidParameter("The resource '" + arn + "' would have " + merged.size()
                        + " tags; a resource can have at most " + Tags.MAX_TAGS + ".");
            }
            return merged;
        });
        return Json.object();
    }

    private ObjectNode untag(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = resourceArn(r);
        List<String> keys = r.strings("tagKeys");
        if (keys == null) {
            throw ImageBuilderErrors.invalidParameter("The request must include the parameter 'tagKeys'.");
        }
        Tags.checkKeys(keys, "tagKeys", ImageBuilderErrors::invalidParameter);
        change(caller, arn, current -> {
            Map<String, String> remaining = new LinkedHashMap<>(current);
            keys.forEach(remaining::remove);
            return remaining;
        });
        return Json.object();
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        String arn = resourceArn(new ImageBuilderRequest(body));
        Optional<WorkflowRecord> managed = managed(caller, arn);
        Map<String, String> tags = managed.isPresent() ? managed.get().tags()
                : managedComponent(caller, arn) ? Map.of()
                : isWorkflow(arn) ? find(caller, arn).tags() : tagsOf(record(caller, arn));
        ObjectNode o = Json.object();
        o.set("tags", WorkflowViews.tags(tags));
        return o;
    }

    /** Replaces a build's tags by what {@code change} makes of them, retrying when another write came first. */
    private void change(Caller caller, String arn, UnaryOperator<Map<String, String>> change) {
        if (managed(caller, arn).isPresent() || managedComponent(caller, arn)) {
            throw ImageBuilderErrors.invalidParameter("The tags of the AWS managed resource '" + arn
                    + "' can't be changed.");
        }
        for (int attempt = 1; ; attempt++) {
            if (!isWorkflow(arn)) {
                RecordCatalog.Stored record = record(caller, arn);
                Map<String, String> current = tagsOf(record);
                Map<String, String> next = change.apply(current);
                if (next.equals(current)) {
                    return;
                }
                ObjectNode body = record.body().deepCopy();
                body.set("tags", WorkflowViews.tags(next));
                try {
                    records.apply(List.of(record.withBody(body)));
                    return;
                } catch (StoreConflictException e) {
                    if (attempt == ATTEMPTS) {
                        throw ImageBuilderErrors.busy();
                    }
                    continue;
                }
            }
            WorkflowRecord build = find(caller, arn);
            Map<String, String> next = change.apply(build.tags());
            if (next.equals(build.tags())) {
                return;
            }
            WorkflowArn parsed = build.parsedArn();
            NameRow name = workflows.name(caller.account(), caller.region(), parsed.type(), parsed.name());
            try {
                workflows.updateTags(build.withTags(next), name);
                return;
            } catch (StoreConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw new ServiceException(500, "ServiceException", "The resource is being changed by other "
                            + "requests; retry the request.");
                }
            }
        }
    }

    private static String resourceArn(ImageBuilderRequest r) {
        String arn = r.string("resourceArn");
        if (arn == null || !IMAGE_BUILDER_ARN.matcher(arn).matches()) {
            throw ImageBuilderErrors.invalidParameter("The value supplied for parameter 'resourceArn' is not valid. "
                    + "It must be the ARN of an Image Builder resource.");
        }
        return arn;
    }

    private static Optional<WorkflowRecord> managed(Caller caller, String arn) {
        return ManagedWorkflows.build(caller.region(), arn);
    }

    /** Whether {@code arn} is one of AWS's managed components: they have no tags, and keep none. */
    private static boolean managedComponent(Caller caller, String arn) {
        return ManagedComponents.build(caller.region(), arn).isPresent();
    }

    private static boolean isWorkflow(String arn) {
        return WorkflowArn.parse(arn).isPresent();
    }

    /** The caller's record (component, recipe, configuration) {@code arn} names; ResourceNotFoundException for anything else. */
    private RecordCatalog.Stored record(Caller caller, String arn) {
        return RecordArns.accountAndRegion(arn)
                .filter(ar -> ar[0].equals(caller.account()) && ar[1].equals(caller.region()))
                .flatMap(ar -> records.catalog().resource(arn)).filter(r -> RECORD_TYPES.contains(r.type()))
                .map(RecordCatalog::stored)
                .orElseThrow(() -> ImageBuilderErrors.resourceNotFound("The resource '" + arn + "' does not exist."));
    }

    private static Map<String, String> tagsOf(RecordCatalog.Stored record) {
        Map<String, String> tags = new LinkedHashMap<>();
        record.body().path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }

    /** The caller's workflow build version {@code arn} names; ResourceNotFoundException for anything else. */
    private WorkflowRecord find(Caller caller, String arn) {
        return WorkflowArn.parse(arn)
                .filter(a -> a.isBuildVersion() && a.region().equals(caller.region())
                        && a.account().equals(caller.account()))
                .flatMap(a -> workflows.build(arn))
                .orElseThrow(() -> ImageBuilderErrors.resourceNotFound("The resource '" + arn + "' does not exist."));
    }
}
