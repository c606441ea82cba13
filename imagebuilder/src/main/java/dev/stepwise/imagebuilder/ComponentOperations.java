package dev.stepwise.imagebuilder;

import static dev.stepwise.imagebuilder.Shapes.CLIENT_TOKEN;
import static dev.stepwise.imagebuilder.Shapes.RESOURCE_NAME;
import static dev.stepwise.imagebuilder.Shapes.TAG_MAP;
import static dev.stepwise.imagebuilder.Shapes.bool;
import static dev.stepwise.imagebuilder.Shapes.listOf;
import static dev.stepwise.imagebuilder.Shapes.nonEmpty;
import static dev.stepwise.imagebuilder.Shapes.oneOf;
import static dev.stepwise.imagebuilder.Shapes.pattern;
import static dev.stepwise.imagebuilder.Shapes.struct;
import static dev.stepwise.imagebuilder.Shapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.RecordPages.Listed;
import dev.stepwise.imagebuilder.component.ComponentDocument;
import dev.stepwise.imagebuilder.component.ComponentDocuments;
import dev.stepwise.imagebuilder.document.DocumentProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CreateComponent, GetComponent, ListComponents, ListComponentBuildVersions and DeleteComponent. A
 * component, like a workflow, is a series of immutable build versions: CreateComponent adds build
 * n+1 of a name and semantic version (refusing one identical to the newest build of that version)
 * after checking its document; version ARNs and wildcard ARNs ({@code 1.x.x}) select the newest
 * matching build. A build that an image recipe uses can't be deleted. A caller sees its own
 * account's components in its region.
 */
final class ComponentOperations {
    static final String CREATE = "CreateComponent";
    static final String VERSION_PATTERN = "^[0-9]+\\.[0-9]+\\.[0-9]+$";
    private static final List<String> OWNERS = List.of("Self", "Shared", "Amazon", "ThirdParty", "AWSMarketplace");
    private static final List<String> FILTERS = List.of("description", "name", "platform", "supportedOsVersion",
            "type", "version");
    private static final int MAX_INLINE_DATA = 16000;
    private static final int ATTEMPTS = 20;

    private static final Shapes.Struct CREATE_REQUEST = struct(
            "name!", RESOURCE_NAME,
            "semanticVersion!", pattern(VERSION_PATTERN),
            "description", nonEmpty(),
            "changeDescription", nonEmpty(),
            "platform!", oneOf("Windows", "Linux", "macOS"),
            "supportedOsVersions", listOf(text(1, Integer.MAX_VALUE), 1, 25),
            "data", text(1, MAX_INLINE_DATA, "[^\\x00]+"),
            "uri", text(0, Integer.MAX_VALUE),
            "kmsKeyId", nonEmpty(),
            "tags", TAG_MAP,
            "clientToken!", CLIENT_TOKEN,
            "dryRun", bool());

    private final RecordCatalog records;
    private final DocumentSource documents;
    private final PageTokens tokens;
    private final Clock clock;

    ComponentOperations(RecordCatalog records, DocumentSource documents, PageTokens tokens, Clock clock) {
        this.records = records;
        this.documents = documents;
        this.tokens = tokens;
        this.clock = clock;
    }

    void register(Map<String, Operation> ops) {
        ops.put(CREATE, this::create);
        ops.put("GetComponent", this::get);
        ops.put("ListComponents", this::list);
        ops.put("ListComponentBuildVersions", this::listBuildVersions);
        ops.put("DeleteComponent", this::delete);
    }

    // ---- CreateComponent

    private ObjectNode create(Caller caller, JsonNode body) {
        ObjectNode request = CREATE_REQUEST.check("", body);
        String name = request.get("name").asText();
        SemanticVersion version = SemanticVersion.parse(request.get("semanticVersion").asText());
        String clientToken = request.get("clientToken").asText();
        String data = Json.textOrNull(request, "data");
        String uri = Json.textOrNull(request, "uri");
        if ((data == null) == (uri == null)) {
            throw ImageBuilderErrors.invalidParameterCombination("You must specify exactly one of the data or uri "
                    + "properties.");
        }
        String requestDigest = ClientTokens.requestDigest(body);
        Optional<ObjectNode> replay = ClientTokens.replay(records.catalog(), caller, CREATE, clientToken, requestDigest);
        if (replay.isPresent()) {
            return replay.get();
        }
        String text = data != null ? data : documents.read(uri, "component document");
        ComponentDocuments.Checked checked = ComponentDocuments.read(text);
        if (!checked.valid()) {
            throw ImageBuilderErrors.invalidParameterValue(data != null ? "data" : "uri", checked.problems().stream()
                    .map(DocumentProblem::message).collect(Collectors.joining(" ")));
        }
        if (request.path("dryRun").asBoolean(false)) {
            throw ImageBuilderErrors.dryRun();
        }
        String normalized = WorkflowArn.normalizedName(name);
        for (int attempt = 1; ; attempt++) {
            List<Stored> builds = builds(caller, normalized, version);
            Optional<Stored> latest = builds.stream().reduce((a, b) -> b);
            ObjectNode component = component(caller, request, text, checked.document(), normalized, version,
                    latest.map(s -> buildNumber(s) + 1).orElse(1));
            if (latest.isPresent() && sameConfiguration(latest.get().body(), component)) {
                throw ImageBuilderErrors.resourceInUse("The component '" + latest.get().arn() + "' already exists "
                        + "with this configuration; create a new version or change the component.");
            }
            String arn = component.get("arn").asText();
            ObjectNode response = Json.object();
            response.put("clientToken", clientToken).put("componentBuildVersionArn", arn);
            response.set("latestVersionReferences", WorkflowViews.latestVersionReferences(
                    RecordArns.componentName(caller.region(), caller.account(), normalized), version));
            try {
                records.apply(List.of(
                        RecordCatalog.create(arn, caller.account(), caller.region(), RecordCatalog.COMPONENT,
                                buildKey(normalized, version, buildNumber(arn)), component),
                        ClientTokens.record(caller.account(), caller.region(), CREATE, clientToken, arn,
                                new ClientTokens.Used(requestDigest, response))));
                return response;
            } catch (StoreConflictException e) {
                // another create of this name and version, or of this client token, came first
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

    /** The Component shape GetComponent answers for a new build. */
    private ObjectNode component(Caller caller, ObjectNode request, String data, ComponentDocument document,
                                 String normalized, SemanticVersion version, int build) {
        ObjectNode o = Json.object();
        o.put("arn", RecordArns.componentBuildVersion(caller.region(), caller.account(), normalized, version, build));
        o.put("name", request.get("name").asText()).put("version", version.toString());
        copy(request, o, "description", "changeDescription");
        o.put("type", document.type());
        copy(request, o, "platform", "supportedOsVersions");
        o.putObject("state").put("status", "ACTIVE");
        if (!document.parameters().isEmpty()) {
            ArrayNode parameters = o.putArray("parameters");
            for (ComponentDocument.Parameter p : document.parameters()) {
                ObjectNode po = parameters.addObject().put("name", p.name()).put("type", p.type());
                if (p.defaultValue() != null) {
                    po.putArray("defaultValue").add(p.defaultValue());
                }
                Json.putIfPresent(po, "description", p.description());
            }
        }
        o.put("owner", caller.account()).put("data", data);
        copy(request, o, "kmsKeyId");
        o.put("encrypted", true);
        o.put("dateCreated", WorkflowViews.dateTime(clock.instant()));
        o.set("tags", request.has("tags") ? request.get("tags") : Json.object());
        return o;
    }

    /** Whether a new build would repeat {@code latest}: the same document and settings. */
    private static boolean sameConfiguration(JsonNode latest, ObjectNode next) {
        for (String member : List.of("data", "description", "changeDescription", "platform", "supportedOsVersions",
                "kmsKeyId")) {
            if (!Objects.equals(latest.get(member), next.get(member))) {
                return false;
            }
        }
        return true;
    }

    private static void copy(JsonNode from, ObjectNode to, String... members) {
        for (String m : members) {
            if (from.has(m)) {
                to.set(m, from.get(m));
            }
        }
    }

    // ---- GetComponent

    private ObjectNode get(Caller caller, JsonNode body) {
        String arnText = arn(body, "componentBuildVersionArn", RecordArns.COMPONENT_VERSION_OR_BUILD_VERSION);
        Stored found = resolve(caller, arnText).orElseThrow(() -> notFound(arnText));
        ObjectNode o = Json.object();
        o.set("component", found.body());
        RecordArns.Versioned arn = RecordArns.versioned(found.arn()).orElseThrow();
        o.set("latestVersionReferences", WorkflowViews.latestVersionReferences(
                RecordArns.componentName(arn.region(), arn.account(), arn.name()),
                SemanticVersion.parse(found.body().get("version").asText())));
        return o;
    }

    /** The build {@code arnText} names, or the newest build its version (with wildcards) selects, as the caller sees it. */
    Optional<Stored> resolve(Caller caller, String arnText) {
        Optional<RecordArns.Versioned> parsed = RecordArns.versioned(arnText)
                .filter(a -> a.kind().equals("component") && a.partition().equals("aws")
                        && a.region().equals(caller.region()));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        RecordArns.Versioned arn = parsed.get();
        if (arn.account().equals(ManagedComponents.ACCOUNT)) {
            return ManagedComponents.matching(caller.region(), arn.name(), arn.version()).stream()
                    .filter(s -> arn.buildNumber() == null || buildNumber(s) == arn.buildNumber())
                    .reduce((a, b) -> b) // in version order: the last is the newest
                    .map(s -> new Stored(s.row(), s.body().deepCopy()));
        }
        if (!arn.account().equals(caller.account())) {
            return Optional.empty();
        }
        if (arn.buildNumber() != null) {
            return records.find(arnText, RecordCatalog.COMPONENT);
        }
        return builds(caller, arn.name(), null).stream()
                .filter(s -> arn.version().matches(version(s)))
                .max(Comparator.comparing(ComponentOperations::version)
                        .thenComparingInt(ComponentOperations::buildNumber));
    }

    // ---- ListComponents

    private ObjectNode list(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String owner = r.oneOf("owner", OWNERS);
        List<Filters.Filter> filters = Filters.read(r, FILTERS);
        boolean byName = Boolean.TRUE.equals(r.bool("byName"));
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String who = owner == null ? "Self" : owner;
        String scope = "ListComponents/" + who + "/" + byName + "/" + Filters.describe(filters);
        String position = tokens.position(caller, scope, nextToken);
        // this face keeps the caller's own components and AWS's managed ones: other owners have none to list
        Listed listed = switch (who) {
            case "Self" -> versions(caller, byName, filters, position, limit);
            case "Amazon" -> managedVersions(caller, byName, filters, position, limit);
            default -> new Listed(List.of(), null);
        };
        return RecordPages.answer(tokens, caller, scope, "componentVersionList", listed);
    }

    /**
     * The caller's component versions (or, {@code byName}, each name's newest version) whose newest
     * build passes the filters, each as the ComponentVersion shape. A position is the key of a
     * version's (or name's) last possible build, so a page resumes after the group it ended with.
     */
    private Listed versions(Caller caller, boolean byName, List<Filters.Filter> filters, String position, int limit) {
        List<ObjectNode> items = new ArrayList<>();
        String cursor = position;
        String groupKey = null;
        Stored newest = null;
        String last = position;
        while (true) {
            Page<Resource> page = records.list(caller.account(), caller.region(), RecordCatalog.COMPONENT, cursor, 100);
            List<Resource> rows = new ArrayList<>(page.items());
            for (int i = 0; i <= rows.size(); i++) {
                boolean end = i == rows.size();
                if (end && page.next() != null) {
                    break;
                }
                Resource row = end ? null : rows.get(i);
                String key = row == null ? null : groupKey(row.key(), byName);
                if (newest != null && !Objects.equals(key, groupKey)) {
                    if (passes(newest.body(), filters)) {
                        if (items.size() == limit) {
                            return new Listed(items, last);
                        }
                        items.add(componentVersion(newest.body()));
                        last = groupEnd(groupKey, byName);
                    }
                    newest = null;
                }
                if (row != null) {
                    cursor = row.key();
                    groupKey = key;
                    newest = RecordCatalog.stored(row);
                }
            }
            if (page.next() == null) {
                return new Listed(items, null);
            }
        }
    }

    /**
     * AWS's managed component versions (or, {@code byName}, each name's newest version) that pass
     * the filters, as {@link #versions} pages the caller's own: a position is a group's end key.
     */
    private static Listed managedVersions(Caller caller, boolean byName, List<Filters.Filter> filters,
                                          String position, int limit) {
        Map<String, Stored> newest = new java.util.LinkedHashMap<>();
        for (Stored s : ManagedComponents.all(caller.region())) {
            newest.put(groupKey(s.row().key(), byName), s); // in key order: the last of a group is its newest
        }
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<String, Stored> group : newest.entrySet()) {
            String end = groupEnd(group.getKey(), byName);
            if (position != null && end.compareTo(position) <= 0 || !passes(group.getValue().body(), filters)) {
                continue;
            }
            if (items.size() == limit) {
                return new Listed(items, position);
            }
            items.add(componentVersion(group.getValue().body()));
            position = end;
        }
        return new Listed(items, null);
    }

    private static String groupKey(String rowKey, boolean byName) {
        return byName ? rowKey.substring(0, rowKey.indexOf('/')) : rowKey.substring(0, rowKey.lastIndexOf('/'));
    }

    /** A key after every build of the group (a version, or a name's every version) and before the next group. */
    private static String groupEnd(String groupKey, boolean byName) {
        return byName ? groupKey + "/9999999999.9999999999.9999999999/" + RecordCatalog.LAST_BUILD
                : groupKey + "/" + RecordCatalog.LAST_BUILD;
    }

    private static boolean passes(JsonNode component, List<Filters.Filter> filters) {
        return filters.stream().allMatch(f -> switch (f.name()) {
            case "name" -> f.values().stream().anyMatch(v -> WorkflowArn.normalizedName(v)
                    .equals(WorkflowArn.normalizedName(component.path("name").asText())));
            case "supportedOsVersion" -> f.values().stream().anyMatch(v -> {
                for (JsonNode os : component.path("supportedOsVersions")) {
                    if (os.asText().equals(v)) {
                        return true;
                    }
                }
                return false;
            });
            default -> f.values().contains(component.path(f.name()).asText(null));
        });
    }

    /** The ComponentVersion shape of ListComponents for the version whose newest build is {@code c}. */
    private static ObjectNode componentVersion(JsonNode c) {
        ObjectNode o = Json.object();
        String arn = c.get("arn").asText();
        o.put("arn", arn.substring(0, arn.lastIndexOf('/')));
        copy(c, o, "name", "version", "description", "platform", "supportedOsVersions", "type", "owner",
                "dateCreated");
        o.set("status", c.path("state").path("status"));
        return o;
    }

    // ---- ListComponentBuildVersions

    private ObjectNode listBuildVersions(Caller caller, JsonNode body) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arnText = r.string("componentVersionArn");
        if (arnText != null && !java.util.regex.Pattern.compile(RecordArns.COMPONENT_VERSION).matcher(arnText).find()) {
            throw Shapes.mismatch("componentVersionArn", RecordArns.COMPONENT_VERSION);
        }
        int limit = RecordPages.pageSize(r);
        String nextToken = r.string("nextToken", 1, 65535);
        String scope = "ListComponentBuildVersions/" + (arnText == null ? "" : arnText);
        String position = tokens.position(caller, scope, nextToken);
        Listed listed;
        if (arnText == null) {
            listed = RecordPages.rows(records, caller, RecordCatalog.COMPONENT, position, limit,
                    s -> Optional.of(summary(s.body())));
        } else {
            RecordArns.Versioned arn = RecordArns.versioned(arnText).orElseThrow();
            if (arn.account().equals(ManagedComponents.ACCOUNT) && arn.partition().equals("aws")
                    && arn.region().equals(caller.region())) {
                // a version has one build; a page continues after the key it ended with
                String after = position;
                listed = new Listed(ManagedComponents.matching(caller.region(), arn.name(), arn.version()).stream()
                        .filter(s -> after == null || s.row().key().compareTo(after) > 0).limit(limit)
                        .map(s -> summary(s.body())).toList(), null);
            } else if (!arn.ownedBy(caller.account(), caller.region())) {
                listed = new Listed(List.of(), null);
            } else {
                SemanticVersion version = SemanticVersion.parse(arn.version().toString());
                // a node beyond 2^30-1 names no version that can exist
                listed = version == null ? new Listed(List.of(), null)
                        : prefixed(caller, arn.name() + "/" + version.sortKey() + "/", position, limit);
            }
        }
        return RecordPages.answer(tokens, caller, scope, "componentSummaryList", listed);
    }

    /** The builds whose keys start with {@code prefix} (one version's), as ComponentSummary shapes. */
    private Listed prefixed(Caller caller, String prefix, String position, int limit) {
        List<ObjectNode> items = new ArrayList<>();
        String cursor = position == null ? prefix : position;
        while (true) {
            Page<Resource> page = records.list(caller.account(), caller.region(), RecordCatalog.COMPONENT, cursor,
                    limit + 1);
            for (Resource row : page.items()) {
                if (!row.key().startsWith(prefix)) {
                    return new Listed(items, null);
                }
                if (items.size() == limit) {
                    return new Listed(items, cursor);
                }
                items.add(summary(RecordCatalog.stored(row).body()));
                cursor = row.key();
            }
            if (page.next() == null) {
                return new Listed(items, null);
            }
        }
    }

    /** The ComponentSummary shape of ListComponentBuildVersions. */
    private static ObjectNode summary(JsonNode c) {
        ObjectNode o = Json.object();
        copy(c, o, "arn", "name", "version", "platform", "supportedOsVersions", "state", "type", "owner",
                "description", "changeDescription", "dateCreated", "tags");
        return o;
    }

    // ---- DeleteComponent

    private ObjectNode delete(Caller caller, JsonNode body) {
        String arnText = arn(body, "componentBuildVersionArn", RecordArns.COMPONENT_BUILD_VERSION);
        if (ManagedComponents.isManaged(arnText) && resolve(caller, arnText).isPresent()) {
            throw ImageBuilderErrors.forbidden("You are not authorized to delete the AWS managed component '" + arnText
                    + "'.");
        }
        for (int attempt = 1; ; attempt++) {
            Stored found = resolve(caller, arnText).orElseThrow(() -> notFound(arnText));
            if (records.inUse(found)) {
                throw ImageBuilderErrors.resourceDependency(arnText);
            }
            try {
                records.apply(List.of(found.unchanged(), new ResourceChange.Delete(arnText)));
                return Json.object().put("componentBuildVersionArn", arnText);
            } catch (StoreConflictException e) {
                // the component was tagged or taken into use meanwhile: look again
                if (attempt == ATTEMPTS) {
                    throw ImageBuilderErrors.busy();
                }
            }
        }
    }

    // ---- rows

    /** Every build of a component name (of one version, when {@code version} is given), in version and build order. */
    private List<Stored> builds(Caller caller, String name, SemanticVersion version) {
        String prefix = name + "/" + (version == null ? "" : version.sortKey() + "/");
        List<Stored> builds = new ArrayList<>();
        String cursor = prefix;
        while (true) {
            Page<Resource> page = records.list(caller.account(), caller.region(), RecordCatalog.COMPONENT, cursor, 100);
            for (Resource row : page.items()) {
                if (!row.key().startsWith(prefix)) {
                    return builds;
                }
                builds.add(RecordCatalog.stored(row));
                cursor = row.key();
            }
            if (page.next() == null) {
                return builds;
            }
        }
    }

    static String buildKey(String name, SemanticVersion version, int build) {
        return name + "/" + version.sortKey() + "/" + String.format("%010d", build);
    }

    private static SemanticVersion version(Stored s) {
        return SemanticVersion.parse(s.body().get("version").asText());
    }

    private static int buildNumber(Stored s) {
        return buildNumber(s.arn());
    }

    private static int buildNumber(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf('/') + 1));
    }

    /** A required ARN member that matches the model's {@code pattern} (AWS's error when not). */
    static String arn(JsonNode body, String member, String pattern) {
        ImageBuilderRequest r = new ImageBuilderRequest(body);
        String arn = r.requiredString(member);
        if (!java.util.regex.Pattern.compile(pattern).matcher(arn).find()) {
            throw Shapes.mismatch(member, pattern);
        }
        return arn;
    }

    static ServiceException notFound(String arn) {
        return ImageBuilderErrors.resourceNotFound("The resource '" + arn + "' does not exist.");
    }
}
