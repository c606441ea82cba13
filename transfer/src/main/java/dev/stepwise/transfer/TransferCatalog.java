package dev.stepwise.transfer;

import static dev.stepwise.asl.json.Json.putIfPresent;
import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import dev.stepwise.transfer.TransferRecords.ConnectorRecord;
import dev.stepwise.transfer.TransferRecords.HomeMapping;
import dev.stepwise.transfer.TransferRecords.HostKeyRecord;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.TransferRecords.SshPublicKey;
import dev.stepwise.transfer.TransferRecords.UserRecord;
import dev.stepwise.transfer.TransferRecords.WorkflowDetail;
import dev.stepwise.transfer.TransferRecords.WorkflowDetails;
import dev.stepwise.transfer.TransferRecords.WorkflowRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Transfer's resources in the store's generic catalog, keyed so the API's listings are key ranges:
 * servers, workflows and connectors by id within an account and region; a server's users by name and its host
 * keys by import time under the server, so deleting a server deletes them (its children). Every
 * server also has a row in a registry of all servers' ids, outside any account, written in the
 * same transaction: it keeps server ids unique across accounts (their SFTP endpoints are named by
 * id alone) and lets the face find every server to open when it starts.
 */
final class TransferCatalog {
    static final String SERVER = "transferServer";
    static final String SERVER_ID = "transferServerId";
    static final String USER = "transferUser";
    static final String HOST_KEY = "transferHostKey";
    static final String WORKFLOW = "transferWorkflow";
    static final String CONNECTOR = "transferConnector";
    /** The registry's rows belong to no account or region. */
    private static final String NOWHERE = "";
    private static final int SCAN_PAGE = 1000;

    private final Catalog catalog;

    TransferCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    Catalog catalog() {
        return catalog;
    }

    // ---- servers

    /** Creates a server with its first host key; StoreConflictException when its id is taken (in any account). */
    void createServer(ServerRecord server, HostKeyRecord hostKey) {
        catalog.apply(List.of(
                new ResourceChange.Create(registryRow(server)),
                new ResourceChange.Create(resource(server.arn(), SERVER, "", server.serverId(), serverBody(server))),
                new ResourceChange.Create(hostKeyResource(hostKey))));
    }

    Optional<ServerRecord> server(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(SERVER)).map(TransferCatalog::server);
    }

    /** Replaces the server if its row is still at the record's row version; StoreConflictException otherwise. */
    void updateServer(ServerRecord server) {
        catalog.apply(List.of(new ResourceChange.Update(
                resource(server.arn(), SERVER, "", server.serverId(), serverBody(server)), server.rowVersion())));
    }

    /** Deletes the server with its users, host keys and tags, and its registry row. */
    void deleteServer(ServerRecord server) {
        catalog.apply(List.of(new ResourceChange.Delete(server.arn()),
                new ResourceChange.Delete(registryArn(server.serverId()))));
    }

    Page<ServerRecord> listServers(Caller caller, String after, int limit) {
        return map(catalog.list(ResourceRange.of(caller.account(), caller.region(), SERVER), after, limit),
                TransferCatalog::server);
    }

    /** Every server of the caller's account and region. */
    List<ServerRecord> allServers(Caller caller) {
        return all(ResourceRange.of(caller.account(), caller.region(), SERVER), TransferCatalog::server);
    }

    /** The ARNs of every server of every account and region (the registry). */
    List<String> everyServerArn() {
        return all(ResourceRange.of(NOWHERE, NOWHERE, SERVER_ID), r -> body(r).path("arn").asText());
    }

    private static Resource registryRow(ServerRecord server) {
        ObjectNode o = Json.object().put("arn", server.arn());
        return new Resource(registryArn(server.serverId()), NOWHERE, NOWHERE, SERVER_ID, "", server.serverId(), 0,
                Json.write(o));
    }

    private static String registryArn(String serverId) {
        return "stepwise:transfer:server-id/" + serverId;
    }

    private static String serverBody(ServerRecord s) {
        ObjectNode o = Json.object();
        o.put("serverId", s.serverId()).put("state", s.state()).put("domain", s.domain())
                .put("identityProviderType", s.identityProviderType()).put("endpointType", s.endpointType());
        ArrayNode protocols = o.putArray("protocols");
        s.protocols().forEach(protocols::add);
        ArrayNode ports = o.putArray("sftpPorts");
        s.sftpPorts().forEach(p -> ports.addObject().put("port", p.port()).put("mode", p.communicationMode()));
        if (s.workflowDetails() != null) {
            ObjectNode w = o.putObject("workflowDetails");
            putDetails(w.putArray("onUpload"), s.workflowDetails().onUpload());
            putDetails(w.putArray("onPartialUpload"), s.workflowDetails().onPartialUpload());
        }
        o.set("settings", s.settings());
        o.put("created", s.created().toString());
        return Json.write(o);
    }

    private static void putDetails(ArrayNode a, List<WorkflowDetail> details) {
        details.forEach(d -> a.addObject().put("workflowId", d.workflowId()).put("executionRole", d.executionRole()));
    }

    private static ServerRecord server(Resource r) {
        JsonNode o = body(r);
        List<String> protocols = new ArrayList<>();
        o.path("protocols").forEach(p -> protocols.add(p.asText()));
        List<SftpPort> ports = new ArrayList<>();
        o.path("sftpPorts").forEach(p -> ports.add(new SftpPort(p.path("port").asInt(), p.path("mode").asText())));
        WorkflowDetails details = null;
        JsonNode w = o.get("workflowDetails");
        if (w != null) {
            details = new WorkflowDetails(details(w.path("onUpload")), details(w.path("onPartialUpload")));
        }
        return new ServerRecord(r.arn(), o.path("serverId").asText(), o.path("state").asText(),
                o.path("domain").asText(), o.path("identityProviderType").asText(), o.path("endpointType").asText(),
                protocols, ports, details, (ObjectNode) o.path("settings"), Instant.parse(o.path("created").asText()),
                r.version());
    }

    private static List<WorkflowDetail> details(JsonNode a) {
        List<WorkflowDetail> list = new ArrayList<>();
        a.forEach(d -> list.add(new WorkflowDetail(d.path("workflowId").asText(), d.path("executionRole").asText())));
        return list;
    }

    // ---- users

    /** Adds a user; StoreConflictException when the server has a user of that name. */
    void createUser(UserRecord user) {
        catalog.create(userResource(user));
    }

    Optional<UserRecord> user(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(USER)).map(TransferCatalog::user);
    }

    /** Replaces the user if its row is still at the record's row version; StoreConflictException otherwise. */
    void updateUser(UserRecord user) {
        catalog.apply(List.of(new ResourceChange.Update(userResource(user), user.rowVersion())));
    }

    void delete(String arn) {
        catalog.apply(List.of(new ResourceChange.Delete(arn)));
    }

    Page<UserRecord> listUsers(String serverArn, String after, int limit) {
        Arn server = Arn.of(serverArn);
        return map(catalog.list(ResourceRange.children(server.account(), server.region(), USER, serverArn), after,
                limit), TransferCatalog::user);
    }

    /** How many users the server has. */
    int userCount(String serverArn) {
        Arn server = Arn.of(serverArn);
        ResourceRange range = ResourceRange.children(server.account(), server.region(), USER, serverArn);
        int count = 0;
        String after = null;
        do {
            Page<Resource> page = catalog.list(range, after, SCAN_PAGE);
            count += page.items().size();
            after = page.next();
        } while (after != null);
        return count;
    }

    private static Resource userResource(UserRecord u) {
        ObjectNode o = Json.object();
        o.put("userName", u.userName()).put("role", u.role()).put("homeDirectoryType", u.homeDirectoryType());
        putIfPresent(o, "homeDirectory", u.homeDirectory());
        if (!u.mappings().isEmpty()) {
            ArrayNode a = o.putArray("mappings");
            for (HomeMapping m : u.mappings()) {
                ObjectNode e = a.addObject().put("entry", m.entry()).put("target", m.target());
                putIfPresent(e, "type", m.type());
            }
        }
        putIfPresent(o, "policy", u.policy());
        if (u.posixProfile() != null) {
            o.set("posixProfile", u.posixProfile());
        }
        ArrayNode keys = o.putArray("sshPublicKeys");
        u.sshPublicKeys().forEach(k -> keys.addObject().put("id", k.id()).put("body", k.body())
                .put("imported", k.imported().toString()));
        return resource(u.arn(), USER, u.serverArn(), u.userName(), Json.write(o));
    }

    private static UserRecord user(Resource r) {
        JsonNode o = body(r);
        List<HomeMapping> mappings = new ArrayList<>();
        o.path("mappings").forEach(m -> mappings.add(new HomeMapping(m.path("entry").asText(),
                m.path("target").asText(), textOrNull(m, "type"))));
        List<SshPublicKey> keys = new ArrayList<>();
        o.path("sshPublicKeys").forEach(k -> keys.add(new SshPublicKey(k.path("id").asText(), k.path("body").asText(),
                Instant.parse(k.path("imported").asText()))));
        JsonNode posix = o.get("posixProfile");
        return new UserRecord(r.arn(), r.parent(), o.path("userName").asText(), o.path("role").asText(),
                o.path("homeDirectoryType").asText(), textOrNull(o, "homeDirectory"), mappings,
                textOrNull(o, "policy"),
                posix == null ? null : (ObjectNode) posix, keys, r.version());
    }

    // ---- host keys

    void createHostKey(HostKeyRecord key) {
        catalog.create(hostKeyResource(key));
    }

    Optional<HostKeyRecord> hostKey(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(HOST_KEY)).map(TransferCatalog::hostKey);
    }

    void updateHostKey(HostKeyRecord key) {
        catalog.apply(List.of(new ResourceChange.Update(hostKeyResource(key), key.rowVersion())));
    }

    /** Applies {@code changes} (host keys replaced, a server updated) in one transaction. */
    void apply(List<ResourceChange> changes) {
        catalog.apply(changes);
    }

    static ResourceChange.Create creation(HostKeyRecord key) {
        return new ResourceChange.Create(hostKeyResource(key));
    }

    static ResourceChange.Update update(ServerRecord server) {
        return new ResourceChange.Update(resource(server.arn(), SERVER, "", server.serverId(), serverBody(server)),
                server.rowVersion());
    }

    /** A server's host keys, oldest first, after the key {@code after} of the previous page. */
    Page<HostKeyRecord> listHostKeys(String serverArn, String after, int limit) {
        Arn server = Arn.of(serverArn);
        return map(catalog.list(ResourceRange.children(server.account(), server.region(), HOST_KEY, serverArn), after,
                limit), TransferCatalog::hostKey);
    }

    /** Every host key of the server, oldest first. */
    List<HostKeyRecord> hostKeys(String serverArn) {
        Arn server = Arn.of(serverArn);
        return all(ResourceRange.children(server.account(), server.region(), HOST_KEY, serverArn),
                TransferCatalog::hostKey);
    }

    /**
     * Host keys sort by when they were imported: the key is the time (to the clock's precision)
     * zero-padded, then the id.
     */
    private static Resource hostKeyResource(HostKeyRecord k) {
        ObjectNode o = Json.object();
        o.put("hostKeyId", k.hostKeyId()).put("privateKey", k.privateKey()).put("fingerprint", k.fingerprint())
                .put("type", k.type()).put("imported", k.imported().toString());
        putIfPresent(o, "description", k.description());
        String key = String.format("%012d%09d", k.imported().getEpochSecond(), k.imported().getNano()) + "/"
                + k.hostKeyId();
        return resource(k.arn(), HOST_KEY, k.serverArn(), key, Json.write(o));
    }

    private static HostKeyRecord hostKey(Resource r) {
        JsonNode o = body(r);
        return new HostKeyRecord(r.arn(), r.parent(), o.path("hostKeyId").asText(), o.path("privateKey").asText(),
                o.path("fingerprint").asText(), o.path("type").asText(), textOrNull(o, "description"),
                Instant.parse(o.path("imported").asText()), r.version());
    }

    // ---- workflows

    void createWorkflow(WorkflowRecord w) {
        ObjectNode o = Json.object();
        o.put("workflowId", w.workflowId());
        putIfPresent(o, "description", w.description());
        o.set("steps", w.steps());
        if (w.onExceptionSteps() != null) {
            o.set("onExceptionSteps", w.onExceptionSteps());
        }
        catalog.create(resource(w.arn(), WORKFLOW, "", w.workflowId(), Json.write(o)));
    }

    Optional<WorkflowRecord> workflow(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(WORKFLOW)).map(TransferCatalog::workflow);
    }

    Page<WorkflowRecord> listWorkflows(Caller caller, String after, int limit) {
        return map(catalog.list(ResourceRange.of(caller.account(), caller.region(), WORKFLOW), after, limit),
                TransferCatalog::workflow);
    }

    private static WorkflowRecord workflow(Resource r) {
        JsonNode o = body(r);
        JsonNode exceptions = o.get("onExceptionSteps");
        return new WorkflowRecord(r.arn(), o.path("workflowId").asText(), textOrNull(o, "description"),
                (ArrayNode) o.path("steps"), exceptions == null ? null : (ArrayNode) exceptions);
    }

    // ---- connectors

    /** Adds a connector; StoreConflictException when its id is taken in its account and region. */
    void createConnector(ConnectorRecord c) {
        catalog.create(connectorResource(c));
    }

    Optional<ConnectorRecord> connector(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(CONNECTOR)).map(TransferCatalog::connector);
    }

    /** Replaces the connector if its row is still at the record's row version; StoreConflictException otherwise. */
    void updateConnector(ConnectorRecord c) {
        catalog.apply(List.of(new ResourceChange.Update(connectorResource(c), c.rowVersion())));
    }

    Page<ConnectorRecord> listConnectors(Caller caller, String after, int limit) {
        return map(catalog.list(ResourceRange.of(caller.account(), caller.region(), CONNECTOR), after, limit),
                TransferCatalog::connector);
    }

    private static Resource connectorResource(ConnectorRecord c) {
        ObjectNode o = Json.object();
        o.put("connectorId", c.connectorId()).put("url", c.url()).put("accessRole", c.accessRole());
        putIfPresent(o, "loggingRole", c.loggingRole());
        o.put("userSecretId", c.userSecretId());
        ArrayNode keys = o.putArray("trustedHostKeys");
        c.trustedHostKeys().forEach(keys::add);
        o.put("maxConcurrentConnections", c.maxConcurrentConnections());
        putIfPresent(o, "securityPolicyName", c.securityPolicyName());
        putIfPresent(o, "ipAddressType", c.ipAddressType());
        return resource(c.arn(), CONNECTOR, "", c.connectorId(), Json.write(o));
    }

    private static ConnectorRecord connector(Resource r) {
        JsonNode o = body(r);
        List<String> keys = new ArrayList<>();
        o.path("trustedHostKeys").forEach(k -> keys.add(k.asText()));
        return new ConnectorRecord(r.arn(), o.path("connectorId").asText(), o.path("url").asText(),
                o.path("accessRole").asText(), textOrNull(o, "loggingRole"), o.path("userSecretId").asText(), keys,
                o.path("maxConcurrentConnections").asInt(1), textOrNull(o, "securityPolicyName"), textOrNull(o,
                "ipAddressType"),
                r.version());
    }

    // ---- tags

    Map<String, String> tags(String arn) {
        return catalog.tags(arn);
    }

    void tag(String arn, Map<String, String> tags) {
        catalog.tag(arn, tags);
    }

    void untag(String arn, Collection<String> keys) {
        catalog.untag(arn, keys);
    }

    /** The type of the resource at {@code arn}, if there is one. */
    Optional<String> typeOf(String arn) {
        return catalog.resource(arn).map(Resource::type);
    }

    // ---- bodies

    /** A resource of this face: its account and region are its ARN's. */
    private static Resource resource(String arn, String type, String parent, String key, String body) {
        Arn parsed = Arn.of(arn);
        return new Resource(arn, parsed.account(), parsed.region(), type, parent, key, 0, body);
    }

    private <T> List<T> all(ResourceRange range, Function<Resource, T> f) {
        List<T> all = new ArrayList<>();
        String after = null;
        do {
            Page<Resource> page = catalog.list(range, after, SCAN_PAGE);
            page.items().forEach(r -> all.add(f.apply(r)));
            after = page.next();
        } while (after != null);
        return all;
    }

    private static <T> Page<T> map(Page<Resource> page, Function<Resource, T> f) {
        return new Page<>(page.items().stream().map(f).toList(), page.next());
    }

    private static JsonNode body(Resource r) {
        try {
            return Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of " + r.arn() + " is not JSON", e);
        }
    }

}
