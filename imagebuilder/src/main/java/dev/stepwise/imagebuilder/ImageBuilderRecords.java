package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records an image build reads, by ARN: components, image recipes, infrastructure and
 * distribution configurations. Each lookup answers the record's JSON exactly as its Get operation
 * answers it (the model's Component, ImageRecipe, InfrastructureConfiguration,
 * DistributionConfiguration), or empty when there is no record of that kind under the ARN (an ARN
 * names one account and region, so another account's ARN finds only its own record).
 *
 * <p>A resource that uses records (an image) records its uses with {@link #use} in the transaction
 * that creates it and {@link #release} in the one that deletes it; a record in use refuses to be
 * deleted with ResourceDependencyException, as a component used by a recipe does.
 */
public final class ImageBuilderRecords {
    /** The catalog types of the records, for readers of the catalog itself. */
    public static final String COMPONENT = RecordCatalog.COMPONENT;
    public static final String IMAGE_RECIPE = RecordCatalog.IMAGE_RECIPE;
    public static final String INFRASTRUCTURE_CONFIGURATION = RecordCatalog.INFRASTRUCTURE_CONFIGURATION;
    public static final String DISTRIBUTION_CONFIGURATION = RecordCatalog.DISTRIBUTION_CONFIGURATION;

    private final RecordCatalog records;

    public ImageBuilderRecords(Catalog catalog) {
        this.records = new RecordCatalog(catalog);
    }

    /** A component build version, by its build version ARN ({@code …:component/NAME/1.0.0/1}). */
    public Optional<JsonNode> component(String arn) {
        return find(arn, COMPONENT);
    }

    /** An image recipe, by its ARN ({@code …:image-recipe/NAME/1.0.0}). */
    public Optional<JsonNode> imageRecipe(String arn) {
        return find(arn, IMAGE_RECIPE);
    }

    public Optional<JsonNode> infrastructureConfiguration(String arn) {
        return find(arn, INFRASTRUCTURE_CONFIGURATION);
    }

    public Optional<JsonNode> distributionConfiguration(String arn) {
        return find(arn, DISTRIBUTION_CONFIGURATION);
    }

    /** Whether a record (of any of the kinds above) is used by another resource; false for no record. */
    public boolean inUse(String arn) {
        return records.catalog().resource(arn).map(RecordCatalog::stored).map(records::inUse).orElse(false);
    }

    /**
     * The changes that record {@code userArn}'s uses of the records {@code usedArns} (a catalog row of
     * the caller's own, created in the same transaction), for the caller to apply with that row's
     * creation. They rewrite each used record at the version read here, so the transaction fails
     * with StoreConflictException (and the caller reads and tries again) if one was changed or
     * deleted meanwhile. Empty when a used ARN names no record: the caller answers that error first.
     */
    public Optional<List<ResourceChange>> use(String userArn, String account, String region, List<String> usedArns) {
        List<RecordCatalog.Stored> used = new ArrayList<>();
        for (String arn : usedArns) {
            Optional<RecordCatalog.Stored> stored = records.catalog().resource(arn)
                    .filter(r -> r.type().startsWith("imagebuilder")).map(RecordCatalog::stored);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            used.add(stored.get());
        }
        return Optional.of(RecordCatalog.uses(userArn, account, region, used));
    }

    /** The changes that remove {@code userArn}'s uses, for the caller to apply with its deletion. */
    public List<ResourceChange> release(String userArn, String account, String region) {
        return records.releases(userArn, account, region);
    }

    /** The catalog of the records, for listings that walk it. */
    RecordCatalog catalog() {
        return records;
    }

    private Optional<JsonNode> find(String arn, String type) {
        return records.find(arn, type).map(RecordCatalog.Stored::body);
    }
}
