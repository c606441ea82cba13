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
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.images.ImageRecords;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image pipelines ({@code …:image-pipeline/NAME}): CreateImagePipeline, GetImagePipeline,
 * ListImagePipelines, UpdateImagePipeline, DeleteImagePipeline, StartImagePipelineExecution and
 * ListImagePipelineImages. A pipeline is one catalog row ({@value RecordCatalog#IMAGE_PIPELINE})
 * whose body is GetImagePipeline's ImagePipeline but its lastRunStatus (read from its last image
 * when answered). It uses its recipe and configurations as an image does (recorded with its
 * creation, moved by its updates, released by its deletion), so they can't be deleted under it.
 *
 * <p>StartImagePipelineExecution builds an image exactly as CreateImage does, from the pipeline's
 * recipe, configurations, tests and workflows, tagged with the pipeline's imageTags and the
 * request's tags; the pipeline records the image as a child row ({@value RecordCatalog#PIPELINE_IMAGE},
 * keyed by creation time) in the same transaction, which also rewrites the pipeline's row at the
 * version read: a start and a delete or update of the pipeline never both succeed half-way.
 *
 * <p>Schedules are checked ({@link CronSchedule}, the timezone an IANA zone, UTC when none). An
 * ENABLED pipeline with a schedule shows when it runs next ({@code dateNextRun}; {@code dateLastRun}
 * stays absent, as the model says AWS no longer returns it), and that time is also indexed in a
 * {@value RecordCatalog#PIPELINE_DUE} row written in the same transaction, which
 * {@link PipelineSchedules} finds when it comes ({@link #runScheduled}). A disabled pipeline has no
 * next run. Each image a pipeline builds records the versions its recipe's components resolved to
 * and its parent image, so a schedule whose start condition is
 * EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE builds only when they changed since the last run.
 */
final class PipelineOperations {
    private static final int ATTEMPTS = 20;
    private static final String START = "StartImagePipelineExecution";
    private static final String ARN_PATTERN = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image-pipeline/"
            + "[a-z0-9-_]+$";
    private static final List<String> PIPELINE_FILTERS = List.of("description", "distributionConfigurationArn",
            "imageRecipeArn", "infrastructureConfigurationArn", "name", "status");
    private static final List<String> SETTINGS = List.of("description", "imageRecipeArn",
            "infrastructureConfigurationArn", "distributionConfigurationArn", "imageTestsConfiguration",
            "enhancedImageMetadataEnabled", "schedule", "status", "imageScanningConfiguration", "workflows",
            "executionRole", "loggingConfiguration", "imageTags");

    /** The settings a create or update gives (the model's members less name, tags, ARN and client token). */
    private static final Shapes.Struct SETTINGS_SHAPE = struct(
            "description", nonEmpty(),
            "imageRecipeArn", pattern(RecordArns.IMAGE_RECIPE),
            "containerRecipeArn", nonEmpty(),
            "infrastructureConfigurationArn!", pattern(RecordArns.INFRASTRUCTURE_CONFIGURATION),
            "distributionConfigurationArn", pattern(RecordArns.DISTRIBUTION_CONFIGURATION),
            "imageTestsConfiguration", struct("imageTestsEnabled", bool(), "timeoutMinutes", integer(60, 1440)),
            "enhancedImageMetadataEnabled", bool(),
            "schedule", struct(
                    "scheduleExpression", nonEmpty(),
                    "timezone", text(3, 100, "[a-zA-Z0-9]{2,}(?:\\/[a-zA-Z0-9-_+]+)*"),
                    "pipelineExecutionStartCondition", oneOf("EXPRESSION_MATCH_ONLY",
                            "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"),
                    "autoDisablePolicy", struct("failureCount!", integer(1, 10))),
            "status", oneOf("DISABLED", "ENABLED"),
            "imageScanningConfiguration", struct(
                    "imageScanningEnabled", bool(),
                    "ecrConfiguration", struct("repositoryName", nonEmpty(), "containerTags", listOf(nonEmpty()))),
            "workflows", listOf(struct(
                    "workflowArn!", nonEmpty(),
                    "parameters", listOf(struct("name!", text(1, 128, "[^\\x00]+"),
                            "value!", listOf(text(0, Integer.MAX_VALUE, "[^\\x00]*")))),
                    "parallelGroup", text(1, 100, "^[A-Za-z0-9][A-Za-z0-9-_+#]{0,99}$"),
                    "onFailure", oneOf("CONTINUE", "ABORT"))),
            "executionRole", text(1, 2048, "^(?:arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role/)?[a-zA-Z_0-9+=,.@\\-_/]+$"),
            "loggingConfiguration", struct(
                    "imageLogGroupName", text(1, 512, "^[a-zA-Z0-9\\-_/\\.]{1,512}$"),
                    "pipelineLogGroupName", text(1, 512, "^[a-zA-Z0-9\\-_/\\.]{1,512}$")),
            "imageTags", TAG_MAP);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PipelineOperations.class);

    private final RecordCatalog records;
    private final ComponentOperations components;
    private final ImageBuilderRecords lookups;
    private final ImageOperations images;
    private final ImageRecords imageRecords;
    private final PageTokens tokens;
    private final Clock clock;
    private final Shapes.Struct createRequest;
    private final Shapes.Struct updateRequest;

    PipelineOperations(ImageBuilderRecords lookups, ComponentOperations components, ImageOperations images,
                       ImageRecords imageRecords, PageTokens tokens, Clock clock) {
        this.records = lookups.catalog();
        this.components = components;
        this.lookups = lookups;
        this.images = images;
        this.imageRecords = imageRecords;
        this.tokens = tokens;
        this.clock = clock;
        this.createRequest = ConfigurationOperations.withMembers(SETTINGS_SHAPE, "name!", RESOURCE_NAME, "tags",
                TAG_MAP, "clientToken!", CLIENT_TOKEN);
        this.updateRequest = ConfigurationOperations.withMembers(SETTINGS_SHAPE, "imagePipelineArn!",
                pattern(ARN_PATTERN), "clientToken!", CLIENT_TOKEN);
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateImagePipeline", this::create);
        ops.put("GetImagePipeline", this::get);
        ops.put("ListImagePipelines", this::list);
        ops.put("UpdateImagePipeline", this::update);
        ops.put("DeleteImagePipeline", this::delete);
        ops.put(START, this::start);
        ops.put("ListImagePipelineImages", this::listImages);
    }

    /** The ARN of a pipeline's record of an image it built. */
    static String imageRowArn(String pipelineArn, String imageArn) {
        return pipelineArn + "|image|" + imageArn;
    }

    // ---- CreateImagePipeline, UpdateImagePipeline

    private ObjectNode create(Caller caller, JsonNode body) {
        String operation = "CreateImagePipeline";
        ObjectNode request = createRequest.check("", body);
        checkSettings(caller, request);
        String clientToken = request.get("clientToken").asText();
        String requestDigest = ClientTokens.requestDigest(body);
        String normalized = WorkflowArn.normalizedName(request.get("name").asText());
        String arn = "arn:aws:imagebuilder:" + caller.region() + ":" + caller.account() + ":image-pipeline/"
                + normalized;
        // a record the pipeline uses that changed meanwhile (or is gone) makes the attempt read again
        return ClientTokens.idempotently(records.catalog(), caller, operation, clientToken, requestDigest, arn,
                ATTEMPTS, () -> {
                    if (records.find(arn, RecordCatalog.IMAGE_PIPELINE).isPresent()) {
                        throw ImageBuilderErrors.resourceAlreadyExists("ImagePipeline", arn);
                    }
                    ObjectNode pipeline = Json.object();
                    pipeline.put("arn", arn).put("name", request.get("name").asText());
                    settings(caller, request, pipeline);
                    pipeline.put("dateCreated", WorkflowViews.dateTime(clock.instant()));
                    Optional<ResourceChange> due = scheduleNextRun(caller, pipeline, clock.instant());
                    pipeline.set("tags", request.has("tags") ? request.get("tags") : Json.object());
                    return lookups.use(arn, caller.account(), caller.region(), used(request)).map(uses -> {
                        List<ResourceChange> changes = new ArrayList<>();
                        changes.add(RecordCatalog.create(arn, caller.account(), caller.region(),
                                RecordCatalog.IMAGE_PIPELINE, normalized, pipeline));
                        due.ifPresent(changes::add);
                        changes.addAll(uses);
                        return new ClientTokens.Write(changes,
                                Json.object().put("clientToken", clientToken).put("imagePipelineArn", arn));
                    });
                });
    }

    private ObjectNode update(Caller caller, JsonNode body) {
        String operation = "UpdateImagePipeline";
        ObjectNode request = updateRequest.check("", body);
        String arn = request.get("imagePipelineArn").asText();
        checkSettings(caller, request);
        String clientToken = request.get("clientToken").asText();
        String requestDigest = ClientTokens.requestDigest(body);
        return ClientTokens.idempotently(records.catalog(), caller, operation, clientToken, requestDigest, arn,
                ATTEMPTS, () -> {
                    Stored found = find(caller, arn);
                    ObjectNode pipeline = Json.object();
                    pipeline.put("arn", arn).set("name", found.body().get("name"));
                    settings(caller, request, pipeline);
                    pipeline.set("dateCreated", found.body().get("dateCreated"));
                    pipeline.put("dateUpdated", WorkflowViews.dateTime(clock.instant()));
                    // the next run is counted again from the new schedule (the old one's row goes)
                    Optional<ResourceChange> due = scheduleNextRun(caller, pipeline, clock.instant());
                    pipeline.set("tags", found.body().get("tags"));
                    return lookups.use(arn, caller.account(), caller.region(), used(request)).map(uses -> {
                        // the old uses go before the new ones are recorded: a record kept by the update is used again
                        List<ResourceChange> changes = new ArrayList<>();
                        changes.add(found.withBody(pipeline));
                        dueRowOf(found.body()).ifPresent(old -> changes.add(new ResourceChange.Delete(old)));
                        due.ifPresent(changes::add);
                        changes.addAll(lookups.release(arn, caller.account(), caller.region()));
                        changes.addAll(uses);
                        return new ClientTokens.Write(changes,
                                Json.object().put("clientToken", clientToken).put("imagePipelineArn", arn));
                    });
                });
    }

    /** The checks of a create's or update's settings beyond their shapes: recipe, schedule, workflows. */
    private void checkSettings(Caller caller, ObjectNode request) {
        if (request.has("containerRecipeArn")) {
            throw ImageBuilderErrors.invalidRequest("Container pipelines are not supported yet; give an "
                    + "imageRecipeArn.");
        }
        if (!request.has("imageRecipeArn")) {
            throw ImageBuilderErrors.missingParameter("imageRecipeArn");
        }
        JsonNode schedule = request.path("schedule");
        if (schedule.has("scheduleExpression")) {
            CronSchedule.check(schedule.get("scheduleExpression").asText());
        }
        if (schedule.has("timezone")) {
            try {
                ZoneId.of(schedule.get("timezone").asText());
            } catch (DateTimeException e) {
                throw ImageBuilderErrors.invalidParameterValue("schedule.timezone", "'"
                        + schedule.get("timezone").asText() + "' is not an IANA time zone.");
            }
        }
        JsonNode tests = request.path("imageTestsConfiguration").path("imageTestsEnabled");
        images.plan(caller, request.get("workflows"), !tests.isBoolean() || tests.booleanValue());
    }

    /**
     * Copies the request's settings into {@code pipeline} in the Get shape's order, with their
     * defaults, after reading the records it names (ClientException for a missing one, as CreateImage
     * answers); answers the recipe.
     */
    private JsonNode settings(Caller caller, ObjectNode request, ObjectNode pipeline) {
        String recipeArn = request.get("imageRecipeArn").asText();
        JsonNode recipe = ImageOperations.record(caller, recipeArn, lookups.imageRecipe(recipeArn), "image recipe");
        String infrastructureArn = request.get("infrastructureConfigurationArn").asText();
        ImageOperations.record(caller, infrastructureArn, lookups.infrastructureConfiguration(infrastructureArn),
                "infrastructure configuration");
        if (request.has("distributionConfigurationArn")) {
            String distributionArn = request.get("distributionConfigurationArn").asText();
            ImageOperations.record(caller, distributionArn, lookups.distributionConfiguration(distributionArn),
                    "distribution configuration");
        }
        Json.putIfPresent(pipeline, "description", Json.textOrNull(request, "description"));
        Json.putIfPresent(pipeline, "platform", Json.textOrNull(recipe, "platform"));
        pipeline.put("enhancedImageMetadataEnabled", !request.path("enhancedImageMetadataEnabled").isBoolean()
                || request.get("enhancedImageMetadataEnabled").booleanValue());
        for (String m : List.of("imageRecipeArn", "infrastructureConfigurationArn", "distributionConfigurationArn")) {
            Json.putIfPresent(pipeline, m, Json.textOrNull(request, m));
        }
        ObjectNode tests = Json.object().put("imageTestsEnabled", true).put("timeoutMinutes", 720);
        if (request.has("imageTestsConfiguration")) {
            tests.setAll((ObjectNode) request.get("imageTestsConfiguration"));
        }
        pipeline.set("imageTestsConfiguration", tests);
        if (request.has("schedule")) {
            ObjectNode schedule = ((ObjectNode) request.get("schedule")).deepCopy();
            if (!schedule.has("pipelineExecutionStartCondition")) {
                schedule.put("pipelineExecutionStartCondition", "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE");
            }
            pipeline.set("schedule", schedule);
        }
        pipeline.put("status", request.path("status").asText("ENABLED"));
        for (String m : SETTINGS.subList(SETTINGS.indexOf("imageScanningConfiguration"), SETTINGS.size())) {
            if (request.has(m)) {
                pipeline.set(m, request.get(m));
            }
        }
        return recipe;
    }

    private static List<String> used(ObjectNode request) {
        List<String> used = new ArrayList<>(List.of(request.get("imageRecipeArn").asText(),
                request.get("infrastructureConfigurationArn").asText()));
        if (request.has("distributionConfigurationArn")) {
            used.add(request.get("distributionConfigurationArn").asText());
        }
        return used;
    }

    private boolean apply(List<ResourceChange> changes) {
        try {
            records.apply(changes);
            return true;
        } catch (StoreConflictException e) {
            return false;
        }
    }

    // ---- GetImagePipeline, ListImagePipelines

    private Stored find(Caller caller, String arn) {
        return RecordArns.accountAndRegion(arn)
                .filter(ar -> ar[0].equals(caller.account()) && ar[1].equals(caller.region())
                        && arn.startsWith("arn:aws:"))
                .flatMap(ar -> records.find(arn, RecordCatalog.IMAGE_PIPELINE))
                .orElseThrow(() -> ComponentOperations.notFound(arn));
    }

    private ObjectNode get(Caller caller, JsonNode body) {
        Stored found = find(caller, ComponentOperations.arn(body, "imagePipelineArn", ARN_PATTERN));
        ObjectNode o = Json.object();
        o.set("imagePipeline", answered(found));
        return o;
    }

    /**
     * The pipeline as answered: its row with the status of the last image it built, if any, and its
     * consecutiveFailures; one that its autoDisablePolicy has disabled shows DISABLED (and no next
     * run) from the failure that reached the policy's failureCount, before its next due time writes
     * that down ({@link #runScheduled}).
     */
    private ObjectNode answered(Stored pipeline) {
        ObjectNode o = pipeline.body().deepCopy();
        List<Resource> last = records.catalog().list(ResourceRange.children(pipeline.row().account(),
                pipeline.row().region(), RecordCatalog.PIPELINE_IMAGE, pipeline.arn()).reversed(), null, 1).items();
        if (!last.isEmpty()) {
            String imageArn = RecordCatalog.stored(last.get(0)).body().path("image").asText();
            o.put("lastRunStatus", imageRecords.state(imageArn).path("status").asText());
        }
        int failures = consecutiveFailures(pipeline);
        o.put("consecutiveFailures", failures);
        if (autoDisabled(pipeline.body(), failures)) {
            o.put("status", "DISABLED");
            o.remove("dateNextRun");
        }
        return o;
    }

    /** How many of a pipeline's images {@link #consecutiveFailures} reads at most. */
    private static final int FAILURES_READ = 100;

    /**
     * AWS's consecutiveFailures: how many scheduled builds ended FAILED since the last build that
     * ended AVAILABLE (scheduled or started by hand) and since the pipeline's last update, which both
     * reset it. A build started by hand that failed leaves the count as it is, and so do a cancelled
     * build and one still in progress. Counted from the pipeline's images, newest first (at most
     * {@value #FAILURES_READ} of them), when the pipeline is read: no write follows a build's end.
     */
    private int consecutiveFailures(Stored pipeline) {
        String updated = Json.textOrNull(pipeline.body(), "dateUpdated");
        long since = updated == null ? Long.MIN_VALUE : Instant.parse(updated).toEpochMilli();
        ResourceRange newestFirst = ResourceRange.children(pipeline.row().account(), pipeline.row().region(),
                RecordCatalog.PIPELINE_IMAGE, pipeline.arn()).reversed();
        int failures = 0;
        int read = 0;
        String after = null;
        do {
            dev.stepwise.engine.store.Page<Resource> page = records.catalog().list(newestFirst, after, 25);
            for (Resource row : page.items()) {
                if (++read > FAILURES_READ || createdMillis(row) < since) {
                    return failures;
                }
                JsonNode image = RecordCatalog.stored(row).body();
                String status = imageRecords.state(image.path("image").asText()).path("status").asText();
                if (status.equals("AVAILABLE")) {
                    return failures;
                }
                if (status.equals("FAILED") && scheduled(image)) {
                    failures++;
                }
            }
            after = page.next();
        } while (after != null);
        return failures;
    }

    /** When a pipeline's record of an image was made (its key begins with the milliseconds). */
    private static long createdMillis(Resource imageRow) {
        return Long.parseLong(imageRow.key().substring(0, imageRow.key().indexOf('/')));
    }

    /** Whether a pipeline's record of an image is of a scheduled build (older records: the image says). */
    private boolean scheduled(JsonNode imageRow) {
        if (imageRow.has("scheduled")) {
            return imageRow.get("scheduled").asBoolean();
        }
        return imageRecords.image(imageRow.path("image").asText())
                .map(i -> i.path("buildType").asText().equals("SCHEDULED")).orElse(false);
    }

    /**
     * Whether the pipeline's autoDisablePolicy disables it: it is ENABLED, and {@code failures}
     * consecutive scheduled builds failed, as many as the policy's failureCount ("the number of
     * consecutive scheduled image pipeline executions that must fail before Image Builder
     * automatically disables the pipeline", AWS's documentation says).
     */
    private static boolean autoDisabled(JsonNode pipeline, int failures) {
        JsonNode policy = pipeline.path("schedule").path("autoDisablePolicy").path("failureCount");
        return pipeline.path("status").asText().equals("ENABLED") && policy.isInt() && failures >= policy.asInt();
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        List<Filters.Filter> filters = Filters.read(r, PIPELINE_FILTERS);
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListImagePipelines/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        RecordPages.Listed listed = RecordPages.rows(records, caller, RecordCatalog.IMAGE_PIPELINE, position, limit,
                s -> Optional.of(answered(s)).filter(a -> filters.stream().allMatch(f -> passes(a, f))));
        return RecordPages.answer(tokens, caller, scope, "imagePipelineList", listed);
    }

    private static boolean passes(JsonNode pipeline, Filters.Filter f) {
        if (f.name().equals("name")) {
            return f.values().stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                    .equals(WorkflowArn.normalizedName(pipeline.path("name").asText())));
        }
        return f.values().contains(pipeline.path(f.name()).asText(null));
    }

    // ---- DeleteImagePipeline

    private ObjectNode delete(Caller caller, JsonNode body) {
        String arn = ComponentOperations.arn(body, "imagePipelineArn", ARN_PATTERN);
        for (int attempt = 1; ; attempt++) {
            Stored found = find(caller, arn);
            List<ResourceChange> changes = new ArrayList<>();
            changes.add(found.unchanged());
            changes.addAll(lookups.release(arn, caller.account(), caller.region()));
            // its records of its images go with it; the images stay, naming it as their source
            changes.add(new ResourceChange.Delete(arn));
            dueRowOf(found.body()).ifPresent(due -> changes.add(new ResourceChange.Delete(due)));
            if (apply(changes)) {
                return Json.object().put("imagePipelineArn", arn);
            }
            if (attempt == ATTEMPTS) {
                throw ImageBuilderErrors.busy();
            }
        }
    }

    // ---- StartImagePipelineExecution, ListImagePipelineImages

    private ObjectNode start(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ComponentOperations.arn(body, "imagePipelineArn", ARN_PATTERN);
        String clientToken = r.requiredString("clientToken");
        r.string("clientToken", 1, 64);
        Map<String, String> requestTags = r.tags("tags", ImageBuilderErrors::invalidParameterValue);
        Stored pipeline = find(caller, arn);
        String dependencies = dependencies(caller, pipeline.body());
        return buildImage(caller, pipeline, requestTags, new ImageOperations.Origin(START, clientToken,
                ClientTokens.requestDigest(body), pipeline.body(), imageArn -> recordImage(caller, arn, imageArn,
                dependencies)));
    }

    /**
     * Builds an image as CreateImage does from the pipeline's recipe, configurations, tests and
     * workflows, tagged with its imageTags and {@code requestTags}, for {@code origin}.
     */
    private ObjectNode buildImage(Caller caller, Stored pipeline, Map<String, String> requestTags,
                                  ImageOperations.Origin origin) {
        ObjectNode spec = Json.object();
        for (String m : List.of("imageRecipeArn", "infrastructureConfigurationArn", "distributionConfigurationArn",
                "imageTestsConfiguration", "enhancedImageMetadataEnabled", "workflows", "executionRole")) {
            if (pipeline.body().has(m)) {
                spec.set(m, pipeline.body().get(m));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        pipeline.body().path("imageTags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        if (requestTags != null) {
            tags.putAll(requestTags);
        }
        if (!tags.isEmpty()) {
            ObjectNode tagNode = spec.putObject("tags");
            tags.forEach(tagNode::put);
        }
        return images.build(caller, spec, origin);
    }

    /**
     * The changes that record a pipeline's new image: its row rewritten at the version read now
     * (so the image is not made for a pipeline deleted meanwhile) and the image's row under it.
     */
    private List<ResourceChange> recordImage(Caller caller, String pipelineArn, String imageArn, String dependencies) {
        Stored pipeline = find(caller, pipelineArn);
        return List.of(pipeline.unchanged(), imageRow(pipeline, imageArn, dependencies, false));
    }

    /** A pipeline's record of an image it built, with what its recipe resolved to then, keyed newest last. */
    private ResourceChange imageRow(Stored pipeline, String imageArn, String dependencies, boolean scheduled) {
        String key = String.format("%019d", clock.millis()) + "/" + imageArn;
        ObjectNode body = Json.object().put("image", imageArn).put("dependencies", dependencies)
                .put("scheduled", scheduled);
        return new ResourceChange.Create(new Resource(imageRowArn(pipeline.arn(), imageArn), pipeline.row().account(),
                pipeline.row().region(), RecordCatalog.PIPELINE_IMAGE, pipeline.arn(), key, 0, Json.write(body)));
    }

    // ---- schedules

    /** The ARN of a pipeline's due row for the run at {@code dateNextRun} (as the pipeline shows it). */
    static String dueArn(String pipelineArn, String dateNextRun) {
        return pipelineArn + "|due|" + dateNextRun;
    }

    /** The due row of the run a pipeline's body says is next, if any. */
    private static Optional<String> dueRowOf(JsonNode pipeline) {
        return Optional.ofNullable(Json.textOrNull(pipeline, "dateNextRun"))
                .map(next -> dueArn(pipeline.path("arn").asText(), next));
    }

    /**
     * Sets (or removes) {@code dateNextRun} of {@code pipeline} (a body to be written) to its
     * schedule's first match after {@code after}, and answers the due row that goes with it: none
     * without a schedule, for a disabled pipeline, or when the schedule never matches again.
     */
    private Optional<ResourceChange> scheduleNextRun(Caller caller, ObjectNode pipeline, Instant after) {
        pipeline.remove("dateNextRun");
        JsonNode schedule = pipeline.path("schedule");
        if (!schedule.has("scheduleExpression") || !pipeline.path("status").asText().equals("ENABLED")) {
            return Optional.empty();
        }
        ZoneId zone = ZoneId.of(schedule.path("timezone").asText("UTC"));
        Optional<Instant> next = CronSchedule.next(schedule.get("scheduleExpression").asText(), zone, after);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        String at = WorkflowViews.dateTime(next.get());
        pipeline.put("dateNextRun", at);
        String arn = pipeline.path("arn").asText();
        ObjectNode body = Json.object().put("pipeline", arn).put("account", caller.account())
                .put("region", caller.region()).put("due", at);
        return Optional.of(new ResourceChange.Create(new Resource(dueArn(arn, at), "", "", RecordCatalog.PIPELINE_DUE,
                "", String.format("%019d", next.get().toEpochMilli()) + "/" + arn, 0, Json.write(body))));
    }

    /** A scheduled run that another node (or an update of the pipeline) took first: nothing to do here. */
    private static final class AlreadyTaken extends RuntimeException {
        AlreadyTaken() {
            super(null, null, false, false);
        }
    }

    /**
     * Carries out the scheduled run a due row announces (its time has come): builds an image as
     * StartImagePipelineExecution does, unless the start condition waits for dependency updates and
     * none came, and moves the pipeline's next run on, in one transaction that rewrites the
     * pipeline's row at the version whose {@code dateNextRun} is this run's. So of the nodes that
     * find the same row, one runs it; a node that dies before its commit leaves the row for the next
     * scan (its own after a restart, or another node's), and one that dies after has moved the
     * schedule on: a run is neither skipped nor made twice.
     *
     * <p>A run found late (no node ran while it was due) runs once, however many times the schedule
     * matched meanwhile, and the next run is the schedule's first match after now: AWS runs a
     * schedule when it matches and never needs to catch up, so one late run, not a burst, is the
     * closest to what a user of AWS sees.
     */
    void runScheduled(Resource dueRow) {
        JsonNode due = RecordCatalog.stored(dueRow).body();
        String arn = due.path("pipeline").asText();
        String at = due.path("due").asText();
        Caller caller = new Caller(due.path("account").asText(), due.path("region").asText(), null);
        Optional<Stored> pipeline = records.find(arn, RecordCatalog.IMAGE_PIPELINE);
        if (pipeline.isEmpty() || !at.equals(Json.textOrNull(pipeline.get().body(), "dateNextRun"))) {
            // left over (its run was taken, or the pipeline changed or went): not this run's row
            apply(List.of(new ResourceChange.Delete(dueRow.arn())));
            return;
        }
        if (autoDisabled(pipeline.get().body(), consecutiveFailures(pipeline.get()))) {
            // its autoDisablePolicy disabled it at its last failure: written down now, and nothing runs
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    records.apply(disable(arn, at));
                    return;
                } catch (AlreadyTaken taken) {
                    return;
                } catch (StoreConflictException e) {
                    // the pipeline changed meanwhile: read it again
                }
            }
            return;
        }
        String dependencies = dependencies(caller, pipeline.get().body());
        if (shouldBuild(pipeline.get(), dependencies)) {
            ObjectNode request = Json.object().put("pipeline", arn).put("due", at);
            try {
                buildImage(caller, pipeline.get(), Map.of(), new ImageOperations.Origin(ImageOperations.SCHEDULED,
                        arn + "@" + at, ClientTokens.requestDigest(request), pipeline.get().body(),
                        imageArn -> moveOn(arn, at, imageArn, dependencies)));
                return;
            } catch (AlreadyTaken taken) {
                return;
            } catch (dev.stepwise.api.ServiceException e) {
                // the build can't be made (a record it needs is gone): the schedule moves on without it
                log.warn("the scheduled run of {} at {} built no image: {}", arn, at, e.getMessage());
            }
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                records.apply(moveOn(arn, at, null, dependencies));
                return;
            } catch (AlreadyTaken taken) {
                return;
            } catch (StoreConflictException e) {
                // the pipeline changed meanwhile: read it again
            }
        }
    }

    /**
     * The changes that write down that the pipeline's autoDisablePolicy disabled it, in place of its
     * run at {@code at}: DISABLED, no next run, the run's due row gone (its dateUpdated stays: no user
     * updated it, so its consecutiveFailures stay too). AlreadyTaken when its next run is no longer that one.
     */
    private List<ResourceChange> disable(String arn, String at) {
        Stored pipeline = records.find(arn, RecordCatalog.IMAGE_PIPELINE)
                .filter(p -> at.equals(Json.textOrNull(p.body(), "dateNextRun")))
                .orElseThrow(AlreadyTaken::new);
        ObjectNode body = pipeline.body().deepCopy();
        body.put("status", "DISABLED");
        body.remove("dateNextRun");
        return List.of(pipeline.withBody(body), new ResourceChange.Delete(dueArn(arn, at)));
    }

    /**
     * Whether a scheduled run builds: always for EXPRESSION_MATCH_ONLY; for
     * EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE, when the pipeline never built an image or
     * what its recipe resolves to differs from what it resolved to for the last image it built.
     */
    private boolean shouldBuild(Stored pipeline, String dependencies) {
        if (pipeline.body().path("schedule").path("pipelineExecutionStartCondition").asText()
                .equals("EXPRESSION_MATCH_ONLY")) {
            return true;
        }
        List<Resource> last = records.catalog().list(ResourceRange.children(pipeline.row().account(),
                pipeline.row().region(), RecordCatalog.PIPELINE_IMAGE, pipeline.arn()).reversed(), null, 1).items();
        return last.isEmpty() || !dependencies.equals(RecordCatalog.stored(last.get(0)).body().path("dependencies")
                .asText());
    }

    /**
     * The changes that take the run at {@code at} and move the pipeline's schedule on (with the
     * record of {@code imageArn}, when the run built one); AlreadyTaken when the pipeline's next run
     * is no longer that one.
     */
    private List<ResourceChange> moveOn(String arn, String at, String imageArn, String dependencies) {
        Stored pipeline = records.find(arn, RecordCatalog.IMAGE_PIPELINE)
                .filter(p -> at.equals(Json.textOrNull(p.body(), "dateNextRun")))
                .orElseThrow(AlreadyTaken::new);
        Caller caller = new Caller(pipeline.row().account(), pipeline.row().region(), null);
        ObjectNode body = pipeline.body().deepCopy();
        Instant due = Instant.parse(at);
        Instant now = clock.instant();
        List<ResourceChange> changes = new ArrayList<>();
        Optional<ResourceChange> next = scheduleNextRun(caller, body, now.isAfter(due) ? now : due);
        changes.add(pipeline.withBody(body));
        changes.add(new ResourceChange.Delete(dueArn(arn, at)));
        next.ifPresent(changes::add);
        if (imageArn != null) {
            changes.add(imageRow(pipeline, imageArn, dependencies, true));
        }
        return changes;
    }

    /**
     * The build a recipe's parent image names now: an Image Builder image ARN of the caller's with a
     * version that has wildcards ({@code …:image/NAME/x.x.x}, {@code 1.x.x}) or no build number
     * names the newest AVAILABLE build of the newest version it matches, as AWS resolves it when it
     * builds ("missing" and the text when none does). Anything else (an AMI ID, an SSM parameter, an
     * image another account or AWS owns: none of those is kept here) is compared as written.
     */
    private String parentImage(Caller caller, String parentImage) {
        Optional<RecordArns.Versioned> arn = RecordArns.versioned(parentImage)
                .filter(a -> a.kind().equals("image") && a.buildNumber() == null)
                .filter(a -> a.ownedBy(caller.account(), caller.region()));
        if (arn.isEmpty()) {
            return parentImage;
        }
        VersionSelector selector = arn.get().version();
        return imageRecords.newestAvailable(caller.account(), caller.region(), arn.get().name(), v -> {
            SemanticVersion version = SemanticVersion.parse(v);
            return version != null && selector.matches(version);
        }).orElse("missing " + parentImage);
    }

    /**
     * What a pipeline's recipe resolves to now, as text to compare: its parent image, and the build
     * each component reference (maybe a wildcard version) selects ("missing" for one that selects none).
     */
    private String dependencies(Caller caller, JsonNode pipeline) {
        String recipeArn = pipeline.path("imageRecipeArn").asText();
        JsonNode recipe = lookups.imageRecipe(recipeArn).orElse(Json.object());
        ObjectNode o = Json.object().put("parentImage", parentImage(caller, recipe.path("parentImage").asText()));
        var resolved = o.putArray("components");
        for (JsonNode c : recipe.path("components")) {
            String ref = c.path("componentArn").asText();
            resolved.add(components.resolve(caller, ref).map(Stored::arn).orElse("missing " + ref));
        }
        return Json.write(o);
    }

    private ObjectNode listImages(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = ComponentOperations.arn(body, "imagePipelineArn", ARN_PATTERN);
        List<Filters.Filter> filters = Filters.read(r, List.of("name", "version"));
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        find(caller, arn);
        String scope = "ListImagePipelineImages/" + arn + "/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        RecordPages.Listed listed = RecordPages.rows(records, ResourceRange.children(caller.account(), caller.region(),
                RecordCatalog.PIPELINE_IMAGE, arn), position, limit, row -> imageRecords.image(row.body().path("image")
                .asText()).map(images::summary).filter(s -> filters.stream().allMatch(f -> f.values()
                .contains(s.path(f.name()).asText(null)))));
        return RecordPages.answer(tokens, caller, scope, "imageSummaryList", listed);
    }
}
