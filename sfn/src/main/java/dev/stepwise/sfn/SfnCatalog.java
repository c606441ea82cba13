package dev.stepwise.sfn;

import static dev.stepwise.asl.json.Json.putIfPresent;
import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.MapRunState;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.sfn.SfnRecords.ActivityRecord;
import dev.stepwise.sfn.SfnRecords.AliasRecord;
import dev.stepwise.sfn.SfnRecords.StateMachineRecord;
import dev.stepwise.sfn.SfnRecords.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step Functions' resources in the store's generic catalog: each record is a resource of its type
 * with its body as JSON, keyed so that the API's listings are key ranges: state machines and
 * activities by name within an account and region, a machine's versions by zero-padded number
 * and its aliases by name under the machine, an execution's Map runs by start time under the
 * execution. Deleting a machine deletes its versions and aliases (its children).
 */
final class SfnCatalog {
    static final String STATE_MACHINE = "stateMachine";
    static final String VERSION = "stateMachineVersion";
    static final String ALIAS = "stateMachineAlias";
    static final String ACTIVITY = "activity";
    static final String MAP_RUN = "mapRun";
    /** How often publishing retries when another publish of the same machine won the race. */
    private static final int PUBLISH_ATTEMPTS = 16;

    private final Catalog catalog;
    /*
     * State machines are read on every StartExecution: their decoded records are kept by ARN with
     * the row they were decoded from, and decoded again when the catalog gives another row (a new
     * version, or a machine deleted and created again: the body differs).
     */
    private record Decoded(Resource row, StateMachineRecord record) {
        boolean of(Resource r) {
            return row.version() == r.version() && row.body().equals(r.body());
        }
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Decoded> decoded =
            new java.util.concurrent.ConcurrentHashMap<>();

    SfnCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    Catalog catalog() {
        return catalog;
    }

    // ---- state machines

    void createStateMachine(StateMachineRecord m) {
        catalog.create(resource(m.arn(), STATE_MACHINE, "", m.name(), stateMachineBody(m)));
    }

    Optional<StateMachineRecord> stateMachine(String arn) {
        Optional<Resource> row = catalog.resource(arn).filter(r -> r.type().equals(STATE_MACHINE));
        if (row.isEmpty()) {
            decoded.remove(arn);
            return Optional.empty();
        }
        Decoded known = decoded.get(arn);
        if (known != null && known.of(row.get())) {
            return Optional.of(known.record());
        }
        StateMachineRecord fresh = stateMachine(row.get());
        decoded.put(arn, new Decoded(row.get(), fresh));
        return Optional.of(fresh);
    }

    /** Replaces the machine if its row is still at {@code expectedRowVersion}; false otherwise. */
    boolean updateStateMachine(StateMachineRecord m, long expectedRowVersion) {
        try {
            catalog.apply(List.of(new ResourceChange.Update(resource(m.arn(), STATE_MACHINE, "", m.name(),
                    stateMachineBody(m)), expectedRowVersion)));
            return true;
        } catch (StoreConflictException e) {
            return false;
        }
    }

    /**
     * Deletes a resource with its tags and children (a machine's versions and aliases); nothing
     * when it does not exist.
     */
    void delete(String arn) {
        catalog.apply(List.of(new ResourceChange.Delete(arn)));
    }

    Page<StateMachineRecord> listStateMachines(Caller caller, String after, int limit) {
        return map(catalog.list(ResourceRange.of(caller.account(), caller.region(), STATE_MACHINE), after, limit),
                SfnCatalog::stateMachine);
    }

    private static String stateMachineBody(StateMachineRecord m) {
        ObjectNode o = Json.object();
        o.put("name", m.name()).put("type", m.type()).put("status", m.status()).put("definition", m.definition())
                .put("roleArn", m.roleArn()).put("createdMs", m.created().toEpochMilli());
        putInstant(o, "updatedMs", m.updated());
        putIfPresent(o, "revisionId", m.revisionId());
        putIfPresent(o, "description", m.description());
        putJson(o, "logging", m.logging());
        putJson(o, "tracing", m.tracing());
        putJson(o, "encryption", m.encryption());
        o.put("lastVersion", m.lastVersion());
        if (m.publishedOnCreate()) {
            o.put("publishedOnCreate", true);
        }
        return Json.write(o);
    }

    private static StateMachineRecord stateMachine(Resource r) {
        JsonNode o = body(r);
        return new StateMachineRecord(r.arn(), o.path("name").asText(), o.path("type").asText(),
                o.path("status").asText(), o.path("definition").asText(), o.path("roleArn").asText(),
                instant(o, "createdMs"), instant(o, "updatedMs"), textOrNull(o, "revisionId"), textOrNull(o,
                "description"),
                jsonText(o, "logging"), jsonText(o, "tracing"), jsonText(o, "encryption"),
                o.path("lastVersion").asInt(), o.path("publishedOnCreate").asBoolean(false), r.version());
    }

    // ---- versions

    /**
     * Publishes a version of the machine {@code template} names: numbers it one past the highest
     * number the machine ever had, stores it and returns it, in one transaction with the machine's
     * new highest number (a concurrent publish makes this one try again with the next number).
     */
    VersionRecord publishVersion(VersionRecord template) {
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            StateMachineRecord m = stateMachine(template.stateMachineArn()).orElseThrow(
                    () -> new StoreConflictException("state machine " + template.stateMachineArn() + " does not exist"));
            int number = m.lastVersion() + 1;
            VersionRecord v = new VersionRecord(m.arn() + ":" + number, m.arn(), number, template.definition(),
                    template.roleArn(), template.type(), template.created(), template.description(),
                    template.revisionId(), template.logging(), template.tracing());
            StateMachineRecord numbered = m.withLastVersion(number);
            try {
                catalog.apply(List.of(
                        new ResourceChange.Update(resource(m.arn(), STATE_MACHINE, "", m.name(),
                                stateMachineBody(numbered)), m.rowVersion()),
                        new ResourceChange.Create(resource(v.arn(), VERSION, m.arn(), versionKey(number),
                                versionBody(v)))));
                return v;
            } catch (StoreConflictException raced) {
                // another writer changed the machine first: read it again
            }
        }
        throw new StoreConflictException("could not publish a version of " + template.stateMachineArn());
    }

    Optional<VersionRecord> version(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(VERSION)).map(SfnCatalog::version);
    }

    /** The machine's highest-numbered existing version, if any. */
    Optional<VersionRecord> latestVersion(String stateMachineArn) {
        return listVersions(stateMachineArn, null, 1).items().stream().findFirst();
    }

    /** Versions newest first, after the key {@code after} of the previous page (null: from the newest). */
    Page<VersionRecord> listVersions(String stateMachineArn, String after, int limit) {
        ResourceArn machine = ResourceArn.parse(stateMachineArn, "stateMachine");
        return map(catalog.list(ResourceRange.children(machine.account(), machine.region(), VERSION, stateMachineArn)
                .reversed(), after, limit), SfnCatalog::version);
    }

    /** Versions sort by number: the key is the number zero-padded to ten digits. */
    private static String versionKey(int number) {
        return String.format("%010d", number);
    }

    private static String versionBody(VersionRecord v) {
        ObjectNode o = Json.object();
        o.put("version", v.version()).put("definition", v.definition()).put("roleArn", v.roleArn())
                .put("type", v.type()).put("createdMs", v.created().toEpochMilli());
        putIfPresent(o, "description", v.description());
        putIfPresent(o, "revisionId", v.revisionId());
        putJson(o, "logging", v.logging());
        putJson(o, "tracing", v.tracing());
        return Json.write(o);
    }

    private static VersionRecord version(Resource r) {
        JsonNode o = body(r);
        return new VersionRecord(r.arn(), r.parent(), o.path("version").asInt(), o.path("definition").asText(),
                o.path("roleArn").asText(), o.path("type").asText(), instant(o, "createdMs"), textOrNull(o,
                "description"),
                textOrNull(o, "revisionId"), jsonText(o, "logging"), jsonText(o, "tracing"));
    }

    // ---- aliases

    void createAlias(AliasRecord a) {
        catalog.create(resource(a.arn(), ALIAS, a.stateMachineArn(), a.name(), aliasBody(a)));
    }

    Optional<AliasRecord> alias(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(ALIAS)).map(SfnCatalog::alias);
    }

    /** Replaces the alias if its row is still at the record's row version; StoreConflictException otherwise. */
    void updateAlias(AliasRecord a) {
        catalog.apply(List.of(new ResourceChange.Update(resource(a.arn(), ALIAS, a.stateMachineArn(), a.name(),
                aliasBody(a)), a.rowVersion())));
    }

    /** A machine's aliases by name, after the name {@code after} of the previous page (null: from the start). */
    Page<AliasRecord> listAliases(String stateMachineArn, String after, int limit) {
        ResourceArn machine = ResourceArn.parse(stateMachineArn, "stateMachine");
        return map(catalog.list(ResourceRange.children(machine.account(), machine.region(), ALIAS, stateMachineArn),
                after, limit), SfnCatalog::alias);
    }

    /** Every alias of a machine. */
    List<AliasRecord> allAliases(String stateMachineArn) {
        List<AliasRecord> all = new ArrayList<>();
        String after = null;
        do {
            Page<AliasRecord> page = listAliases(stateMachineArn, after, 1000);
            all.addAll(page.items());
            after = page.next();
        } while (after != null);
        return all;
    }

    private static String aliasBody(AliasRecord a) {
        ObjectNode o = Json.object();
        o.put("name", a.name());
        putIfPresent(o, "description", a.description());
        putJson(o, "routing", a.routing());
        o.put("createdMs", a.created().toEpochMilli()).put("updatedMs", a.updated().toEpochMilli());
        return Json.write(o);
    }

    private static AliasRecord alias(Resource r) {
        JsonNode o = body(r);
        return new AliasRecord(r.arn(), r.parent(), o.path("name").asText(), textOrNull(o, "description"),
                jsonText(o, "routing"), instant(o, "createdMs"), instant(o, "updatedMs"), r.version());
    }

    // ---- activities

    void createActivity(ActivityRecord a) {
        ObjectNode o = Json.object();
        o.put("name", a.name()).put("createdMs", a.created().toEpochMilli());
        putJson(o, "encryption", a.encryption());
        catalog.create(resource(a.arn(), ACTIVITY, "", a.name(), Json.write(o)));
    }

    Optional<ActivityRecord> activity(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(ACTIVITY)).map(SfnCatalog::activity);
    }

    Page<ActivityRecord> listActivities(Caller caller, String after, int limit) {
        return map(catalog.list(ResourceRange.of(caller.account(), caller.region(), ACTIVITY), after, limit),
                SfnCatalog::activity);
    }

    private static ActivityRecord activity(Resource r) {
        JsonNode o = body(r);
        return new ActivityRecord(r.arn(), o.path("name").asText(), instant(o, "createdMs"),
                jsonText(o, "encryption"));
    }

    // ---- Map runs (written by MapRunProjection with the steps that start, change and end them)

    Optional<MapRunState> mapRun(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(MAP_RUN)).map(SfnCatalog::mapRun);
    }

    /** An execution's Map runs, oldest first, after the key {@code after} of the previous page. */
    Page<MapRunState> listMapRuns(String executionArn, String after, int limit) {
        ResourceArn execution = ResourceArn.parse(executionArn, "execution");
        return map(catalog.list(ResourceRange.children(execution.account(), execution.region(), MAP_RUN,
                executionArn), after, limit), SfnCatalog::mapRun);
    }

    /** A Map run as a catalog row: under its execution, ordered by when it started. */
    static Resource mapRunResource(MapRunState m) {
        ObjectNode o = Json.object();
        o.put("executionArn", m.executionArn()).put("status", m.status()).put("startMs", m.start().toEpochMilli());
        putInstant(o, "stopMs", m.stop());
        o.put("itemCount", m.itemCount()).put("maxConcurrency", m.maxConcurrency())
                .put("toleratedFailureCount", m.toleratedFailureCount())
                .put("toleratedFailurePercentage", m.toleratedFailurePercentage());
        String key = String.format("%015d", m.start().toEpochMilli()) + "/" + m.mapRunArn();
        return resource(m.mapRunArn(), MAP_RUN, m.executionArn(), key, Json.write(o));
    }

    private static MapRunState mapRun(Resource r) {
        JsonNode o = body(r);
        return new MapRunState(r.arn(), o.path("executionArn").asText(), o.path("status").asText(),
                instant(o, "startMs"), instant(o, "stopMs"), o.path("itemCount").asInt(),
                o.path("maxConcurrency").asInt(), o.path("toleratedFailureCount").asLong(),
                o.path("toleratedFailurePercentage").asDouble());
    }

    // ---- tags

    Map<String, String> tags(String arn) {
        return catalog.tags(arn);
    }

    void tag(String arn, Map<String, String> tags) {
        catalog.tag(arn, tags);
    }

    void untag(String arn, List<String> keys) {
        catalog.untag(arn, keys);
    }

    // ---- bodies

    /** A resource of this face: its account and region are its ARN's. */
    private static Resource resource(String arn, String type, String parent, String key, String body) {
        Arn parsed = Arn.of(arn);
        return new Resource(arn, parsed.account(), parsed.region(), type, parent, key, 0, body);
    }

    private static <T> Page<T> map(Page<Resource> page, java.util.function.Function<Resource, T> f) {
        return new Page<>(page.items().stream().map(f).toList(), page.next());
    }

    private static JsonNode body(Resource r) {
        try {
            return Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of " + r.arn() + " is not JSON", e);
        }
    }

    private static void putInstant(ObjectNode o, String field, Instant value) {
        if (value != null) {
            o.put(field, value.toEpochMilli());
        }
    }

    /** Configurations kept as JSON text by the records are embedded as JSON values. */
    private static void putJson(ObjectNode o, String field, String jsonText) {
        if (jsonText != null) {
            try {
                o.set(field, Json.parse(jsonText));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(field + " is not JSON: " + jsonText, e);
            }
        }
    }

    private static String jsonText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : Json.write(v);
    }

    private static Instant instant(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }
}
