package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.analysis.VariableReferences;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.sfn.SfnRecords.StateMachineRecord;
import dev.stepwise.sfn.SfnRecords.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine, ListStateMachines, … */
final class StateMachineOperations {
    static final List<String> TYPES = List.of("STANDARD", "EXPRESS");
    private static final DefinitionCache CACHE = new DefinitionCache();
    private static final int MAX_DEFINITION = 1_048_576;

    private final SfnContext ctx;
    private VersionAliasOperations versions;

    StateMachineOperations(SfnContext ctx) {
        this.ctx = ctx;
    }

    void versions(VersionAliasOperations versions) {
        this.versions = versions;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateStateMachine", this::create);
        ops.put("DescribeStateMachine", this::describe);
        ops.put("DeleteStateMachine", this::delete);
        ops.put("ListStateMachines", this::list);
        ops.put("UpdateStateMachine", this::update);
        ops.put("DescribeStateMachineForExecution", this::describeForExecution);
        ops.put("ValidateStateMachineDefinition", this::validate);
    }

    private ObjectNode create(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.requiredString("name", 1, 80);
        String definition = r.requiredString("definition", 1, MAX_DEFINITION);
        String roleArn = r.requiredString("roleArn", 1, 256);
        String type = r.enumValue("type", TYPES);
        JsonNode logging = r.object("loggingConfiguration");
        JsonNode tracing = r.object("tracingConfiguration");
        TagOperations.check(r, r.array("tags"));
        boolean publish = Boolean.TRUE.equals(r.bool("publish"));
        String versionDescription = r.string("versionDescription", 0, 256);
        r.check();
        checkVersionDescription(publish, versionDescription);
        Names.check(name);
        TagOperations.checkCount(r.raw("tags"));
        checkRoleArn(roleArn);
        String machineType = type == null ? "STANDARD" : type;
        parseDefinition(definition, machineType);
        Configurations.checkLogging(logging);
        String arn = SfnContext.stateMachineArn(caller, name);
        StateMachineRecord record = new StateMachineRecord(arn, name, machineType, "ACTIVE", definition, roleArn,
                ctx.clock().instant(), null, null, null, Configurations.logging(logging),
                Configurations.tracing(tracing), null, 0, publish, 1);
        try {
            ctx.catalog().createStateMachine(record);
        } catch (StoreConflictException e) {
            StateMachineRecord existing = ctx.catalog().stateMachine(arn).orElse(null);
            if (existing == null || !sameCreation(existing, record, versionDescription)) {
                throw ServiceException.sfn("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            // idempotent: the existing machine, its role and tags left as they are
            ObjectNode o = created(existing);
            if (publish) {
                o.put("stateMachineVersionArn", arn + ":1");
            }
            return o;
        }
        if (r.raw("tags") != null) {
            TagOperations.apply(ctx, arn, r.raw("tags"));
        }
        ObjectNode o = created(record);
        if (publish) {
            o.put("stateMachineVersionArn", versions.publish(record, versionDescription).arn());
        }
        return o;
    }

    /**
     * Whether a CreateStateMachine repeats the one that made {@code existing}. AWS bases the check on
     * the definition, type, logging and tracing configurations, publish and versionDescription; a
     * different roleArn or tags are ignored (API reference, CreateStateMachine).
     */
    private boolean sameCreation(StateMachineRecord existing, StateMachineRecord requested, String versionDescription) {
        return existing.type().equals(requested.type())
                && existing.definition().equals(requested.definition())
                && Configurations.sameLogging(existing.logging(), requested.logging())
                && Configurations.sameTracing(existing.tracing(), requested.tracing())
                && existing.publishedOnCreate() == requested.publishedOnCreate()
                && (!requested.publishedOnCreate() || Objects.equals(versionDescription, ctx.catalog()
                        .version(existing.arn() + ":1").map(VersionRecord::description).orElse(null)));
    }

    /** AWS: "You can only specify the versionDescription parameter if you've set publish to true." */
    private static void checkVersionDescription(boolean publish, String versionDescription) {
        if (versionDescription != null && !publish) {
            throw ServiceException.validation("Version description can only be set when publish is true");
        }
    }

    private static ObjectNode created(StateMachineRecord m) {
        ObjectNode o = Json.object();
        o.put("stateMachineArn", m.arn());
        o.put("creationDate", HistoryJson.epochSeconds(m.created()));
        return o;
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        r.check();
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine");
        if (parsed.qualifier() != null) {
            return describe(ctx.catalog().version(arn).filter(v -> parsed.ownedBy(caller))
                    .orElseThrow(() -> doesNotExist(arn)));
        }
        return describe(find(caller, arn));
    }

    /** DescribeStateMachine of a version: its own copy of the definition, its description and revision. */
    private static ObjectNode describe(VersionRecord v) {
        ObjectNode o = Json.object();
        o.put("stateMachineArn", v.arn());
        o.put("name", Arn.of(v.stateMachineArn()).resourceName());
        o.put("status", "ACTIVE");
        o.put("definition", v.definition());
        o.put("roleArn", v.roleArn());
        o.put("type", v.type());
        o.put("creationDate", HistoryJson.epochSeconds(v.created()));
        o.set("loggingConfiguration", Configurations.describeLogging(v.logging()));
        o.set("tracingConfiguration", Configurations.describeTracing(v.tracing()));
        o.set("encryptionConfiguration", encryption(null));
        if (v.revisionId() != null) {
            o.put("revisionId", v.revisionId());
        }
        if (v.description() != null) {
            o.put("description", v.description());
        }
        putVariableReferences(o, v.definition());
        return o;
    }

    static ObjectNode describe(StateMachineRecord m) {
        ObjectNode o = Json.object();
        o.put("stateMachineArn", m.arn());
        o.put("name", m.name());
        o.put("status", m.status());
        o.put("definition", m.definition());
        o.put("roleArn", m.roleArn());
        o.put("type", m.type());
        o.put("creationDate", HistoryJson.epochSeconds(m.created()));
        o.set("loggingConfiguration", Configurations.describeLogging(m.logging()));
        o.set("tracingConfiguration", Configurations.describeTracing(m.tracing()));
        o.set("encryptionConfiguration", encryption(m.encryption()));
        if (m.revisionId() != null) {
            o.put("revisionId", m.revisionId());
        }
        if (m.description() != null) {
            o.put("description", m.description());
        }
        putVariableReferences(o, m.definition());
        return o;
    }

    /** DescribeStateMachine's variableReferences: per state, the variables it reads (absent when none). */
    static void putVariableReferences(ObjectNode o, String definition) {
        JsonNode parsed;
        try {
            parsed = Json.parse(definition);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return;
        }
        Map<String, List<String>> references = VariableReferences.of(parsed);
        if (!references.isEmpty()) {
            ObjectNode refs = o.putObject("variableReferences");
            references.forEach((state, names) -> names.forEach(refs.withArray(state)::add));
        }
    }

    private ObjectNode describeForExecution(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("executionArn", 1, 256);
        r.check();
        ResourceArn parsed = ResourceArn.parse(arn, "execution", "express");
        ExecutionRecord e = ctx.executions().execution(arn).filter(x -> parsed.ownedBy(caller))
                .orElseThrow(() -> ExecutionOperations.doesNotExist(arn));
        StateMachineRecord m = ctx.catalog().stateMachine(e.stateMachineArn()).orElse(null);
        ObjectNode o = Json.object();
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", m != null ? m.name() : ResourceArn.parse(e.stateMachineArn(), "stateMachine").name());
        o.put("definition", e.definition());
        o.put("roleArn", e.roleArn());
        if (e.versionArn() != null) {
            ctx.catalog().version(e.versionArn()).map(VersionRecord::revisionId)
                    .ifPresent(revision -> o.put("revisionId", revision));
        }
        o.put("updateDate", HistoryJson.epochSeconds(m != null && m.updated() != null ? m.updated()
                : m != null ? m.created() : e.start()));
        o.set("loggingConfiguration", Configurations.describeLogging(m != null ? m.logging() : null));
        o.set("tracingConfiguration", Configurations.describeTracing(m != null ? m.tracing() : null));
        o.set("encryptionConfiguration", encryption(m != null ? m.encryption() : null));
        putVariableReferences(o, e.definition());
        return o;
    }

    private ObjectNode update(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        String definition = r.string("definition", 1, MAX_DEFINITION);
        String roleArn = r.string("roleArn", 1, 256);
        JsonNode logging = r.object("loggingConfiguration");
        JsonNode tracing = r.object("tracingConfiguration");
        boolean publish = Boolean.TRUE.equals(r.bool("publish"));
        String versionDescription = r.string("versionDescription", 0, 256);
        r.check();
        if (definition == null && roleArn == null && logging == null && tracing == null) {
            throw ServiceException.sfn("MissingRequiredParameter",
                    "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        checkVersionDescription(publish, versionDescription);
        StateMachineRecord m = findBase(caller, arn);
        if (roleArn != null) {
            checkRoleArn(roleArn);
        }
        if (definition != null) {
            parseDefinition(definition, m.type());
        }
        Configurations.checkLogging(logging);
        StateMachineRecord current = revise(m, definition, roleArn,
                logging != null ? Configurations.logging(logging) : m.logging(),
                tracing != null ? Configurations.tracing(tracing) : m.tracing());
        ObjectNode o = Json.object();
        o.put("updateDate", HistoryJson.epochSeconds(current.updated() != null ? current.updated() : current.created()));
        if (current.revisionId() != null) {
            o.put("revisionId", current.revisionId());
        }
        if (publish) {
            o.put("stateMachineVersionArn", versions.publish(current, versionDescription).arn());
        }
        return o;
    }

    /**
     * The machine after an update: a new revision when the definition (its text), role, logging or
     * tracing changes; the machine as it was, revision and update date included, when the update
     * changes nothing (so publishing it again finds the version of that revision).
     */
    private StateMachineRecord revise(StateMachineRecord m, String definition, String roleArn, String logging,
                                      String tracing) {
        boolean changed = definition != null && !definition.equals(m.definition())
                || roleArn != null && !roleArn.equals(m.roleArn())
                || !Configurations.sameLogging(logging, m.logging()) || !Configurations.sameTracing(tracing, m.tracing());
        if (!changed) {
            return m;
        }
        StateMachineRecord revised = m.revised(definition != null ? definition : m.definition(),
                roleArn != null ? roleArn : m.roleArn(), logging, tracing, UUID.randomUUID().toString(),
                ctx.clock().instant());
        if (!ctx.catalog().updateStateMachine(revised, m.rowVersion())) {
            throw ServiceException.sfn("ConflictException", "The state machine was changed concurrently; try again.");
        }
        return revised;
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        r.check();
        // deleting a machine that does not exist (here: in the caller's account and region) succeeds, as on AWS
        if (ResourceArn.parse(arn, "stateMachine").ownedBy(caller)) {
            ctx.catalog().delete(arn);
        }
        return Json.object();
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        Paging paging = Paging.read(r, 1024);
        r.check();
        Page<StateMachineRecord> page = ctx.catalog().listStateMachines(caller,
                paging.after(ctx.tokens(), caller, "ListStateMachines"), paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("stateMachines");
        for (StateMachineRecord m : page.items()) {
            ObjectNode item = items.addObject();
            item.put("stateMachineArn", m.arn());
            item.put("name", m.name());
            item.put("type", m.type());
            item.put("creationDate", HistoryJson.epochSeconds(m.created()));
        }
        Paging.putNext(o, ctx.tokens(), caller, "ListStateMachines", page.next());
        return o;
    }

    private ObjectNode validate(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String definition = r.requiredString("definition", 1, MAX_DEFINITION);
        r.enumValue("type", TYPES);
        r.enumValue("severity", List.of("ERROR", "WARNING"));
        Integer maxResults = r.integer("maxResults", 0, 100);
        r.check();
        ParsedDefinition parsed = DefinitionParser.parse(definition, machineType(r.string("type")));
        List<Diagnostic> diagnostics = parsed.diagnostics();
        String severity = r.string("severity");
        if (!"WARNING".equals(severity)) {
            diagnostics = diagnostics.stream().filter(Diagnostic::isError).toList();
        }
        int limit = maxResults == null || maxResults == 0 ? 100 : maxResults;
        ObjectNode o = Json.object();
        o.put("result", diagnostics.stream().anyMatch(Diagnostic::isError) ? "FAIL" : "OK");
        ArrayNode list = o.putArray("diagnostics");
        for (Diagnostic d : diagnostics.subList(0, Math.min(limit, diagnostics.size()))) {
            ObjectNode item = list.addObject();
            item.put("severity", d.severity().name());
            item.put("code", d.code());
            item.put("message", d.message());
            if (d.location() != null) {
                item.put("location", d.location().isEmpty() ? "/" : d.location());
            }
        }
        o.put("truncated", diagnostics.size() > limit);
        return o;
    }

    // ---- shared

    /** The caller's state machine an unqualified ARN names. */
    StateMachineRecord find(Caller caller, String arn) {
        if (!ResourceArn.parse(arn, "stateMachine").ownedBy(caller)) {
            throw doesNotExist(arn);
        }
        return ctx.catalog().stateMachine(arn).orElseThrow(() -> doesNotExist(arn));
    }

    /** As {@link #find}, refusing version and alias ARNs as AWS does where only the machine itself will do. */
    StateMachineRecord findBase(Caller caller, String arn) {
        if (ResourceArn.parse(arn, "stateMachine").qualifier() != null) {
            throw doesNotExist(arn);
        }
        return find(caller, arn);
    }

    static ServiceException doesNotExist(String arn) {
        return ServiceException.sfn("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }

    /** Parses a definition for a machine of {@code type}; InvalidDefinition, as AWS words it, when it has errors. */
    static ParsedDefinition parseDefinition(String definition, String type) {
        ParsedDefinition parsed = CACHE.parse(definition, machineType(type));
        refuseErrors(parsed);
        return parsed;
    }

    /** InvalidDefinition, listing every error as AWS words it, when the parsed definition has any. */
    static void refuseErrors(ParsedDefinition parsed) {
        List<Diagnostic> errors = parsed.errors();
        if (!errors.isEmpty()) {
            throw ServiceException.sfn("InvalidDefinition", "Invalid State Machine Definition: '"
                    + errors.stream().map(Diagnostic::render).collect(Collectors.joining(", ")) + "'");
        }
    }

    static DefinitionParser.MachineType machineType(String type) {
        return "EXPRESS".equals(type) ? DefinitionParser.MachineType.EXPRESS : DefinitionParser.MachineType.STANDARD;
    }

    static void checkRoleArn(String roleArn) {
        if (!roleArn.startsWith("arn:")) {
            throw ServiceException.sfn("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: " + roleArn + "'");
        }
    }

    /** The encryption configuration kept (JSON text, or null: AWS's own key). */
    private static JsonNode encryption(String kept) {
        try {
            return Json.parse(kept != null ? kept : "{\"type\":\"AWS_OWNED_KEY\"}");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored configuration is not JSON: " + kept, e);
        }
    }
}
