package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Components, image recipes, infrastructure and distribution configurations in the store's generic
 * catalog. Each is one row under its AWS ARN whose body is exactly the object its Get operation
 * answers (the model's Component, ImageRecipe, InfrastructureConfiguration and
 * DistributionConfiguration), tags included, so whoever reads a row answers it as it is. Rows of a
 * kind are keyed so that an account's and region's rows are one key range in name order:
 * <ul>
 * <li>{@value #COMPONENT}: {@code {name}/{version sort key}/{build, 10 digits}};</li>
 * <li>{@value #IMAGE_RECIPE}: {@code {name}/{version sort key}};</li>
 * <li>{@value #INFRASTRUCTURE_CONFIGURATION}, {@value #DISTRIBUTION_CONFIGURATION}, {@value #IMAGE_PIPELINE}:
 *     {@code {name}};</li>
 * </ul>
 * where the name is the normalized one of the ARN. A key (or ARN) taken refuses a second create,
 * which is what serializes creates of one name.
 *
 * <p>Uses: a resource that uses others (a recipe its components; later an image its recipe and
 * configurations) records each use twice, in the same transaction as the user is created: a
 * {@value #USES} row under the user keyed by the used ARN, and a {@value #USED_BY} row under the used
 * resource keyed by the user's ARN, so "is it in use" is one indexed read. Recording a use also
 * rewrites the used row at the version it was read at, and a delete removes a row only at the
 * version its "not in use" check saw: a use and a delete of the same resource never both succeed.
 */
final class RecordCatalog {
    static final String COMPONENT = "imagebuilderComponent";
    static final String IMAGE_RECIPE = "imagebuilderImageRecipe";
    static final String INFRASTRUCTURE_CONFIGURATION = "imagebuilderInfrastructureConfiguration";
    static final String DISTRIBUTION_CONFIGURATION = "imagebuilderDistributionConfiguration";
    static final String IMAGE_PIPELINE = "imagebuilderImagePipeline";
    /** A pipeline's record of an image it built: a child of the pipeline, keyed newest first. */
    static final String PIPELINE_IMAGE = "imagebuilderPipelineImage";
    /**
     * A pipeline's next scheduled run, indexed for every node to find: one row per pipeline and due
     * time in a range of no account or region, keyed by the due time (see {@link PipelineSchedules}).
     */
    static final String PIPELINE_DUE = "imagebuilderPipelineDue";
    static final String USES = "imagebuilderUses";
    static final String USED_BY = "imagebuilderUsedBy";
    /** A build number above every build's, for keys that skip past a version's builds. */
    static final String LAST_BUILD = "9999999999";

    private final Catalog catalog;

    RecordCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    Catalog catalog() {
        return catalog;
    }

    /** A row and its body, as read (the row's version is the one a change must expect). */
    record Stored(Resource row, ObjectNode body) {
        String arn() {
            return row.arn();
        }

        /** The same row with another body, to be written at this row's version. */
        ResourceChange.Update withBody(ObjectNode newBody) {
            return new ResourceChange.Update(row.withBody(Json.write(newBody)), row.version());
        }

        /** The row rewritten unchanged at its version: a write that fails if anyone changed or removed it since. */
        ResourceChange.Update unchanged() {
            return new ResourceChange.Update(row, row.version());
        }
    }

    /** The row of {@code type} under {@code arn}; empty for none (or one of another type). */
    Optional<Stored> find(String arn, String type) {
        return catalog.resource(arn).filter(r -> r.type().equals(type)).map(r -> new Stored(r, body(r)));
    }

    /** A page of an account's and region's rows of {@code type} in key order, after {@code afterKey}. */
    Page<Resource> list(String account, String region, String type, String afterKey, int limit) {
        return catalog.list(ResourceRange.of(account, region, type), afterKey, limit);
    }

    static Stored stored(Resource r) {
        return new Stored(r, body(r));
    }

    /** A new row of {@code type} under {@code arn} with {@code body}. */
    static ResourceChange.Create create(String arn, String account, String region, String type, String key,
                                       ObjectNode body) {
        return new ResourceChange.Create(new Resource(arn, account, region, type, "", key, 0, Json.write(body)));
    }

    /** Applies the changes in one transaction; StoreConflictException: none of them. */
    void apply(List<ResourceChange> changes) {
        catalog.apply(changes);
    }

    // ---- uses

    /** Whether any resource records a use of {@code arn}. */
    boolean inUse(Stored used) {
        return !catalog.list(ResourceRange.children(used.row().account(), used.row().region(), USED_BY, used.arn()),
                null, 1).items().isEmpty();
    }

    /** The changes that record {@code userArn}'s uses of {@code used} (rows as read), to apply with the user's creation. */
    static List<ResourceChange> uses(String userArn, String account, String region, List<Stored> used) {
        List<ResourceChange> changes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Stored u : used) {
            if (seen.contains(u.arn())) {
                continue;
            }
            seen.add(u.arn());
            changes.add(u.unchanged());
            changes.add(new ResourceChange.Create(new Resource(usedByArn(u.arn(), userArn), u.row().account(),
                    u.row().region(), USED_BY, u.arn(), userArn, 0, "{}")));
            changes.add(new ResourceChange.Create(new Resource(usesArn(userArn, u.arn()), account, region, USES,
                    userArn, u.arn(), 0, "{}")));
        }
        return changes;
    }

    /**
     * The changes that remove {@code userArn}'s uses, both rows of each, to apply with its deletion,
     * or before the changes that record its new uses when it is updated (a pipeline given other records).
     */
    List<ResourceChange> releases(String userArn, String account, String region) {
        List<ResourceChange> changes = new ArrayList<>();
        String after = null;
        do {
            Page<Resource> page = catalog.list(ResourceRange.children(account, region, USES, userArn), after, 100);
            for (Resource r : page.items()) {
                changes.add(new ResourceChange.Delete(usedByArn(r.key(), userArn)));
                changes.add(new ResourceChange.Delete(r.arn()));
            }
            after = page.next();
        } while (after != null);
        return changes;
    }

    private static String usedByArn(String usedArn, String userArn) {
        return usedArn + "|used-by|" + userArn;
    }

    private static String usesArn(String userArn, String usedArn) {
        return userArn + "|uses|" + usedArn;
    }

    private static ObjectNode body(Resource r) {
        try {
            return (ObjectNode) Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of a " + r.type() + " row is not JSON", e);
        }
    }
}
