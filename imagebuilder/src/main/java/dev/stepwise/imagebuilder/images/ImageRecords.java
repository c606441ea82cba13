package dev.stepwise.imagebuilder.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Image build versions in the catalog:
 * <ul>
 * <li>an image version ({@value #VERSION}) per name and semantic version, under its version ARN
 *     ({@code …:image/{name}/{x.y.z}}), keyed {@code name/zero-padded version}, counting the build
 *     numbers given, so two creates never get the same one and a deleted build's is not reused;</li>
 * <li>an image ({@value #IMAGE}) per build version, a child of its version keyed by build number;
 *     its body is GetImage's Image without its state, plus the engine execution that builds it;</li>
 * <li>its state ({@value #STATE}), a child of the image written by {@link ImageProjection} with the
 *     build's steps;</li>
 * <li>a workflow use ({@value #USE}) per workflow build version an image runs, a child of the
 *     workflow's ARN, so DeleteWorkflow sees that an image depends on it.</li>
 * </ul>
 */
public final class ImageRecords {
    public static final String VERSION = "imagebuilderImageVersion";
    public static final String IMAGE = "imagebuilderImage";
    public static final String STATE = "imagebuilderImageState";
    public static final String USE = "imagebuilderWorkflowUse";

    private final Catalog catalog;

    public ImageRecords(Catalog catalog) {
        this.catalog = catalog;
    }

    /** An image version's row: the last build number given, its row version (0: none yet). */
    public record VersionRow(String arn, String account, String region, String key, int lastBuild, long rowVersion) {}

    public VersionRow version(String account, String region, String name, String version, String sortKey) {
        String arn = "arn:aws:imagebuilder:" + region + ":" + account + ":image/" + name + "/" + version;
        return catalog.resource(arn).filter(r -> r.type().equals(VERSION))
                .map(r -> new VersionRow(arn, account, region, r.key(), parse(r.body()).path("lastBuild").asInt(),
                        r.version()))
                .orElse(new VersionRow(arn, account, region, name + "/" + sortKey, 0, 0));
    }

    /**
     * The changes that add an image build (its state PENDING) under its version, counting its build
     * number, with a use of each workflow it runs and {@code with} (the uses of its records, its
     * client token), to be applied in one transaction, the one that starts the image's build (see
     * ExecutionRuntime#startWith): an image is never stored without its build.
     * Applied, a StoreConflictException means nothing changed (another create won, or a record it
     * uses changed).
     */
    public List<ResourceChange> creation(VersionRow version, int build, ObjectNode image, List<String> workflowArns,
                                         List<ResourceChange> with) {
        String imageArn = version.arn() + "/" + build;
        List<ResourceChange> changes = new ArrayList<>(with);
        Resource versionRow = new Resource(version.arn(), version.account(), version.region(), VERSION, "",
                version.key(), 0, Json.write(Json.object().put("lastBuild", build)));
        changes.add(version.rowVersion() == 0 ? new ResourceChange.Create(versionRow)
                : new ResourceChange.Update(versionRow, version.rowVersion()));
        changes.add(new ResourceChange.Create(new Resource(imageArn, version.account(), version.region(), IMAGE,
                version.arn(), String.format("%010d", build), 0, Json.write(image))));
        changes.add(new ResourceChange.Create(stateRow(imageArn, version.account(), version.region(), "PENDING",
                null)));
        for (String w : workflowArns.stream().distinct().toList()) {
            changes.add(new ResourceChange.Create(new Resource(imageArn + "/uses/" + w, version.account(),
                    version.region(), USE, w, imageArn, 0, "{}")));
        }
        return changes;
    }

    static Resource stateRow(String imageArn, String account, String region, String status, String reason) {
        ObjectNode o = Json.object().put("status", status);
        if (reason != null) {
            o.put("reason", reason.length() > 1024 ? reason.substring(0, 1024) : reason);
        }
        return new Resource(imageArn + "/state", account, region, STATE, imageArn, "state", 0, Json.write(o));
    }

    public Optional<JsonNode> image(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(IMAGE)).map(r -> parse(r.body()));
    }

    /** An image's state ({@code status}, {@code reason}). */
    public JsonNode state(String imageArn) {
        return catalog.resource(imageArn + "/state").map(r -> parse(r.body()))
                .orElse(Json.object().put("status", "PENDING"));
    }

    /** The builds of an image version, oldest first, after {@code afterKey}. */
    public Page<JsonNode> builds(String account, String region, String versionArn, String afterKey, int limit) {
        Page<Resource> page = catalog.list(ResourceRange.children(account, region, IMAGE, versionArn), afterKey, limit);
        return new Page<>(page.items().stream().map(r -> parse(r.body())).toList(), page.next());
    }

    /**
     * The newest AVAILABLE build of the newest version of the image {@code name} whose version
     * (x.y.z) {@code matches} accepts: the build an image ARN with wildcards selects as a parent image.
     * A version none of whose builds is AVAILABLE is passed over for the one before it.
     */
    public Optional<String> newestAvailable(String account, String region, String name,
                                            java.util.function.Predicate<String> matches) {
        List<String> versions = new ArrayList<>();
        String after = name + "/";
        ResourceRange range = ResourceRange.of(account, region, VERSION);
        listing:
        while (true) {
            Page<Resource> page = catalog.list(range, after, 100);
            for (Resource r : page.items()) {
                if (!r.key().startsWith(name + "/")) {
                    break listing;
                }
                String version = r.arn().substring(r.arn().lastIndexOf('/') + 1);
                if (matches.test(version)) {
                    versions.add(r.arn());
                }
                after = r.key();
            }
            if (page.next() == null) {
                break;
            }
        }
        // keys sort versions in numeric order: the last is the newest
        for (int v = versions.size() - 1; v >= 0; v--) {
            String afterBuild = null;
            ResourceRange builds = ResourceRange.children(account, region, IMAGE, versions.get(v)).reversed();
            do {
                Page<Resource> page = catalog.list(builds, afterBuild, 25);
                for (Resource build : page.items()) {
                    if (state(build.arn()).path("status").asText().equals("AVAILABLE")) {
                        return Optional.of(build.arn());
                    }
                }
                afterBuild = page.next();
            } while (afterBuild != null);
        }
        return Optional.empty();
    }

    /** Whether any image runs the workflow build version {@code workflowArn}. */
    public boolean workflowInUse(String account, String region, String workflowArn) {
        return !catalog.list(ResourceRange.children(account, region, USE, workflowArn), null, 1).items().isEmpty();
    }

    /**
     * Removes an image build with its state, its runs' records and its workflow uses, and applies
     * {@code with} (the releases of the records it used) in the same transaction.
     */
    public void delete(String imageArn, List<String> workflowArns, List<ResourceChange> with) {
        List<ResourceChange> changes = new ArrayList<>(with);
        workflowArns.stream().distinct().forEach(w -> changes.add(new ResourceChange.Delete(imageArn + "/uses/" + w)));
        changes.add(new ResourceChange.Delete(imageArn));
        catalog.apply(changes);
    }

    public Catalog catalog() {
        return catalog;
    }

    static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored Image Builder image row is not JSON", e);
        }
    }
}
