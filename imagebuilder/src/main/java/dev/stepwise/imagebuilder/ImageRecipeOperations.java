package dev.stepwise.imagebuilder;

import static dev.stepwise.imagebuilder.Shapes.CLIENT_TOKEN;
import static dev.stepwise.imagebuilder.Shapes.RESOURCE_NAME;
import static dev.stepwise.imagebuilder.Shapes.TAG_MAP;
import static dev.stepwise.imagebuilder.Shapes.bool;
import static dev.stepwise.imagebuilder.Shapes.integer;
import static dev.stepwise.imagebuilder.Shapes.listOf;
import static dev.stepwise.imagebuilder.Shapes.nonEmpty;
import static dev.stepwise.imagebuilder.Shapes.oneOf;
import static dev.stepwise.imagebuilder.Shapes.pattern;
import static dev.stepwise.imagebuilder.Shapes.struct;
import static dev.stepwise.imagebuilder.Shapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.RecordPages.Listed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CreateImageRecipe, GetImageRecipe, ListImageRecipes and DeleteImageRecipe. A recipe is one
 * immutable version of a name ({@code …:image-recipe/NAME/1.0.0}); a second create of the same
 * name and version is refused. The components it names must be the caller's (each reference, a
 * build ARN or a version ARN that may hold wildcards, is resolved to a build when the recipe is
 * created), take the parameters their documents declare, and be for one platform, which is the
 * recipe's. The recipe records its use of those builds, so they can't be deleted while it exists.
 */
final class ImageRecipeOperations {
    static final String CREATE = "CreateImageRecipe";
    private static final String WILDCARD_VERSION = "^(?:[0-9]+|x)\\.(?:[0-9]+|x)\\.(?:[0-9]+|x)$";
    private static final Pattern PARENT_IMAGE = Pattern.compile("^(?:ami-[0-9a-f]{8,17}|ssm:\\S+|arn:aws[^:]*:"
            + "imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/([a-z0-9-_]+)/(?:[0-9]+|x)\\.(?:[0-9]+|x)\\."
            + "(?:[0-9]+|x)(?:/[0-9]+)?)$");
    private static final List<String> OWNERS = List.of("Self", "Shared", "Amazon", "ThirdParty", "AWSMarketplace");
    private static final List<String> FILTERS = List.of("name", "parentImage", "platform");
    private static final int ATTEMPTS = 20;

    static final Shapes.Struct COMPONENT_CONFIGURATION = struct(
            "componentArn!", pattern(RecordArns.COMPONENT_VERSION_OR_BUILD_VERSION),
            "parameters", listOf(struct(
                    "name!", text(1, 256, "[^\\x00]+"),
                    "value!", listOf(text(0, Integer.MAX_VALUE, "[^\\x00]*"))), 1, Integer.MAX_VALUE));
    static final Shapes.Struct BLOCK_DEVICE_MAPPING = struct(
            "deviceName", nonEmpty(),
            "ebs", struct(
                    "encrypted", bool(),
                    "deleteOnTermination", bool(),
                    "iops", integer(100, 64000),
                    "kmsKeyId", nonEmpty(),
                    "snapshotId", nonEmpty(),
                    "volumeSize", integer(1, 16000),
                    "volumeType", oneOf("standard", "io1", "io2", "gp2", "gp3", "sc1", "st1"),
                    "throughput", integer(125, 1000)),
            "virtualName", nonEmpty(),
            "noDevice", text(0, 0));
    private static final Shapes.Struct CREATE_REQUEST = struct(
            "name!", RESOURCE_NAME,
            "description", nonEmpty(),
            "semanticVersion!", pattern(WILDCARD_VERSION),
            "components", listOf(COMPONENT_CONFIGURATION, 1, Integer.MAX_VALUE),
            "parentImage!", nonEmpty(),
            "blockDeviceMappings", listOf(BLOCK_DEVICE_MAPPING),
            "tags", TAG_MAP,
            "workingDirectory", nonEmpty(),
            "additionalInstanceConfiguration", struct(
                    "systemsManagerAgent", struct("uninstallAfterBuild", bool()),
                    "userDataOverride", text(1, 21847,
                            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")),
            "amiTags", TAG_MAP,
            "clientToken!", CLIENT_TOKEN);

    private final RecordCatalog records;
    private final ComponentOperations components;
    private final PageTokens tokens;
    private final Clock clock;

    ImageRecipeOperations(RecordCatalog records, ComponentOperations components, PageTokens tokens, Clock clock) {
        this.records = records;
        this.components = components;
        this.tokens = tokens;
        this.clock = clock;
    }

    void register(Map<String, Operation> ops) {
        ops.put(CREATE, this::create);
        ops.put("GetImageRecipe", this::get);
        ops.put("ListImageRecipes", this::list);
        ops.put("DeleteImageRecipe", this::delete);
    }

    // ---- CreateImageRecipe

    private ObjectNode create(Caller caller, JsonNode body) {
        ObjectNode request = CREATE_REQUEST.check("", body);
        String name = request.get("name").asText();
        String clientToken = request.get("clientToken").asText();
        String parentImage = request.get("parentImage").asText();
        if (!PARENT_IMAGE.matcher(parentImage).matches()) {
            throw ImageBuilderErrors.invalidParameterValue("parentImage", "It must be an AMI ID (ami-…), the ARN of "
                    + "an Image Builder image, or an SSM parameter (ssm:…).");
        }
        VersionSelector asked = VersionSelector.parse(request.get("semanticVersion").asText());
        if (asked.exact()) {
            SemanticVersion.parse(asked.toString()); // InvalidVersionNumberException for a node beyond 2^30-1
        }
        String requestDigest = ClientTokens.requestDigest(body);
        Optional<ObjectNode> replay = ClientTokens.replay(records.catalog(), caller, CREATE, clientToken, requestDigest);
        if (replay.isPresent()) {
            return replay.get();
        }
        String normalized = WorkflowArn.normalizedName(name);
        for (int attempt = 1; ; attempt++) {
            List<Stored> used = new ArrayList<>();
            String platform = componentsPlatform(caller, request, used);
            if (platform == null) {
                platform = platformOf(parentImage);
            }
            SemanticVersion version = version(caller, normalized, asked);
            String arn = RecordArns.imageRecipe(caller.region(), caller.account(), normalized, version);
            if (records.find(arn, RecordCatalog.IMAGE_RECIPE).isPresent()) {
                throw ImageBuilderErrors.resourceAlreadyExists("ImageRecipe", arn);
            }
            ObjectNode recipe = recipe(caller, request, arn, platform, version);
            ObjectNode response = Json.object();
            response.put("clientToken", clientToken).put("imageRecipeArn", arn);
            response.set("latestVersionReferences", WorkflowViews.latestVersionReferences(
                    RecordArns.imageRecipeName(caller.region(), caller.account(), normalized), version));
            List<ResourceChange> changes = new ArrayList<>();
            changes.add(RecordCatalog.create(arn, caller.account(), caller.region(), RecordCatalog.IMAGE_RECIPE,
                    normalized + "/" + version.sortKey(), recipe));
            changes.add(ClientTokens.record(caller.account(), caller.region(), CREATE, clientToken, arn,
                    new ClientTokens.Used(requestDigest, response)));
            changes.addAll(RecordCatalog.uses(arn, caller.account(), caller.region(), used));
            try {
                records.apply(changes);
                return response;
            } catch (StoreConflictException e) {
                // this recipe, or this client token, was made meanwhile, or a component changed: look again
                replay = ClientTokens.replay(records.catalog(), caller, CREATE, clientToken, requestDigest);
                if (replay.isPresent()) {
                    return replay.get();
                }
                if (attempt == ATTEMPTS) {
                    throw ImageBuilderErrors.busy();
                }
            }
        }
    }

    /**
     * Resolves the request's components to the caller's builds (added to {@code used}), checks the
     * parameters given to each against its document's, and answers their common platform (null
     * when there are none).
     */
    private String componentsPlatform(Caller caller, ObjectNode request, List<Stored> used) {
        String platform = null;
        String first = null;
        for (JsonNode c : request.path("components")) {
            String arn = c.get("componentArn").asText();
            Stored component = components.resolve(caller, arn).orElseThrow(() -> ComponentOperations.notFound(arn));
            Set<String> declared = new HashSet<>();
            component.body().path("parameters").forEach(p -> declared.add(p.path("name").asText()));
            Set<String> given = new HashSet<>();
            for (JsonNode p : c.path("parameters")) {
                String parameter = p.get("name").asText();
                if (!declared.contains(parameter)) {
                    throw ImageBuilderErrors.invalidParameterValue("components", "The component '" + arn
                            + "' has no parameter '" + parameter + "'.");
                }
                if (!given.add(parameter)) {
                    throw ImageBuilderErrors.invalidParameterValue("components", "The parameter '" + parameter
                            + "' of the component '" + arn + "' is given more than once.");
                }
            }
            String its = component.body().path("platform").asText();
            if (platform != null && !platform.equals(its)) {
                throw ImageBuilderErrors.invalidParameterValue("components", "The components of an image recipe "
                        + "must be for one platform: '" + first + "' is for " + platform + " and '" + arn + "' for "
                        + its + ".");
            }
            platform = its;
            first = first == null ? arn : first;
            if (!ManagedComponents.isManaged(component.arn())) {
                used.add(component); // AWS's own can't be deleted: no use to record
            }
        }
        return platform;
    }

    /** The platform a parent image names, for a recipe without components: AWS's Windows and macOS images say so. */
    private static String platformOf(String parentImage) {
        String image = parentImage.toLowerCase(Locale.ROOT);
        if (image.contains("windows")) {
            return "Windows";
        }
        return image.contains(":image/mac") ? "macOS" : "Linux";
    }

    /**
     * The version a create makes: the one asked for, or, when it holds wildcards, the newest existing
     * version it selects with its last wildcard node one more (0 for each wildcard node when it
     * selects none).
     */
    private SemanticVersion version(Caller caller, String name, VersionSelector asked) {
        if (asked.exact()) {
            return SemanticVersion.parse(asked.toString());
        }
        Optional<SemanticVersion> newest = recipes(caller, name).stream()
                .map(s -> SemanticVersion.parse(s.body().get("version").asText()))
                .filter(asked::matches).max(SemanticVersion::compareTo);
        if (newest.isEmpty()) {
            return new SemanticVersion(node(asked.major()), node(asked.minor()), node(asked.patch()));
        }
        SemanticVersion v = newest.get();
        if (asked.patch() == null) {
            return new SemanticVersion(v.major(), v.minor(), v.patch() + 1);
        }
        if (asked.minor() == null) {
            return new SemanticVersion(v.major(), v.minor() + 1, v.patch());
        }
        return new SemanticVersion(v.major() + 1, v.minor(), v.patch());
    }

    private static int node(Integer n) {
        return n == null ? 0 : n;
    }

    /** The ImageRecipe shape GetImageRecipe answers. */
    private ObjectNode recipe(Caller caller, ObjectNode request, String arn, String platform, SemanticVersion version) {
        ObjectNode o = Json.object();
        o.put("arn", arn).put("type", "AMI").put("name", request.get("name").asText());
        copy(request, o, "description");
        o.put("platform", platform).put("owner", caller.account()).put("version", version.toString());
        o.set("components", request.has("components") ? request.get("components") : Json.array());
        copy(request, o, "parentImage", "blockDeviceMappings");
        o.put("dateCreated", WorkflowViews.dateTime(clock.instant()));
        o.set("tags", request.has("tags") ? request.get("tags") : Json.object());
        copy(request, o, "workingDirectory", "additionalInstanceConfiguration", "amiTags");
        return o;
    }

    private static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String m : members) {
            if (from.has(m)) {
                to.set(m, from.get(m));
            }
        }
    }

    // ---- GetImageRecipe

    private ObjectNode get(Caller caller, JsonNode body) {
        String arnText = ComponentOperations.arn(body, "imageRecipeArn", RecordArns.IMAGE_RECIPE);
        Stored found = resolve(caller, arnText).orElseThrow(() -> ComponentOperations.notFound(arnText));
        RecordArns.Versioned arn = RecordArns.versioned(found.arn()).orElseThrow();
        ObjectNode o = Json.object();
        o.set("imageRecipe", found.body());
        o.set("latestVersionReferences", WorkflowViews.latestVersionReferences(
                RecordArns.imageRecipeName(arn.region(), arn.account(), arn.name()),
                SemanticVersion.parse(found.body().get("version").asText())));
        return o;
    }

    /** The recipe {@code arnText} names, or the newest its version with wildcards selects, as the caller sees it. */
    private Optional<Stored> resolve(Caller caller, String arnText) {
        Optional<RecordArns.Versioned> parsed = RecordArns.versioned(arnText)
                .filter(a -> a.kind().equals("image-recipe") && a.ownedBy(caller.account(), caller.region()));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        if (parsed.get().version().exact()) {
            return records.find(arnText, RecordCatalog.IMAGE_RECIPE);
        }
        return recipes(caller, parsed.get().name()).stream()
                .filter(s -> parsed.get().version().matches(SemanticVersion.parse(s.body().get("version").asText())))
                .reduce((a, b) -> b); // in version order: the last is the newest
    }

    /** Every version of a recipe name, in version order. */
    private List<Stored> recipes(Caller caller, String name) {
        String prefix = name + "/";
        List<Stored> recipes = new ArrayList<>();
        String cursor = prefix;
        while (true) {
            Page<Resource> page = records.list(caller.account(), caller.region(), RecordCatalog.IMAGE_RECIPE, cursor,
                    100);
            for (Resource row : page.items()) {
                if (!row.key().startsWith(prefix)) {
                    return recipes;
                }
                recipes.add(RecordCatalog.stored(row));
                cursor = row.key();
            }
            if (page.next() == null) {
                return recipes;
            }
        }
    }

    // ---- ListImageRecipes

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String owner = r.oneOf("owner", OWNERS);
        List<Filters.Filter> filters = Filters.read(r, FILTERS);
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String who = owner == null ? "Self" : owner;
        String scope = "ListImageRecipes/" + who + "/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        // this face keeps no recipes but the caller's own: other owners have none to list
        Listed listed = !who.equals("Self") ? new Listed(List.of(), null)
                : RecordPages.rows(records, caller, RecordCatalog.IMAGE_RECIPE, position, limit,
                        s -> passes(s.body(), filters) ? Optional.of(summary(s.body())) : Optional.empty());
        return RecordPages.answer(tokens, caller, scope, "imageRecipeSummaryList", listed);
    }

    private static boolean passes(JsonNode recipe, List<Filters.Filter> filters) {
        return filters.stream().allMatch(f -> f.name().equals("name")
                ? f.values().stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                        .equals(WorkflowArn.normalizedName(recipe.path("name").asText())))
                : f.values().contains(recipe.path(f.name()).asText(null)));
    }

    /** The ImageRecipeSummary shape of ListImageRecipes. */
    private static ObjectNode summary(JsonNode recipe) {
        ObjectNode o = Json.object();
        copy(recipe, o, "arn", "name", "platform", "owner", "parentImage", "dateCreated", "tags");
        return o;
    }

    // ---- DeleteImageRecipe

    private ObjectNode delete(Caller caller, JsonNode body) {
        String arnText = ComponentOperations.arn(body, "imageRecipeArn", RecordArns.IMAGE_RECIPE);
        for (int attempt = 1; ; attempt++) {
            Stored found = RecordArns.versioned(arnText)
                    .filter(a -> a.kind().equals("image-recipe") && a.ownedBy(caller.account(), caller.region()))
                    .flatMap(a -> records.find(arnText, RecordCatalog.IMAGE_RECIPE))
                    .orElseThrow(() -> ComponentOperations.notFound(arnText));
            if (records.inUse(found)) {
                throw ImageBuilderErrors.resourceDependency(arnText);
            }
            List<ResourceChange> changes = new ArrayList<>();
            changes.add(found.unchanged());
            changes.addAll(records.releases(arnText, caller.account(), caller.region()));
            changes.add(new ResourceChange.Delete(arnText));
            try {
                records.apply(changes);
                return Json.object().put("imageRecipeArn", arnText);
            } catch (StoreConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw ImageBuilderErrors.busy();
                }
            }
        }
    }
}
