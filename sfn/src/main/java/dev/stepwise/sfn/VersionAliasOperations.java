package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.sfn.SfnRecords.AliasRecord;
import dev.stepwise.sfn.SfnRecords.StateMachineRecord;
import dev.stepwise.sfn.SfnRecords.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Versions (PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion) and
 * aliases (Create, Describe, Update, Delete, ListStateMachineAlias(es)).
 */
final class VersionAliasOperations {
    private static final Pattern ALIAS_NAME = Pattern.compile("^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]+$");

    private final SfnContext ctx;
    private final StateMachineOperations machines;

    VersionAliasOperations(SfnContext ctx, StateMachineOperations machines) {
        this.ctx = ctx;
        this.machines = machines;
    }

    void register(Map<String, Operation> ops) {
        ops.put("PublishStateMachineVersion", this::publish);
        ops.put("ListStateMachineVersions", this::listVersions);
        ops.put("DeleteStateMachineVersion", this::deleteVersion);
        ops.put("CreateStateMachineAlias", this::createAlias);
        ops.put("DescribeStateMachineAlias", this::describeAlias);
        ops.put("UpdateStateMachineAlias", this::updateAlias);
        ops.put("DeleteStateMachineAlias", this::deleteAlias);
        ops.put("ListStateMachineAliases", this::listAliases);
    }

    // ---- versions

    private ObjectNode publish(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        String revisionId = r.string("revisionId");
        String description = r.string("description", 0, 256);
        r.check();
        StateMachineRecord m = machines.findBase(caller, arn);
        // a machine never updated has no revision id: "INITIAL" names that first revision (API reference)
        String current = m.revisionId() != null ? m.revisionId() : "INITIAL";
        if (revisionId != null && !revisionId.equals(current)) {
            throw ServiceException.sfn("ConflictException", "Failed to publish the State Machine version for revision "
                    + revisionId + ". The current State Machine revision is " + current + ".");
        }
        VersionRecord v = publish(m, description);
        ObjectNode o = Json.object();
        o.put("creationDate", HistoryJson.epochSeconds(v.created()));
        o.put("stateMachineVersionArn", v.arn());
        return o;
    }

    /**
     * Publishes the machine's current revision. Publishing is idempotent per revision: when the latest
     * version is of the current revision (an unchanged update leaves the revision as it was), that
     * version is the answer and no version is made.
     */
    VersionRecord publish(StateMachineRecord m, String description) {
        VersionRecord latest = ctx.catalog().latestVersion(m.arn()).orElse(null);
        if (latest != null && Objects.equals(latest.revisionId(), m.revisionId())) {
            return latest;
        }
        return ctx.catalog().publishVersion(new VersionRecord(null, m.arn(), 0, m.definition(), m.roleArn(), m.type(),
                ctx.clock().instant(), description, m.revisionId(), m.logging(), m.tracing()));
    }

    private ObjectNode listVersions(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        Paging paging = Paging.read(r, 1024);
        r.check();
        machines.findBase(caller, arn);
        String scope = "ListStateMachineVersions:" + arn;
        Page<VersionRecord> page = ctx.catalog().listVersions(arn, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("stateMachineVersions");
        for (VersionRecord v : page.items()) {
            items.addObject().put("stateMachineVersionArn", v.arn()).put("creationDate",
                    HistoryJson.epochSeconds(v.created()));
        }
        Paging.putNext(o, ctx.tokens(), caller, scope, page.next());
        return o;
    }

    private ObjectNode deleteVersion(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineVersionArn", 1, 256);
        r.check();
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine");
        if (parsed.qualifier() == null || !parsed.qualifier().matches("\\d+")) {
            throw ResourceArn.invalid("Invalid Arn for a state machine version: " + arn);
        }
        if (!parsed.ownedBy(caller)) {
            return Json.object(); // as for a version that does not exist
        }
        String machineArn = parsed.unqualified();
        List<String> referencing = new ArrayList<>();
        for (AliasRecord a : ctx.catalog().allAliases(machineArn)) {
            for (JsonNode route : routing(a)) {
                if (route.path("stateMachineVersionArn").asText().equals(arn)) {
                    referencing.add(a.name());
                }
            }
        }
        if (!referencing.isEmpty()) {
            throw ServiceException.sfn("ConflictException", "Version to be deleted must not be referenced by an alias. "
                    + "Current list of aliases referencing this version: " + referencing);
        }
        ctx.catalog().delete(arn);
        return Json.object();
    }

    // ---- aliases

    private ObjectNode createAlias(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.requiredString("name", 1, 80);
        String description = r.string("description", 0, 256);
        JsonNode routing = r.array("routingConfiguration");
        if (routing == null) {
            r.violation("Value null at 'routingConfiguration' failed to satisfy constraint: Member must not be null");
        }
        if (name != null && !ALIAS_NAME.matcher(name).matches()) {
            r.violation("Value '" + name + "' at 'name' failed to satisfy constraint: Member must satisfy regular "
                    + "expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        }
        if (routing != null) {
            RoutingConfigurations.read(r, routing);
        }
        r.check();
        String machineArn = checkRouting(caller, routing);
        String arn = machineArn + ":" + name;
        Instant now = ctx.clock().instant();
        AliasRecord alias = new AliasRecord(arn, machineArn, name, description, Json.write(routing), now, now, 0);
        try {
            ctx.catalog().createAlias(alias);
        } catch (StoreConflictException e) {
            AliasRecord existing = ctx.catalog().alias(arn).orElseThrow(() -> e);
            if (!sameRouting(existing, routing) || !Objects.equals(existing.description(), description)) {
                throw ServiceException.sfn("ConflictException", "Failed to create alias because an alias with the same "
                        + "name and a different routing configuration already exists.");
            }
            alias = existing;
        }
        ObjectNode o = Json.object();
        o.put("stateMachineAliasArn", alias.arn());
        o.put("creationDate", HistoryJson.epochSeconds(alias.created()));
        return o;
    }

    private ObjectNode describeAlias(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineAliasArn", 1, 256);
        r.check();
        AliasRecord a = findAlias(caller, arn);
        ObjectNode o = Json.object();
        o.put("stateMachineAliasArn", a.arn());
        o.put("name", a.name());
        if (a.description() != null) {
            o.put("description", a.description());
        }
        o.set("routingConfiguration", routing(a));
        o.put("creationDate", HistoryJson.epochSeconds(a.created()));
        o.put("updateDate", HistoryJson.epochSeconds(a.updated()));
        return o;
    }

    private ObjectNode updateAlias(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineAliasArn", 1, 256);
        String description = r.string("description", 0, 256);
        JsonNode routing = r.array("routingConfiguration");
        if (routing != null) {
            RoutingConfigurations.read(r, routing);
        }
        r.check();
        AliasRecord a = findAlias(caller, arn);
        if (routing != null && !checkRouting(caller, routing).equals(a.stateMachineArn())) {
            throw RoutingConfigurations.differentMachines(routing);
        }
        Instant now = ctx.clock().instant();
        ctx.catalog().updateAlias(new AliasRecord(a.arn(), a.stateMachineArn(), a.name(),
                description != null ? description : a.description(),
                routing != null ? Json.write(routing) : a.routing(), a.created(), now, a.rowVersion()));
        ObjectNode o = Json.object();
        o.put("updateDate", HistoryJson.epochSeconds(now));
        return o;
    }

    private ObjectNode deleteAlias(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineAliasArn", 1, 256);
        r.check();
        if (ResourceArn.parse(arn, "stateMachine").ownedBy(caller)) {
            ctx.catalog().delete(arn);
        }
        return Json.object();
    }

    private ObjectNode listAliases(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("stateMachineArn", 1, 256);
        Paging paging = Paging.read(r, 1024);
        r.check();
        machines.findBase(caller, arn);
        String scope = "ListStateMachineAliases:" + arn;
        Page<AliasRecord> page = ctx.catalog().listAliases(arn, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("stateMachineAliases");
        for (AliasRecord a : page.items()) {
            items.addObject().put("stateMachineAliasArn", a.arn()).put("creationDate",
                    HistoryJson.epochSeconds(a.created()));
        }
        Paging.putNext(o, ctx.tokens(), caller, scope, page.next());
        return o;
    }

    // ---- shared

    AliasRecord findAlias(Caller caller, String arn) {
        ResourceArn parsed = ResourceArn.parse(arn, "stateMachine");
        return ctx.catalog().alias(arn).filter(a -> parsed.ownedBy(caller)).orElseThrow(() -> ServiceException.sfn("ResourceNotFound",
                "Request references a resource that does not exist."));
    }

    /**
     * Checks a routing configuration that satisfies the model (see {@link RoutingConfigurations}) and
     * that its versions exist in the caller's account and region; returns their state machine.
     */
    private String checkRouting(Caller caller, JsonNode routing) {
        String machineArn = RoutingConfigurations.stateMachineOf(routing);
        for (JsonNode route : routing) {
            String versionArn = route.path("stateMachineVersionArn").asText();
            if (!ResourceArn.parse(versionArn, "stateMachine").ownedBy(caller)
                    || ctx.catalog().version(versionArn).isEmpty()) {
                throw ServiceException.sfn("ResourceNotFound", "Request references a resource that does not exist.");
            }
        }
        return machineArn;
    }

    private static boolean sameRouting(AliasRecord a, JsonNode routing) {
        return routing(a).equals(routing);
    }

    static JsonNode routing(AliasRecord a) {
        try {
            return Json.parse(a.routing());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored routing is not JSON", e);
        }
    }

}
