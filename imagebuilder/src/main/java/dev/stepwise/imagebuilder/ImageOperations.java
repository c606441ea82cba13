package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.document.ParameterType;
import dev.stepwise.imagebuilder.document.WorkflowParameter;
import dev.stepwise.imagebuilder.document.WorkflowType;
import dev.stepwise.imagebuilder.executions.ExecutionRecords;
import dev.stepwise.imagebuilder.executions.RunData;
import dev.stepwise.imagebuilder.images.ImageMachine;
import dev.stepwise.imagebuilder.images.ImageProjection;
import dev.stepwise.imagebuilder.images.ImageRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * CreateImage, GetImage, ListImageBuildVersions, CancelImageCreation and DeleteImage. CreateImage
 * makes an image build version ({@code …:image/{recipe name}/{recipe version}/{n}}) and starts the
 * engine execution that builds it ({@link ImageMachine}): its workflows as named, or AWS's managed
 * build-image, test-image (unless tests are turned off) and distribute-image when it names none.
 * The recipe, infrastructure and distribution configurations are read through {@link ImageBuilderRecords}
 * and copied into the image as they are then; the image records its uses of them in the transaction
 * that stores it, and releases them in the one that deletes it, so none of them can be deleted while
 * an image uses it (ResourceDependencyException).
 *
 * <p>An image (with its client token, its uses and, for a pipeline's, the pipeline's record of it) is
 * stored in the transaction that starts the engine execution that builds it
 * ({@link ExecutionRuntime#startWith}): a crash leaves both or neither, never an image PENDING
 * without its build, whether CreateImage, StartImagePipelineExecution or a schedule asked for it.
 */
final class ImageOperations {
    private static final Set<String> IN_PROGRESS = Set.of("PENDING", "CREATING", "BUILDING", "TESTING",
            "DISTRIBUTING", "INTEGRATING");
    private static final int ATTEMPTS = 20;
    private static final List<String> OWNERS = List.of("Self", "Shared", "Amazon", "ThirdParty", "AWSMarketplace");
    private static final List<String> IMAGE_FILTERS = List.of("name", "osVersion", "platform", "type", "version");

    private static final String CREATE = "CreateImage";

    private final ImageBuilderWorkflows engine;
    private final ImageBuilderRecords records;
    private final WorkflowCatalog workflows;
    private final PageTokens tokens;
    private final Clock clock;
    private final RandomGenerator random;

    ImageOperations(ImageBuilderWorkflows engine, ImageBuilderRecords records, WorkflowCatalog workflows,
                    PageTokens tokens, Clock clock, RandomGenerator random) {
        this.engine = engine;
        this.records = records;
        this.workflows = workflows;
        this.tokens = tokens;
        this.clock = clock;
        this.random = random;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateImage", this::create);
        ops.put("GetImage", this::get);
        ops.put("ListImageBuildVersions", this::listBuildVersions);
        ops.put("ListImages", this::listImages);
        ops.put("CancelImageCreation", this::cancel);
        ops.put("DeleteImage", this::delete);
    }

    /** A workflow the image runs: its build, the values given to its parameters, group and failure policy. */
    private record Planned(WorkflowRecord workflow, ObjectNode parameters, String parallelGroup, boolean aborts) {}

    // ---- CreateImage

    private ObjectNode create(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String clientToken = r.requiredString("clientToken");
        r.string("clientToken", 1, 64);
        return build(caller, body, new Origin(CREATE, clientToken, ClientTokens.requestDigest(body), null,
                imageArn -> List.of()));
    }

    /**
     * Who asks for an image build: the operation and its client token, the digest of its request,
     * the image pipeline it runs (null: CreateImage) and the changes to apply with the image's
     * creation given its ARN (a pipeline's record of its image).
     */
    record Origin(String operation, String clientToken, String requestDigest, JsonNode pipeline,
                  Function<String, List<ResourceChange>> alongside) {

        /** Whether a pipeline's schedule asks (the image's buildType is SCHEDULED, not USER_INITIATED). */
        boolean scheduled() {
            return operation.equals(SCHEDULED);
        }
    }

    /** The operation name under which a pipeline's scheduled builds keep their (internal) client tokens. */
    static final String SCHEDULED = "ScheduledImagePipelineExecution";

    /**
     * Creates an image build version as {@code body} describes it (CreateImage's members: recipe,
     * configurations, tests, workflows, execution role, tags) and starts its build; answers what
     * {@code origin}'s operation answers. A client token already used for the same request answers
     * that request's answer again, and nothing more is built.
     */
    ObjectNode build(Caller caller, JsonNode body, Origin origin) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String recipeArn = r.string("imageRecipeArn");
        String infrastructureArn = r.requiredString("infrastructureConfigurationArn");
        String distributionArn = r.string("distributionConfigurationArn");
        String clientToken = origin.clientToken();
        String executionRole = r.string("executionRole", 1, 2048);
        Map<String, String> tags = r.tags("tags", ImageBuilderErrors::invalidParameterValue);
        if (r.has("containerRecipeArn")) {
            throw ImageBuilderErrors.invalidRequest("Container images are not supported yet; give an imageRecipeArn.");
        }
        if (recipeArn == null) {
            throw ImageBuilderErrors.missingParameter("imageRecipeArn");
        }
        boolean testsEnabled = !body.path("imageTestsConfiguration").path("imageTestsEnabled").isBoolean()
                || body.path("imageTestsConfiguration").path("imageTestsEnabled").booleanValue();
        List<Planned> planned = plan(caller, r.raw("workflows"), testsEnabled);
        String requestDigest = origin.requestDigest();
        ImageRecords images = engine.images();
        for (int attempt = 1; ; attempt++) {
            Optional<ObjectNode> replay = ClientTokens.replay(images.catalog(), caller, origin.operation(),
                    clientToken, requestDigest);
            if (replay.isPresent()) {
                return replay.get();
            }
            JsonNode recipe = record(caller, recipeArn, records.imageRecipe(recipeArn), "image recipe");
            JsonNode infrastructure = record(caller, infrastructureArn,
                    records.infrastructureConfiguration(infrastructureArn), "infrastructure configuration");
            JsonNode distribution = distributionArn == null ? null : record(caller, distributionArn,
                    records.distributionConfiguration(distributionArn), "distribution configuration");
            String name = WorkflowArn.normalizedName(recipe.path("name").asText());
            SemanticVersion version = SemanticVersion.parse(recipe.path("version").asText());
            ImageRecords.VersionRow row = images.version(caller.account(), caller.region(), name, version.toString(),
                    version.sortKey());
            int build = row.lastBuild() + 1;
            String imageArn = row.arn() + "/" + build;
            ObjectNode image = image(caller, imageArn, recipe, infrastructure, distribution, body, executionRole,
                    tags, clock.instant());
            if (origin.scheduled()) {
                image.put("buildType", "SCHEDULED");
            }
            if (origin.pipeline() != null) {
                image.put("sourcePipelineArn", origin.pipeline().path("arn").asText());
                image.put("sourcePipelineName", origin.pipeline().path("name").asText());
            }
            ObjectNode response = Json.object();
            response.put("clientToken", clientToken);
            response.put("imageBuildVersionArn", imageArn);
            if (origin.pipeline() == null) {
                response.set("latestVersionReferences", WorkflowViews.latestVersionReferences(
                        row.arn().substring(0, row.arn().lastIndexOf('/')), version));
            }
            List<String> used = new ArrayList<>(List.of(recipeArn, infrastructureArn));
            if (distributionArn != null) {
                used.add(distributionArn);
            }
            // a record deleted since it was read leaves no uses to record: the next look answers that it is gone
            Optional<List<ResourceChange>> uses = records.use(imageArn, caller.account(), caller.region(), used);
            if (uses.isPresent()) {
                List<ResourceChange> with = new ArrayList<>(uses.get());
                with.add(ClientTokens.record(caller.account(), caller.region(), origin.operation(), clientToken,
                        imageArn, new ClientTokens.Used(requestDigest, response)));
                with.addAll(origin.alongside().apply(imageArn));
                // the image and the start of its build commit together: a crash leaves both or neither
                List<ResourceChange> creation = images.creation(row, build, image,
                        planned.stream().map(p -> p.workflow().arn()).toList(), with);
                try {
                    engine.runtime().startWith(startRequest(caller, imageArn, image, planned, recipe, infrastructure,
                            build), creation);
                    return response;
                } catch (StoreConflictException e) {
                    // another create took this build number or this client token, or a record (or the pipeline)
                    // changed: look again
                }
            }
            if (attempt == ATTEMPTS) {
                throw ImageBuilderErrors.busy();
            }
        }
    }

    /** A record of the caller's by ARN, as its Get operation answers it; ClientException when there is none. */
    static JsonNode record(Caller caller, String arn, Optional<JsonNode> found, String what) {
        return found.filter(x -> owned(caller, arn)).orElseThrow(() -> ImageBuilderErrors.clientException("The "
                + what + " '" + arn + "' does not exist."));
    }

    /** Whether {@code arn} is in the caller's account and region (another's ARN names nothing the caller has). */
    private static boolean owned(Caller caller, String arn) {
        return arn.startsWith("arn:aws:imagebuilder:" + caller.region() + ":" + caller.account() + ":");
    }

    /** The workflows an image runs: those named (each resolved, its parameters checked), or AWS's managed ones. */
    List<Planned> plan(Caller caller, JsonNode list, boolean testsEnabled) {
        List<Planned> planned = new ArrayList<>();
        if (list == null || list.isEmpty()) {
            for (WorkflowRecord w : ManagedWorkflows.all(caller.region())) {
                if (w.type() != WorkflowType.TEST || testsEnabled) {
                    planned.add(new Planned(w, parameters(w, null), null, true));
                }
            }
            return planned;
        }
        for (JsonNode c : list) {
            String arnText = c.path("workflowArn").asText(null);
            if (arnText == null) {
                throw ImageBuilderErrors.missingParameter("workflows.workflowArn");
            }
            WorkflowArn arn = WorkflowArn.parse(arnText).orElseThrow(() -> ImageBuilderErrors.invalidParameterValue(
                    "workflowArn", "It must be the ARN of a workflow's version or build version."));
            WorkflowRecord w = workflows.resolve(caller, arn).orElseThrow(() -> ImageBuilderErrors.invalidParameterValue(
                    "The workflow '" + arnText + "' does not exist."));
            String onFailure = c.path("onFailure").asText("ABORT");
            if (!onFailure.equals("ABORT") && !onFailure.equals("CONTINUE")) {
                throw ImageBuilderErrors.invalidParameterValue("onFailure", "Valid values are CONTINUE, ABORT.");
            }
            String group = c.hasNonNull("parallelGroup") ? c.get("parallelGroup").asText() : null;
            if (group != null && w.type() != WorkflowType.TEST) {
                throw ImageBuilderErrors.invalidParameterValue("parallelGroup", "A parallel group applies to test "
                        + "workflows only; '" + arnText + "' is a " + w.type() + " workflow.");
            }
            planned.add(new Planned(w, parameters(w, c.get("parameters")), group, onFailure.equals("ABORT")));
        }
        return planned;
    }

    /** The values of a workflow's parameters, typed as its document declares them; defaults where none is given. */
    private static ObjectNode parameters(WorkflowRecord w, JsonNode given) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (given != null) {
            for (JsonNode p : given) {
                String name = p.path("name").asText();
                if (w.parameters().stream().noneMatch(d -> d.name().equals(name))) {
                    throw ImageBuilderErrors.invalidParameterValue("The workflow '" + w.arn() + "' has no parameter '"
                            + name + "'.");
                }
                List<String> v = new ArrayList<>();
                p.path("value").forEach(x -> v.add(x.asText()));
                values.put(name, v);
            }
        }
        ObjectNode o = Json.object();
        for (WorkflowParameter d : w.parameters()) {
            List<String> v = values.containsKey(d.name()) ? values.get(d.name()) : d.defaultValue();
            if (v == null) {
                throw ImageBuilderErrors.invalidRequest("The workflow '" + w.arn() + "' needs a value for its "
                        + "parameter '" + d.name() + "'.");
            }
            o.set(d.name(), typed(w, d, v));
        }
        return o;
    }

    private static JsonNode typed(WorkflowRecord w, WorkflowParameter d, List<String> v) {
        if (d.type() == ParameterType.STRING_LIST) {
            ArrayNode a = Json.array();
            v.forEach(a::add);
            return a;
        }
        String one = v.isEmpty() ? "" : v.get(0);
        String problem = "The value of the parameter '" + d.name() + "' of the workflow '" + w.arn() + "' must be "
                + (d.type() == ParameterType.INTEGER ? "an integer." : "true or false.");
        return switch (d.type()) {
            case INTEGER -> {
                try {
                    yield Json.NODES.numberNode(Long.parseLong(one.strip()));
                } catch (NumberFormatException e) {
                    throw ImageBuilderErrors.invalidParameterValue(problem);
                }
            }
            case BOOLEAN -> {
                if (!one.equalsIgnoreCase("true") && !one.equalsIgnoreCase("false")) {
                    throw ImageBuilderErrors.invalidParameterValue(problem);
                }
                yield Json.NODES.booleanNode(Boolean.parseBoolean(one));
            }
            default -> Json.text(one);
        };
    }

    private static ObjectNode image(Caller caller, String imageArn, JsonNode recipe, JsonNode infrastructure,
                                    JsonNode distribution, JsonNode body, String executionRole,
                                    Map<String, String> tags, Instant now) {
        ObjectNode o = Json.object();
        o.put("arn", imageArn);
        o.put("type", "AMI");
        o.put("name", recipe.path("name").asText());
        o.put("version", imageArn.substring(imageArn.indexOf(":image/") + 7).replaceFirst("^[^/]+/", ""));
        Json.putIfPresent(o, "platform", Json.textOrNull(recipe, "platform"));
        o.put("enhancedImageMetadataEnabled", !body.path("enhancedImageMetadataEnabled").isBoolean()
                || body.path("enhancedImageMetadataEnabled").booleanValue());
        o.set("imageRecipe", recipe.deepCopy());
        o.set("infrastructureConfiguration", infrastructure.deepCopy());
        if (distribution != null) {
            o.set("distributionConfiguration", distribution.deepCopy());
        }
        o.set("imageTestsConfiguration", body.has("imageTestsConfiguration")
                ? body.get("imageTestsConfiguration").deepCopy()
                : Json.object().put("imageTestsEnabled", true).put("timeoutMinutes", 720));
        o.put("dateCreated", WorkflowViews.dateTime(now));
        o.set("tags", WorkflowViews.tags(tags == null ? Map.of() : tags));
        o.put("buildType", "USER_INITIATED");
        o.put("imageSource", "CUSTOM");
        Json.putIfPresent(o, "executionRole", executionRole);
        if (body.has("workflows")) {
            o.set("workflows", body.get("workflows").deepCopy());
        }
        o.put("owner", caller.account());
        return o;
    }

    /** The start of the engine execution that builds the image. */
    private ExecutionRuntime.StartRequest startRequest(Caller caller, String imageArn, ObjectNode image, List<Planned> planned, JsonNode recipe,
                       JsonNode infrastructure, int build) {
        Instant now = clock.instant();
        ArrayNode runs = Json.array();
        List<ImageMachine.Planned> buildRuns = new ArrayList<>();
        Map<String, List<ImageMachine.Planned>> groups = new LinkedHashMap<>();
        List<ImageMachine.Planned> distributionRuns = new ArrayList<>();
        int order = 0;
        // runs are listed build first, then test, then distribution, as they run
        for (WorkflowType type : List.of(WorkflowType.BUILD, WorkflowType.TEST, WorkflowType.DISTRIBUTION)) {
            for (Planned p : planned) {
                if (p.workflow().type() != type) {
                    continue;
                }
                String wfId = RunData.workflowExecutionId(randomUuid());
                ObjectNode vars = systemVariables(caller, image, recipe, infrastructure, build, type, now);
                runs.add(RunData.initial(new RunData.Run(wfId, imageArn, p.workflow().arn(), p.workflow().name(), type,
                        p.parallelGroup(), p.workflow().data()), order, p.parameters(), vars));
                ImageMachine.Planned run = new ImageMachine.Planned(order++, p.aborts());
                switch (type) {
                    case BUILD -> buildRuns.add(run);
                    case TEST -> groups.computeIfAbsent(p.parallelGroup() == null ? "#" + run.run() : p.parallelGroup(),
                            g -> new ArrayList<>()).add(run);
                    case DISTRIBUTION -> distributionRuns.add(run);
                }
            }
        }
        String definition = ImageMachine.definition(buildRuns, new ArrayList<>(groups.values()), distributionRuns);
        ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalStateException("a compiled image build does not parse: " + parsed.errors());
        }
        ObjectNode input = Json.object().put("image", imageArn);
        input.set("runs", runs);
        String executionArn = ImageProjection.executionArn(imageArn);
        return new ExecutionRuntime.StartRequest(executionArn, "build-" + build, imageArn,
                image.path("name").asText(), "STANDARD", parsed.machine(), definition,
                image.path("executionRole").asText(""), input, Json.write(input),
                null, null, null, null);
    }

    private static ObjectNode systemVariables(Caller caller, JsonNode image, JsonNode recipe, JsonNode infrastructure,
                                              int build, WorkflowType type, Instant now) {
        ObjectNode v = Json.object();
        v.put("imageName", image.path("name").asText());
        v.put("imageVersionNumber", image.path("version").asText().replaceFirst("/.*$", ""));
        v.put("imageBuildNumber", build);
        v.put("imageType", "AMI");
        Json.putIfPresent(v, "platform", Json.textOrNull(recipe, "platform"));
        Json.putIfPresent(v, "sourceImageARN", Json.textOrNull(recipe, "parentImage"));
        Json.putIfPresent(v, "workingDirectory", Json.textOrNull(recipe, "workingDirectory"));
        Json.putIfPresent(v, "instanceProfileName", Json.textOrNull(infrastructure, "instanceProfileName"));
        Json.putIfPresent(v, "subnetId", Json.textOrNull(infrastructure, "subnetId"));
        if (infrastructure.has("securityGroupIds")) {
            v.set("securityGroups", infrastructure.get("securityGroupIds").deepCopy());
        }
        v.put("terminateInstanceOnFailure", !infrastructure.path("terminateInstanceOnFailure").isBoolean()
                || infrastructure.path("terminateInstanceOnFailure").booleanValue());
        JsonNode types = infrastructure.path("instanceTypes");
        if (types.isArray() && !types.isEmpty()) {
            v.put("instanceType", types.get(0).asText());
        }
        v.put("collectImageMetadata", image.path("enhancedImageMetadataEnabled").asBoolean(true));
        v.put("workflowPhase", type.name());
        v.put("dateTime", WorkflowViews.dateTime(now));
        v.put("region", caller.region());
        return v;
    }

    private UUID randomUuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    // ---- GetImage, ListImageBuildVersions

    private JsonNode image(Caller caller, String arn) {
        return engine.images().image(arn).filter(i -> arn.startsWith("arn:aws:imagebuilder:" + caller.region() + ":"
                + caller.account() + ":")).orElseThrow(() -> ImageBuilderErrors.clientException("The image '" + arn
                + "' does not exist."));
    }

    /** An image as the model's ImageSummary, with its state. */
    ObjectNode summary(JsonNode image) {
        ObjectNode full = withState(image);
        ObjectNode s = Json.object();
        for (String f : List.of("arn", "name", "type", "version", "platform", "osVersion", "state", "owner",
                "dateCreated", "outputResources", "tags", "buildType", "imageSource")) {
            if (full.has(f)) {
                s.set(f, full.get(f));
            }
        }
        return s;
    }

    private ObjectNode withState(JsonNode image) {
        ObjectNode o = image.deepCopy();
        o.set("state", engine.images().state(image.path("arn").asText()));
        return o;
    }

    private ObjectNode get(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ExecutionOperations.imageBuildVersionArn(r);
        ObjectNode o = Json.object();
        ObjectNode image = withState(image(caller, arn));
        image.remove("owner");
        o.set("image", image);
        String versionArn = arn.substring(0, arn.lastIndexOf('/'));
        o.set("latestVersionReferences", WorkflowViews.latestVersionReferences(versionArn.substring(0,
                versionArn.lastIndexOf('/')), SemanticVersion.parse(versionArn.substring(versionArn.lastIndexOf('/')
                + 1))));
        return o;
    }

    private ObjectNode listBuildVersions(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String versionArn = r.requiredString("imageVersionArn");
        if (!versionArn.matches("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+"
                + "\\.[0-9]+$")) {
            throw ImageBuilderErrors.invalidParameterValue("imageVersionArn", "It must be the ARN of an image's "
                    + "version, as in arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0.");
        }
        Integer maxResults = r.integer("maxResults", 1, 25);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListImageBuildVersions/" + versionArn;
        Page<JsonNode> page = engine.images().builds(caller.account(), caller.region(), versionArn,
                tokens.position(caller, scope, nextToken), maxResults == null ? 25 : maxResults);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("imageSummaryList");
        page.items().forEach(i -> list.add(summary(i)));
        if (page.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
    }

    // ---- ListImages

    /**
     * The caller's image versions in name and version order, each as the model's ImageVersion made
     * from its first build (a version whose builds were all deleted is left out). With byName, one
     * entry per name, under its versionless ARN ({@code …/x.x.x}). This face keeps images of the
     * caller's own only, so other owners have none; none is ever deprecated, so includeDeprecated
     * changes nothing.
     */
    private ObjectNode listImages(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String owner = r.oneOf("owner", OWNERS);
        List<Filters.Filter> filters = Filters.read(r, IMAGE_FILTERS);
        boolean byName = Boolean.TRUE.equals(r.bool("byName"));
        r.bool("includeDeprecated");
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String who = owner == null ? "Self" : owner;
        String scope = "ListImages/" + who + "/" + byName + "/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        if (!who.equals("Self")) {
            return RecordPages.answer(tokens, caller, scope, "imageVersionList", new RecordPages.Listed(List.of(),
                    null));
        }
        // byName: rows come in name order, so a name is listed at its first version with builds, and a page
        // that continues after a key goes on past that key's name
        String[] listedName = {position == null ? null : position.substring(0, position.indexOf('/'))};
        RecordPages.Listed listed = RecordPages.rows(records.catalog(), caller, ImageRecords.VERSION, position, limit,
                row -> {
                    String name = row.row().key().substring(0, row.row().key().indexOf('/'));
                    if (byName && name.equals(listedName[0])) {
                        return Optional.empty();
                    }
                    Optional<ObjectNode> v = imageVersion(caller, row.arn(), byName)
                            .filter(version -> passes(version, filters));
                    if (v.isPresent()) {
                        listedName[0] = name;
                    }
                    return v;
                });
        return RecordPages.answer(tokens, caller, scope, "imageVersionList", listed);
    }

    private Optional<ObjectNode> imageVersion(Caller caller, String versionArn, boolean byName) {
        List<JsonNode> first = engine.images().builds(caller.account(), caller.region(), versionArn, null, 1).items();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        JsonNode image = first.get(0);
        ObjectNode o = Json.object();
        o.put("arn", byName ? versionArn.substring(0, versionArn.lastIndexOf('/')) + "/x.x.x" : versionArn);
        for (String f : List.of("name", "type")) {
            Json.putIfPresent(o, f, Json.textOrNull(image, f));
        }
        o.put("version", byName ? "x.x.x" : versionArn.substring(versionArn.lastIndexOf('/') + 1));
        for (String f : List.of("platform", "osVersion", "owner", "dateCreated", "buildType", "imageSource")) {
            Json.putIfPresent(o, f, Json.textOrNull(image, f));
        }
        return Optional.of(o);
    }

    private static boolean passes(JsonNode version, List<Filters.Filter> filters) {
        return filters.stream().allMatch(f -> f.name().equals("name")
                ? f.values().stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                        .equals(WorkflowArn.normalizedName(version.path("name").asText())))
                : f.values().contains(version.path(f.name()).asText(null)));
    }

    // ---- CancelImageCreation, DeleteImage

    private ObjectNode cancel(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ExecutionOperations.imageBuildVersionArn(r);
        String clientToken = r.requiredString("clientToken");
        image(caller, arn);
        String status = engine.images().state(arn).path("status").asText();
        if (!IN_PROGRESS.contains(status)) {
            throw ImageBuilderErrors.resourceInUse("The image '" + arn + "' cannot be cancelled: its status is "
                    + status + ".");
        }
        // the image's stop records it CANCELLED, and so its runs (ExecutionRecords), in one transaction; the
        // runs' own stops only end their executions, so a crash before they land leaves nothing RUNNING
        ExecutionRuntime runtime = engine.runtime();
        await(runtime.deliver(ImageProjection.executionArn(arn), new Signal.Stop("Image.Cancelled",
                "CancelImageCreation")));
        String after = null;
        do {
            Page<JsonNode> page = engine.executions().executions(caller.region(), caller.account(), arn, after, 25);
            for (JsonNode run : page.items()) {
                String id = run.path("workflowExecutionId").asText();
                await(runtime.deliver(RunData.executionArn(caller.region(), caller.account(), id),
                        new Signal.Stop("Image.Cancelled", "CancelImageCreation")));
            }
            after = page.next();
        } while (after != null);
        ObjectNode o = Json.object();
        o.put("clientToken", clientToken);
        o.put("imageBuildVersionArn", arn);
        return o;
    }

    private static void await(java.util.concurrent.CompletableFuture<Boolean> step) {
        try {
            step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cancellation was recorded", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the cancellation could not be recorded", e.getCause());
        }
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ExecutionOperations.imageBuildVersionArn(r);
        JsonNode image = image(caller, arn);
        String status = engine.images().state(arn).path("status").asText();
        if (IN_PROGRESS.contains(status)) {
            throw ImageBuilderErrors.resourceDependencyBecause("The image '" + arn + "' is being created (" + status
                    + "); cancel its creation before deleting it.");
        }
        List<String> used = new ArrayList<>();
        for (JsonNode run : engine.executions().executions(caller.region(), caller.account(), arn, null, 100).items()) {
            used.add(run.path("workflowBuildVersionArn").asText());
        }
        image.path("workflows").forEach(w -> used.add(w.path("workflowArn").asText()));
        List<ResourceChange> with = new ArrayList<>(records.release(arn, caller.account(), caller.region()));
        if (image.hasNonNull("sourcePipelineArn")) {
            with.add(new ResourceChange.Delete(PipelineOperations.imageRowArn(image.get("sourcePipelineArn").asText(),
                    arn)));
        }
        engine.images().delete(arn, used, with);
        ObjectNode o = Json.object();
        o.put("imageBuildVersionArn", arn);
        return o;
    }
}
