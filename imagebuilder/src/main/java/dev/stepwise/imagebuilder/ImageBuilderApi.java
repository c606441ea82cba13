package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.RestJsonService;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.runtime.Timers;
import dev.stepwise.engine.store.Catalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The EC2 Image Builder API (rest-json, signing name "imagebuilder"), at the service's own methods
 * and paths: workflows (their YAML documents checked when created), AWS's managed workflows,
 * components (their documents checked too), image recipes, infrastructure and distribution
 * configurations, image pipelines, images and their workflow runs, and tags, kept in the store's
 * catalog per account and region. Every other operation of the service
 * model is routed too and answers InvalidRequestException until it is served.
 */
public final class ImageBuilderApi implements RestJsonService {
    private final List<Route> routes;
    private final Set<String> served;
    private final Clock clock;
    private final RecordCatalog records;
    private PipelineOperations pipelines;

    /**
     * The face on {@code catalog} and {@code clock}; CreateWorkflow reads {@code s3://bucket/key}
     * documents from the embedded object store under {@code objectsRoot}. Pagination tokens are
     * signed with the catalog's secret, so they stay good across restarts and nodes.
     */
    public ImageBuilderApi(Catalog catalog, Clock clock, Path objectsRoot) {
        this(catalog, clock, objectsRoot, null);
    }

    /**
     * As above, with images and workflow runs on the engine that {@code engine} was given
     * ({@link ImageBuilderWorkflows#runOn}); null: workflows only.
     */
    public ImageBuilderApi(Catalog catalog, Clock clock, Path objectsRoot, ImageBuilderWorkflows engine) {
        WorkflowCatalog workflows = new WorkflowCatalog(catalog);
        PageTokens tokens = new PageTokens(catalog.secret("imagebuilder-page-tokens", 32), clock,
                ImageBuilderErrors::invalidPaginationToken);
        RecordCatalog records = new RecordCatalog(catalog);
        this.clock = clock;
        this.records = records;
        DocumentSource documents = new DocumentSource(objectsRoot);
        Map<String, Operation> served = new HashMap<>();
        new WorkflowOperations(workflows, documents, tokens, clock).register(served);
        ComponentOperations components = new ComponentOperations(records, documents, tokens, clock);
        components.register(served);
        new ImageRecipeOperations(records, components, tokens, clock).register(served);
        new ConfigurationOperations(ConfigurationOperations.INFRASTRUCTURE, records, tokens, clock).register(served);
        new ConfigurationOperations(ConfigurationOperations.DISTRIBUTION_KIND, records, tokens, clock)
                .register(served);
        new TagOperations(workflows, records).register(served);
        if (engine != null) {
            ImageBuilderRecords lookups = new ImageBuilderRecords(catalog);
            ImageOperations images = new ImageOperations(engine, lookups, workflows, tokens, clock,
                    new java.security.SecureRandom());
            images.register(served);
            pipelines = new PipelineOperations(lookups, components, images, engine.images(), tokens, clock);
            pipelines.register(served);
            new ExecutionOperations(engine.executions(), engine.images(), engine.waiting(), tokens).register(served);
            guardWorkflowDeletes(served, engine);
        }
        List<Route> all = new ArrayList<>();
        for (ModelBindings.Binding b : ModelBindings.ALL) {
            Map<String, String> query = new LinkedHashMap<>();
            b.queryMembers().forEach(m -> query.put(m, m));
            Operation operation = served.containsKey(b.operationName())
                    ? withRequestId(served.get(b.operationName()))
                    : (caller, request) -> {
                        throw ImageBuilderErrors.notSupported(b.operationName());
                    };
            all.add(new Route(b.method(), b.path(), query, 200, b.operationName(), operation));
        }
        this.routes = List.copyOf(all);
        this.served = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(served.keySet()));
    }

    /**
     * The operation answering with a {@code requestId} member too, as every Image Builder answer
     * has one; the host answers the request under that id (its x-amzn-RequestId header).
     */
    private static Operation withRequestId(Operation operation) {
        return (caller, request) -> {
            ObjectNode answer = operation.handle(caller, request);
            ObjectNode withId = Json.object().put("requestId", UUID.randomUUID().toString());
            withId.setAll(answer);
            return withId;
        };
    }

    /** DeleteWorkflow refuses a workflow build version an image runs (ResourceDependencyException). */
    private static void guardWorkflowDeletes(Map<String, Operation> served, ImageBuilderWorkflows engine) {
        Operation delete = served.get("DeleteWorkflow");
        served.put("DeleteWorkflow", (caller, request) -> {
            String arn = request.path("workflowBuildVersionArn").asText("");
            if (engine.images().workflowInUse(caller.account(), caller.region(), arn)) {
                throw ImageBuilderErrors.resourceDependency(arn);
            }
            return delete.handle(caller, request);
        });
    }

    /**
     * Starts running image pipelines' schedules on {@code timers} (the runtime's clock's): what is
     * due now runs at once (runs that came while no node ran), the rest when due. Close the answer
     * to stop. Only for a face with images ({@link ImageBuilderWorkflows}).
     */
    public AutoCloseable runSchedules(Timers timers) {
        if (pipelines == null) {
            throw new IllegalStateException("this Image Builder face runs no images");
        }
        PipelineSchedules schedules = new PipelineSchedules(records, pipelines, clock, timers);
        schedules.scan();
        return schedules;
    }

    /** The operations of the service model this face serves (the others answer that they are not supported yet). */
    public Set<String> servedOperations() {
        return served;
    }

    @Override
    public String signingName() {
        return "imagebuilder";
    }

    @Override
    public List<Route> routes() {
        return routes;
    }
}
