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
import java.util.random.RandomGenerator;

/**
 * CreateImage, GetImage, ListImageBuildVersions, CancelImageCreation and DeleteImage. CreateImage
 * makes an image build version ({@code …:image/{recipe name}/{recipe version}/{n}}) and starts the
 * engine execution that builds it ({@link ImageMachine}): its workflows as named, or AWS's managed
 * build-image, test-image (unless tests are turned off) and distribute-image when it names none.
 * The recipe, infrastructure and distribution configurations are read from the catalog by ARN.
 */
final class ImageOperations {
    static final String RECIPE = "imagebuilderImageRecipe";
    static final String INFRASTRUCTURE = "imagebuilderInfrastructureConfiguration";
    static final String DISTRIBUTION = "imagebuilderDistributionConfiguration";
    private static final Set<String> IN_PROGRESS = Set.of("PENDING", "CREATING", "BUILDING", "TESTING",
            "DISTRIBUTING", "INTEGRATING");
    private static final int ATTEMPTS = 20;

    private final ImageBuilderWorkflows engine;
    private final WorkflowCatalog workflows;
    private final PageTokens tokens;
    private final Clock clock;
    private final RandomGenerator random;

    ImageOperations(ImageBuilderWorkflows engine, WorkflowCatalog workflows, PageTokens tokens, Clock clock,
                    RandomGenerator random) {
        this.engine = engine;
        this.workflows = workflows;
        this.tokens = tokens;
        this.clock = clock;
        this.random = random;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateImage", this::create);
        ops.put("GetImage", this::get);
        ops.put("ListImageBuildVersions", this::listBuildVersions);
        ops.put("CancelImageCreation", this::cancel);
        ops.put("DeleteImage", this::delete);
    }

    /** A workflow the image runs: its build, the values given to its parameters, group and failure policy. */
    private record Planned(WorkflowRecord workflow, ObjectNode parameters, String parallelGroup, boolean aborts) {}

    // ---- CreateImage

    private ObjectNode create(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String recipeArn = r.string("imageRecipeArn");
        String infrastructureArn = r.requiredString("infrastructureConfigurationArn");
        String distributionArn = r.string("distributionConfigurationArn");
        String clientToken = r.requiredString("clientToken");
        r.string("clientToken", 1, 64);
        String executionRole = r.string("executionRole", 1, 2048);
        Map<String, String> tags = r.tags("tags", ImageBuilderErrors::invalidParameterValue);
        if (r.has("containerRecipeArn")) {
            throw ImageBuilderErrors.invalidRequest("Container images are not supported yet; give an imageRecipeArn.");
        }
        if (recipeArn == null) {
            throw ImageBuilderErrors.missingParameter("imageRecipeArn");
        }
        JsonNode recipe = record(caller, recipeArn, RECIPE, "image recipe");
        JsonNode infrastructure = record(caller, infrastructureArn, INFRASTRUCTURE, "infrastructure configuration");
        JsonNode distribution = distributionArn == null ? null
                : record(caller, distributionArn, DISTRIBUTION, "distribution configuration");
        boolean testsEnabled = !body.path("imageTestsConfiguration").path("imageTestsEnabled").isBoolean()
                || body.path("imageTestsConfiguration").path("imageTestsEnabled").booleanValue();
        List<Planned> planned = plan(caller, r.raw("workflows"), testsEnabled);
        String name = WorkflowArn.normalizedName(recipe.path("name").asText());
        SemanticVersion version = SemanticVersion.parse(recipe.path("version").asText());
        Instant now = clock.instant();
        ImageRecords images = engine.images();
        for (int attempt = 1; ; attempt++) {
            ImageRecords.VersionRow row = images.version(caller.account(), caller.region(), name, version.toString(),
                    version.sortKey());
            int build = row.lastBuild() + 1;
            String imageArn = row.arn() + "/" + build;
            ObjectNode image = image(caller, imageArn, recipe, infrastructure, distribution, body, executionRole,
                    tags, now);
            try {
                images.create(row, build, image, planned.stream().map(p -> p.workflow().arn()).toList());
            } catch (StoreConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw new dev.stepwise.api.ServiceException(500, "ServiceException", "The image is being created "
                            + "by other requests; retry the request.");
                }
                continue;
            }
            start(caller, imageArn, image, planned, recipe, infrastructure, build, now);
            ObjectNode o = ExecutionOperations.response();
            o.put("clientToken", clientToken);
            o.put("imageBuildVersionArn", imageArn);
            o.set("latestVersionReferences", latestVersionReferences(row.arn()));
            return o;
        }
    }

    private JsonNode record(Caller caller, String arn, String type, String what) {
        return engine.images().catalog().resource(arn)
                .filter(x -> x.type().equals(type) && x.account().equals(caller.account())
                        && x.region().equals(caller.region()))
                .map(x -> parse(x.body()))
                .orElseThrow(() -> ImageBuilderErrors.invalidParameterValue("The " + what + " '" + arn
                        + "' does not exist."));
    }

    /** The workflows an image runs: those named (each resolved, its parameters checked), or AWS's managed ones. */
    private List<Planned> plan(Caller caller, JsonNode list, boolean testsEnabled) {
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
            WorkflowRecord w = resolve(caller, arn).orElseThrow(() -> ImageBuilderErrors.invalidParameterValue(
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

    private Optional<WorkflowRecord> resolve(Caller caller, WorkflowArn arn) {
        Comparator<WorkflowRecord> newest = Comparator.comparing(WorkflowRecord::version)
                .thenComparingInt(WorkflowRecord::buildNumber);
        if (!arn.region().equals(caller.region())) {
            return Optional.empty();
        }
        if (arn.managed()) {
            return ManagedWorkflows.matching(caller.region(), arn.type(), arn.name(), arn.version(), arn.buildNumber())
                    .stream().max(newest);
        }
        if (!arn.account().equals(caller.account())) {
            return Optional.empty();
        }
        return workflows.builds(workflows.name(caller.account(), caller.region(), arn.type(), arn.name())).stream()
                .filter(w -> arn.version().matches(w.version()))
                .filter(w -> arn.buildNumber() == null || arn.buildNumber() == w.buildNumber())
                .max(newest);
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

    /** Starts the engine execution that builds the image. */
    private void start(Caller caller, String imageArn, ObjectNode image, List<Planned> planned, JsonNode recipe,
                       JsonNode infrastructure, int build, Instant now) {
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
        engine.runtime().start(new ExecutionRuntime.StartRequest(executionArn, "build-" + build, imageArn,
                image.path("name").asText(), "STANDARD", parsed.machine(), definition,
                image.path("executionRole").asText(""), input, Json.write(input),
                null, null, null, null));
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

    private static ObjectNode latestVersionReferences(String versionArn) {
        String nameArn = versionArn.substring(0, versionArn.lastIndexOf('/'));
        String v = versionArn.substring(versionArn.lastIndexOf('/') + 1);
        String[] n = v.split("\\.");
        ObjectNode o = Json.object();
        o.put("latestVersionArn", nameArn + "/x.x.x");
        o.put("latestMajorVersionArn", nameArn + "/" + n[0] + ".x.x");
        o.put("latestMinorVersionArn", nameArn + "/" + n[0] + "." + n[1] + ".x");
        o.put("latestPatchVersionArn", versionArn);
        return o;
    }

    // ---- GetImage, ListImageBuildVersions

    private JsonNode image(Caller caller, String arn) {
        return engine.images().image(arn).filter(i -> arn.startsWith("arn:aws:imagebuilder:" + caller.region() + ":"
                + caller.account() + ":")).orElseThrow(() -> ImageBuilderErrors.clientException("The image '" + arn
                + "' does not exist."));
    }

    private ObjectNode withState(JsonNode image) {
        ObjectNode o = image.deepCopy();
        o.set("state", engine.images().state(image.path("arn").asText()));
        return o;
    }

    private ObjectNode get(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ExecutionOperations.imageBuildVersionArn(r);
        ObjectNode o = ExecutionOperations.response();
        ObjectNode image = withState(image(caller, arn));
        image.remove("owner");
        o.set("image", image);
        o.set("latestVersionReferences", latestVersionReferences(arn.substring(0, arn.lastIndexOf('/'))));
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
        ObjectNode o = ExecutionOperations.response();
        ArrayNode list = o.putArray("imageSummaryList");
        for (JsonNode i : page.items()) {
            ObjectNode full = withState(i);
            ObjectNode s = list.addObject();
            for (String f : List.of("arn", "name", "type", "version", "platform", "osVersion", "state", "owner",
                    "dateCreated", "outputResources", "tags", "buildType", "imageSource")) {
                if (full.has(f)) {
                    s.set(f, full.get(f));
                }
            }
        }
        if (page.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, page.next()));
        }
        return o;
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
        ExecutionRuntime runtime = engine.runtime();
        await(runtime.deliver(ImageProjection.executionArn(arn), new Signal.Stop("Image.Cancelled",
                "CancelImageCreation")));
        // the image's runs stop too; an aborted run's last step carries no data, so its rows are marked here
        ExecutionRecords records = engine.executions();
        String after = null;
        do {
            Page<JsonNode> page = records.executions(caller.region(), caller.account(), arn, after, 25);
            for (JsonNode run : page.items()) {
                if (Set.of("PENDING", "RUNNING", "ROLLBACK_IN_PROGRESS").contains(run.path("status").asText())) {
                    String id = run.path("workflowExecutionId").asText();
                    await(runtime.deliver(RunData.executionArn(caller.region(), caller.account(), id),
                            new Signal.Stop("Image.Cancelled", "CancelImageCreation")));
                    markCancelled(caller, records, run);
                }
            }
            after = page.next();
        } while (after != null);
        ObjectNode o = ExecutionOperations.response();
        o.put("clientToken", clientToken);
        o.put("imageBuildVersionArn", arn);
        return o;
    }

    private void markCancelled(Caller caller, ExecutionRecords records, JsonNode run) {
        String now = WorkflowViews.dateTime(clock.instant());
        String id = run.path("workflowExecutionId").asText();
        String runArn = RunData.executionArn(caller.region(), caller.account(), id);
        List<ResourceChange> changes = new ArrayList<>();
        ObjectNode r = run.deepCopy();
        r.put("status", "CANCELLED");
        r.put("endTime", now);
        Resource row = records.catalog().resource(runArn).orElseThrow();
        changes.add(new ResourceChange.Upsert(row.withBody(Json.write(r))));
        for (JsonNode s : records.steps(caller.region(), caller.account(), id, null, 100).items()) {
            if (s.path("status").asText().equals("RUNNING")) {
                String stepId = s.path("stepExecutionId").asText();
                ObjectNode c = s.deepCopy();
                c.put("status", "CANCELLED");
                c.put("endTime", now);
                String stepArn = "arn:aws:imagebuilder:" + caller.region() + ":" + caller.account()
                        + ":workflow-step-execution/" + stepId;
                changes.add(new ResourceChange.Upsert(records.catalog().resource(stepArn).orElseThrow()
                        .withBody(Json.write(c))));
                changes.add(new ResourceChange.Delete("arn:aws:imagebuilder:" + caller.region() + ":"
                        + caller.account() + ":waiting-step/" + stepId));
            }
        }
        records.catalog().apply(changes);
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
            throw new dev.stepwise.api.ServiceException(400, "ResourceDependencyException", "The image '" + arn
                    + "' is being created (" + status + "); cancel its creation before deleting it.");
        }
        List<String> used = new ArrayList<>();
        for (JsonNode run : engine.executions().executions(caller.region(), caller.account(), arn, null, 100).items()) {
            used.add(run.path("workflowBuildVersionArn").asText());
        }
        image.path("workflows").forEach(w -> used.add(w.path("workflowArn").asText()));
        engine.images().delete(arn, used);
        ObjectNode o = ExecutionOperations.response();
        o.put("imageBuildVersionArn", arn);
        return o;
    }

    private static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored record is not JSON", e);
        }
    }
}
