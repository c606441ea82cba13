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
 * <p>Schedules are checked ({@link CronSchedule}, the timezone an IANA zone) and stored, but
 * nothing runs on them: builds start only with StartImagePipelineExecution.
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

    private final RecordCatalog records;
    private final ImageBuilderRecords lookups;
    private final ImageOperations images;
    private final ImageRecords imageRecords;
    private final PageTokens tokens;
    private final Clock clock;
    private final Shapes.Struct createRequest;
    private final Shapes.Struct updateRequest;

    PipelineOperations(ImageBuilderRecords lookups, ImageOperations images, ImageRecords imageRecords,
                       PageTokens tokens, Clock clock) {
        this.records = lookups.catalog();
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
                    pipeline.set("tags", request.has("tags") ? request.get("tags") : Json.object());
                    return lookups.use(arn, caller.account(), caller.region(), used(request)).map(uses -> {
                        List<ResourceChange> changes = new ArrayList<>();
                        changes.add(RecordCatalog.create(arn, caller.account(), caller.region(),
                                RecordCatalog.IMAGE_PIPELINE, normalized, pipeline));
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
                    pipeline.set("tags", found.body().get("tags"));
                    return lookups.use(arn, caller.account(), caller.region(), used(request)).map(uses -> {
                        // the old uses go before the new ones are recorded: a record kept by the update is used again
                        List<ResourceChange> changes = new ArrayList<>();
                        changes.add(found.withBody(pipeline));
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

    /** The pipeline as answered: its row with the status of the last image it built, if any. */
    private ObjectNode answered(Stored pipeline) {
        ObjectNode o = pipeline.body().deepCopy();
        List<Resource> last = records.catalog().list(ResourceRange.children(pipeline.row().account(),
                pipeline.row().region(), RecordCatalog.PIPELINE_IMAGE, pipeline.arn()).reversed(), null, 1).items();
        if (!last.isEmpty()) {
            String imageArn = RecordCatalog.stored(last.get(0)).body().path("image").asText();
            o.put("lastRunStatus", imageRecords.state(imageArn).path("status").asText());
        }
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        List<Filters.Filter> filters = Filters.read(r, PIPELINE_FILTERS);
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListImagePipelines/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        RecordPages.Listed listed = RecordPages.rows(records, caller, RecordCatalog.IMAGE_PIPELINE, position, limit,
                s -> filters.stream().allMatch(f -> passes(s.body(), f))
                        ? Optional.of(answered(s)) : Optional.empty());
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
        return images.build(caller, spec, new ImageOperations.Origin(START, clientToken,
                ClientTokens.requestDigest(body), pipeline.body(), imageArn -> recordImage(caller, arn, imageArn)));
    }

    /**
     * The changes that record a pipeline's new image: its row rewritten at the version read now
     * (so the image is not made for a pipeline deleted meanwhile) and the image's row under it.
     */
    private List<ResourceChange> recordImage(Caller caller, String pipelineArn, String imageArn) {
        Stored pipeline = find(caller, pipelineArn);
        String key = String.format("%019d", clock.millis()) + "/" + imageArn;
        return List.of(pipeline.unchanged(), new ResourceChange.Create(new Resource(imageRowArn(pipelineArn, imageArn),
                caller.account(), caller.region(), RecordCatalog.PIPELINE_IMAGE, pipelineArn, key, 0,
                Json.write(Json.object().put("image", imageArn)))));
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
