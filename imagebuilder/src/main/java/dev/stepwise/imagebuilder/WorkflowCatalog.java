package dev.stepwise.imagebuilder;

import static dev.stepwise.asl.json.Json.putIfPresent;
import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.imagebuilder.document.ParameterType;
import dev.stepwise.imagebuilder.document.WorkflowParameter;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Workflows in the store's generic catalog, three kinds of rows:
 * <ul>
 * <li>a workflow name ({@value #NAME}) per account, region, type and normalized name, under the
 *     ARN {@code …:workflow/{type}/{name}} and keyed {@code {name}/{type}}, so the names of an
 *     account and region are a key range in name order. Its body counts, per semantic version, the
 *     last build number given and the builds that exist. Every change of the name's builds updates
 *     it (checking its row version), so changes of one workflow are serialized: two creates never
 *     get the same build number, a delete never races a create into a lost count;</li>
 * <li>a build version ({@value #BUILD}) under its ARN, a child of its name keyed by zero-padded
 *     version and build number, so a workflow's builds are a key range in version order;</li>
 * <li>a client token per CreateWorkflow token that made a build, a child of that build (see
 *     {@link ClientTokens}).</li>
 * </ul>
 * No client ever sees the internal ARNs of names and tokens.
 */
final class WorkflowCatalog {
    static final String NAME = "imagebuilderWorkflowName";
    static final String BUILD = "imagebuilderWorkflow";
    static final String CLIENT_TOKEN = ClientTokens.TYPE;

    private final Catalog catalog;

    WorkflowCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    Catalog catalog() {
        return catalog;
    }

    /** A workflow name's row: the ARN of its row, the builds it counts per version, its row version (0: none yet). */
    record NameRow(String arn, String account, String region, WorkflowType type, String name,
                   Map<SemanticVersion, Counts> versions, long rowVersion) {

        NameRow {
            versions = new TreeMap<>(versions);
        }

        /** The last build number given to a version, and how many of its builds exist. */
        record Counts(int lastBuild, int live) {}

        String key() {
            return nameKey(name, type);
        }

        int nextBuild(SemanticVersion v) {
            Counts c = versions.get(v);
            return c == null ? 1 : c.lastBuild() + 1;
        }

        NameRow withBuildAdded(SemanticVersion v, int build) {
            Map<SemanticVersion, Counts> next = new TreeMap<>(versions);
            Counts c = next.get(v);
            next.put(v, new Counts(build, c == null ? 1 : c.live() + 1));
            return new NameRow(arn, account, region, type, name, next, rowVersion);
        }

        NameRow withBuildRemoved(SemanticVersion v) {
            Map<SemanticVersion, Counts> next = new TreeMap<>(versions);
            Counts c = next.get(v);
            if (c != null) {
                next.put(v, new Counts(c.lastBuild(), Math.max(0, c.live() - 1)));
            }
            return new NameRow(arn, account, region, type, name, next, rowVersion);
        }

        boolean empty() {
            return versions.values().stream().allMatch(c -> c.live() == 0);
        }
    }

    // ---- reading

    /** The row of a workflow name, or a new one (row version 0) when the name has no row yet. */
    NameRow name(String account, String region, WorkflowType type, String name) {
        String arn = nameArn(region, account, type, name);
        return catalog.resource(arn).filter(r -> r.type().equals(NAME)).map(WorkflowCatalog::nameRowOf)
                .orElseGet(() -> new NameRow(arn, account, region, type, name, Map.of(), 0));
    }

    /** A page of the name rows of an account and region, in name order, after the key {@code afterKey}. */
    Page<Resource> names(String account, String region, String afterKey, int limit) {
        return catalog.list(ResourceRange.of(account, region, NAME), afterKey, limit);
    }

    /** The name a row of {@link #names} holds. */
    NameRow nameRow(Resource row) {
        return nameRowOf(row);
    }

    Optional<WorkflowRecord> build(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(BUILD)).map(WorkflowCatalog::record);
    }

    /** Every build of a workflow name, in version and build order (the newest last). */
    List<WorkflowRecord> builds(NameRow name) {
        List<WorkflowRecord> builds = new ArrayList<>();
        if (name.rowVersion() == 0) {
            return builds;
        }
        ResourceRange range = ResourceRange.children(name.account(), name.region(), BUILD, name.arn());
        String after = null;
        do {
            Page<Resource> page = catalog.list(range, after, 100);
            page.items().forEach(r -> builds.add(record(r)));
            after = page.next();
        } while (after != null);
        return builds;
    }

    // ---- writing (StoreConflictException: nothing changed)

    /**
     * Adds a build to its name (creating the name's row, or updating it if it is still at its row
     * version), with the client token that asked for it, if any.
     */
    void create(NameRow name, WorkflowRecord build, String operation, String clientToken, ClientTokens.Used token) {
        NameRow next = name.withBuildAdded(build.version(), build.buildNumber());
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(name.rowVersion() == 0 ? new ResourceChange.Create(nameResource(next))
                : new ResourceChange.Update(nameResource(next), name.rowVersion()));
        changes.add(new ResourceChange.Create(buildResource(build, name)));
        if (clientToken != null) {
            changes.add(ClientTokens.record(name.account(), name.region(), operation, clientToken, build.arn(), token));
        }
        catalog.apply(changes);
    }

    /** Replaces a build's tags if its row is still at the record's row version. */
    void updateTags(WorkflowRecord build, NameRow name) {
        catalog.apply(List.of(new ResourceChange.Update(buildResource(build, name), build.rowVersion())));
    }

    /** Removes a build (and its client token), and its name's row when it was the name's last build. */
    void delete(NameRow name, WorkflowRecord build) {
        NameRow next = name.withBuildRemoved(build.version());
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(new ResourceChange.Delete(build.arn()));
        if (next.empty()) {
            // a name's row goes with its last build; its builds (none left) are its children
            changes.add(new ResourceChange.Update(nameResource(next), name.rowVersion()));
            changes.add(new ResourceChange.Delete(name.arn()));
        } else {
            changes.add(new ResourceChange.Update(nameResource(next), name.rowVersion()));
        }
        catalog.apply(changes);
    }

    // ---- rows

    static String nameArn(String region, String account, WorkflowType type, String name) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":workflow/" + type.arnSegment() + "/" + name;
    }

    static String nameKey(String name, WorkflowType type) {
        return name + "/" + type.arnSegment();
    }

    static String buildKey(SemanticVersion version, int buildNumber) {
        return version.sortKey() + "/" + String.format("%010d", buildNumber);
    }

    private static Resource nameResource(NameRow n) {
        ObjectNode body = Json.object().put("type", n.type().name()).put("name", n.name());
        ArrayNode versions = body.putArray("versions");
        n.versions().forEach((v, c) -> versions.addObject().put("version", v.toString())
                .put("lastBuild", c.lastBuild()).put("live", c.live()));
        return new Resource(n.arn(), n.account(), n.region(), NAME, "", n.key(), 0, Json.write(body));
    }

    private static NameRow nameRowOf(Resource r) {
        JsonNode body = body(r);
        Map<SemanticVersion, NameRow.Counts> versions = new LinkedHashMap<>();
        for (JsonNode v : body.path("versions")) {
            versions.put(SemanticVersion.parse(v.path("version").asText()),
                    new NameRow.Counts(v.path("lastBuild").asInt(), v.path("live").asInt()));
        }
        return new NameRow(r.arn(), r.account(), r.region(), WorkflowType.valueOf(body.path("type").asText()),
                body.path("name").asText(), versions, r.version());
    }

    private static Resource buildResource(WorkflowRecord w, NameRow name) {
        ObjectNode o = Json.object();
        o.put("name", w.name()).put("type", w.type().name()).put("version", w.version().toString())
                .put("buildNumber", w.buildNumber()).put("owner", w.owner()).put("data", w.data())
                .put("createdMs", w.dateCreated().toEpochMilli());
        putIfPresent(o, "description", w.description());
        putIfPresent(o, "changeDescription", w.changeDescription());
        putIfPresent(o, "kmsKeyId", w.kmsKeyId());
        ArrayNode tags = o.putArray("tags");
        w.tags().forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ArrayNode parameters = o.putArray("parameters");
        for (WorkflowParameter p : w.parameters()) {
            ObjectNode po = parameters.addObject().put("name", p.name()).put("type", p.type().documentName());
            putIfPresent(po, "description", p.description());
            if (p.defaultValue() != null) {
                ArrayNode d = po.putArray("default");
                p.defaultValue().forEach(d::add);
            }
        }
        return new Resource(w.arn(), name.account(), name.region(), BUILD, name.arn(),
                buildKey(w.version(), w.buildNumber()), 0, Json.write(o));
    }

    private static WorkflowRecord record(Resource r) {
        JsonNode o = body(r);
        Map<String, String> tags = new LinkedHashMap<>();
        o.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        List<WorkflowParameter> parameters = new ArrayList<>();
        for (JsonNode p : o.path("parameters")) {
            List<String> defaultValue = null;
            if (p.has("default")) {
                defaultValue = new ArrayList<>();
                for (JsonNode d : p.get("default")) {
                    defaultValue.add(d.asText());
                }
            }
            parameters.add(new WorkflowParameter(p.path("name").asText(),
                    ParameterType.fromDocumentName(p.path("type").asText()).orElseThrow(), defaultValue,
                    textOrNull(p, "description")));
        }
        return new WorkflowRecord(r.arn(), o.path("name").asText(), WorkflowType.valueOf(o.path("type").asText()),
                SemanticVersion.parse(o.path("version").asText()), o.path("buildNumber").asInt(),
                textOrNull(o, "description"), textOrNull(o, "changeDescription"), o.path("owner").asText(),
                o.path("data").asText(), textOrNull(o, "kmsKeyId"), Instant.ofEpochMilli(o.path("createdMs").asLong()),
                tags, parameters, r.version());
    }

    private static JsonNode body(Resource r) {
        try {
            return Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of a " + r.type() + " row is not JSON", e);
        }
    }


    /** The build {@code arn} names, or the newest build its version (with wildcards) selects, as the caller sees it. */
    Optional<WorkflowRecord> resolve(Caller caller, WorkflowArn arn) {
        Comparator<WorkflowRecord> newest = Comparator.comparing(WorkflowRecord::version)
                .thenComparingInt(WorkflowRecord::buildNumber);
        if (!arn.region().equals(caller.region()) || !arn.partition().equals("aws")) {
            return Optional.empty();
        }
        if (arn.managed()) {
            return ManagedWorkflows.matching(caller.region(), arn.type(), arn.name(), arn.version(), arn.buildNumber())
                    .stream().max(newest);
        }
        if (!arn.account().equals(caller.account())) {
            return Optional.empty();
        }
        NameRow row = name(caller.account(), caller.region(), arn.type(), arn.name());
        return builds(row).stream()
                .filter(w -> arn.version().matches(w.version()))
                .filter(w -> arn.buildNumber() == null || arn.buildNumber() == w.buildNumber())
                .max(newest);
    }
}
