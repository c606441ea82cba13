package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.WorkflowCatalog.NameRow;
import dev.stepwise.imagebuilder.WorkflowListings.Listed;
import dev.stepwise.imagebuilder.document.DocumentProblem;
import dev.stepwise.imagebuilder.document.WorkflowDocuments;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CreateWorkflow, GetWorkflow, ListWorkflows, ListWorkflowBuildVersions and DeleteWorkflow.
 * A workflow is a series of immutable build versions: CreateWorkflow adds build n+1 of a name and
 * semantic version (refusing one identical to the latest), after checking its document for the
 * workflow's type. Version ARNs and wildcard ARNs ({@code 1.x.x}, {@code x.x.x}) select the newest
 * matching build. A caller sees its own account's workflows in its region, and AWS's managed ones.
 */
final class WorkflowOperations {
    static final String CREATE = "CreateWorkflow";
    private static final Pattern NAME = Pattern.compile("^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$");
    private static final Pattern INLINE_DATA = Pattern.compile("[^\\x00]+");
    private static final List<String> TYPES = List.of("BUILD", "TEST", "DISTRIBUTION");
    private static final int MAX_DATA = 16000;
    /** Attempts at a write that lost a race with another write of the same workflow name. */
    private static final int ATTEMPTS = 20;

    private final WorkflowCatalog workflows;
    private final WorkflowListings listings;
    private final DocumentSource documents;
    private final PageTokens tokens;
    private final Clock clock;

    WorkflowOperations(WorkflowCatalog workflows, DocumentSource documents, PageTokens tokens, Clock clock) {
        this.workflows = workflows;
        this.listings = new WorkflowListings(workflows);
        this.documents = documents;
        this.tokens = tokens;
        this.clock = clock;
    }

    void register(Map<String, Operation> ops) {
        ops.put(CREATE, this::create);
        ops.put("GetWorkflow", this::get);
        ops.put("ListWorkflows", this::list);
        ops.put("ListWorkflowBuildVersions", this::listBuildVersions);
        ops.put("DeleteWorkflow", this::delete);
    }

    // ---- CreateWorkflow

    private ObjectNode create(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String name = r.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw ImageBuilderErrors.invalidParameterValue("name", "A name is 3 to 128 characters: letters, numbers, "
                    + "hyphens, underscores, and spaces that neither begin nor end it.");
        }
        String versionText = r.requiredString("semanticVersion");
        SemanticVersion version = SemanticVersion.parse(versionText);
        if (version == null) {
            throw ImageBuilderErrors.invalidVersionNumber("The semantic version '" + versionText + "' is not valid: "
                    + "it must be <major>.<minor>.<patch>, three whole numbers, as in 1.0.0.");
        }
        String clientToken = r.requiredString("clientToken");
        r.string("clientToken", 1, 64);
        WorkflowType type = WorkflowType.valueOf(required(r, "type", r.oneOf("type", TYPES)));
        String description = r.string("description", 1, 1024);
        String changeDescription = r.string("changeDescription", 1, 1024);
        String kmsKeyId = r.string("kmsKeyId", 1, 1024);
        Map<String, String> tags = r.tags("tags", ImageBuilderErrors::invalidParameterValue);
        boolean dryRun = Boolean.TRUE.equals(r.bool("dryRun"));
        String data = r.string("data");
        String uri = r.string("uri");
        if ((data == null) == (uri == null)) {
            throw ImageBuilderErrors.invalidParameterCombination("You must specify exactly one of the data or uri "
                    + "properties.");
        }
        if (data != null && (data.isEmpty() || data.length() > MAX_DATA || !INLINE_DATA.matcher(data).matches())) {
            throw ImageBuilderErrors.invalidParameterValue("data", "The inline workflow document must be 1 to "
                    + MAX_DATA + " characters, none of them NUL; for a larger document, give its S3 uri.");
        }

        String requestDigest = ClientTokens.requestDigest(body);
        Optional<ObjectNode> replay = replay(caller, clientToken, requestDigest);
        if (replay.isPresent()) {
            return replay.get();
        }
        String text = data != null ? data : documents.read(uri);
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(text, type);
        if (!checked.valid()) {
            throw ImageBuilderErrors.invalidParameterValue(data != null ? "data" : "uri", checked.problems().stream()
                    .map(DocumentProblem::message).collect(Collectors.joining(" ")));
        }
        if (dryRun) {
            throw ImageBuilderErrors.dryRun();
        }
        String normalized = WorkflowArn.normalizedName(name);
        for (int attempt = 1; ; attempt++) {
            NameRow row = workflows.name(caller.account(), caller.region(), type, normalized);
            Optional<WorkflowRecord> latest = workflows.builds(row).stream()
                    .filter(w -> w.version().equals(version)).reduce((a, b) -> b);
            if (latest.isPresent() && latest.get().sameConfiguration(text, description, changeDescription, kmsKeyId)) {
                throw ImageBuilderErrors.resourceInUse("The workflow '" + latest.get().arn()
                        + "' already exists with this configuration; create a new version or change the workflow.");
            }
            int buildNumber = row.nextBuild(version);
            String arn = WorkflowArn.buildVersion(caller.region(), caller.account(), type, normalized, version,
                    buildNumber);
            WorkflowRecord record = new WorkflowRecord(arn, name, type, version, buildNumber, description,
                    changeDescription, caller.account(), text, kmsKeyId, clock.instant(),
                    tags == null ? Map.of() : tags, checked.document().parameters(), 0);
            ObjectNode response = Json.object();
            response.put("clientToken", clientToken).put("workflowBuildVersionArn", arn);
            response.set("latestVersionReferences", WorkflowViews.latestVersionReferences(record));
            try {
                workflows.create(row, record, CREATE, clientToken, new ClientTokens.Used(requestDigest, response));
                return response;
            } catch (StoreConflictException e) {
                // another write of this workflow name, or of this client token, came first
                replay = replay(caller, clientToken, requestDigest);
                if (replay.isPresent()) {
                    return replay.get();
                }
                if (attempt == ATTEMPTS) {
                    throw busy();
                }
            }
        }
    }

    /** The answer a client token already got for the same request; a different request is refused. */
    private Optional<ObjectNode> replay(Caller caller, String clientToken, String requestDigest) {
        return ClientTokens.replay(workflows.catalog(), caller, CREATE, clientToken, requestDigest);
    }

    private static String required(ImageBuilderRequest r, String member, String value) {
        if (value == null) {
            throw ImageBuilderErrors.missingParameter(member);
        }
        return value;
    }

    private static ServiceException busy() {
        return new ServiceException(500, "ServiceException", "The workflow is being changed by other requests; "
                + "retry the request.");
    }

    // ---- GetWorkflow

    private ObjectNode get(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arnText = r.requiredString("workflowBuildVersionArn");
        WorkflowArn arn = WorkflowArn.parse(arnText).orElseThrow(() -> ImageBuilderErrors.invalidParameterValue(
                "workflowBuildVersionArn", "It must be the ARN of a workflow's build version, or of a version that "
                        + "may hold wildcards (x), as in arn:aws:imagebuilder:us-east-1:123456789012:"
                        + "workflow/build/my-workflow/1.x.x."));
        WorkflowRecord w = workflows.resolve(caller, arn).orElseThrow(() -> notFound(arnText));
        ObjectNode o = Json.object();
        o.set("workflow", WorkflowViews.workflow(w));
        o.set("latestVersionReferences", WorkflowViews.latestVersionReferences(w));
        return o;
    }

    private static ServiceException notFound(String arn) {
        return ImageBuilderErrors.clientException("The workflow '" + arn + "' does not exist.");
    }

    // ---- ListWorkflows

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String owner = r.oneOf("owner", List.of("Self", "Shared", "Amazon", "ThirdParty", "AWSMarketplace"));
        List<WorkflowListings.Filter> filters = WorkflowListings.filters(r);
        boolean byName = Boolean.TRUE.equals(r.bool("byName"));
        int limit = pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String who = owner == null ? "Self" : owner;
        if (who.equals("Shared") || who.equals("ThirdParty")) {
            throw ImageBuilderErrors.invalidParameterValue("owner", "Workflows can't be listed for the owner " + who
                    + "; use Self or Amazon.");
        }
        if (byName && filters.stream().anyMatch(f -> f.name().equals("version"))) {
            throw ImageBuilderErrors.invalidRequest("You can't combine byName with a version filter.");
        }
        String scope = "ListWorkflows/" + who + "/" + byName + "/" + WorkflowListings.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        Listed listed = who.equals("AWSMarketplace") ? Listed.EMPTY
                : listings.versions(caller, who.equals("Amazon"), byName, filters, position, limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("workflowVersionList");
        listed.items().forEach(list::add);
        if (listed.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, listed.next()));
        }
        return o;
    }

    private static int pageSize(ImageBuilderRequest r) {
        Integer maxResults = r.integer("maxResults", 1, WorkflowListings.MAX_PAGE);
        return maxResults == null ? WorkflowListings.MAX_PAGE : maxResults;
    }

    // ---- ListWorkflowBuildVersions

    private ObjectNode listBuildVersions(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arnText = r.string("workflowVersionArn");
        WorkflowArn arn = null;
        if (arnText != null) {
            arn = WorkflowArn.parse(arnText).filter(a -> !a.isBuildVersion()).orElseThrow(() ->
                    ImageBuilderErrors.invalidParameterValue("workflowVersionArn", "It must be the ARN of a workflow "
                            + "version, whose version may hold wildcards (x), as in arn:aws:imagebuilder:us-east-1:"
                            + "123456789012:workflow/build/my-workflow/1.x.x."));
        }
        int limit = pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListWorkflowBuildVersions/" + (arnText == null ? "" : arnText);
        String position = tokens.position(caller, scope, nextToken);
        Listed listed = listings.builds(caller, arn, position, limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("workflowSummaryList");
        listed.items().forEach(list::add);
        if (listed.next() != null) {
            o.put("nextToken", tokens.issue(caller, scope, listed.next()));
        }
        return o;
    }

    // ---- DeleteWorkflow

    private ObjectNode delete(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arnText = r.requiredString("workflowBuildVersionArn");
        WorkflowArn arn = WorkflowArn.parse(arnText).filter(WorkflowArn::isBuildVersion).orElseThrow(() ->
                ImageBuilderErrors.invalidParameterValue("workflowBuildVersionArn", "It must be the ARN of a "
                        + "workflow's build version, as in arn:aws:imagebuilder:us-east-1:123456789012:"
                        + "workflow/build/my-workflow/1.0.0/1."));
        if (arn.managed() && arn.region().equals(caller.region())
                && ManagedWorkflows.build(caller.region(), arnText).isPresent()) {
            throw ImageBuilderErrors.forbidden("You are not authorized to delete the AWS managed workflow '" + arnText
                    + "'.");
        }
        if (!arn.region().equals(caller.region()) || !arn.account().equals(caller.account())) {
            throw notFound(arnText);
        }
        for (int attempt = 1; ; attempt++) {
            NameRow row = workflows.name(caller.account(), caller.region(), arn.type(), arn.name());
            WorkflowRecord build = workflows.build(arnText).orElseThrow(() -> notFound(arnText));
            try {
                workflows.delete(row, build);
                return Json.object().put("workflowBuildVersionArn", arnText);
            } catch (StoreConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw busy();
                }
            }
        }
    }
}
