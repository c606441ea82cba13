package dev.stepwise.transfer;

import static dev.stepwise.transfer.TransferRecords.OFFLINE;
import static dev.stepwise.transfer.TransferRecords.ONLINE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.transfer.TransferRecords.HostKeyRecord;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.SftpPort;
import dev.stepwise.transfer.TransferRecords.WorkflowDetail;
import dev.stepwise.transfer.TransferRecords.WorkflowDetails;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CreateServer, DescribeServer, ListServers, UpdateServer, StartServer, StopServer, DeleteServer.
 * A server is ONLINE (its SFTP endpoint open) from the moment CreateServer or StartServer
 * answers, OFFLINE from the moment StopServer answers: opening a local port takes milliseconds, so
 * the STARTING and STOPPING states AWS passes through are never seen here. A server whose ports
 * cannot be bound is START_FAILED.
 */
final class ServerOperations {
    static final String DEFAULT_SECURITY_POLICY = "TransferSecurityPolicy-2018-11";
    /** Transfer's default host key is RSA. */
    static final int HOST_KEY_BITS = 2048;
    /** How often CreateServer draws another id when the one drawn is taken (in any account). */
    private static final int ID_ATTEMPTS = 8;

    private final TransferContext ctx;

    ServerOperations(TransferContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateServer", this::create);
        ops.put("DescribeServer", this::describe);
        ops.put("ListServers", this::list);
        ops.put("UpdateServer", this::update);
        ops.put("StartServer", this::start);
        ops.put("StopServer", this::stop);
        ops.put("DeleteServer", this::delete);
    }

    // ---- CreateServer

    private ObjectNode create(Caller caller, JsonNode body) {
        ServerRequest req = ServerRequest.readCreate(body);
        KeyPair hostKey = req.hostKey() != null ? req.hostKey() : SshKeys.generateRsa(HOST_KEY_BITS);
        ServerRecord created = ctx.locks().workflows(() -> {
            requireWorkflows(caller, req.workflowsNamed());
            return store(caller, req, hostKey);
        });
        ctx.locks().server(created.arn(), () -> {
            ServerRecord current = requireServer(caller, created.serverId());
            return save(current, ctx.endpoints().open(current));
        });
        return Json.object().put("ServerId", created.serverId());
    }

    /** Stores a new server, to be ONLINE, with its first host key and its tags. */
    private ServerRecord store(Caller caller, ServerRequest req, KeyPair hostKey) {
        Instant now = ctx.clock().instant();
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String id = ctx.ids().serverId();
            String arn = TransferArns.server(caller, id);
            ServerRecord server = new ServerRecord(arn, id, ONLINE, req.domain() == null ? "S3" : req.domain(),
                    "SERVICE_MANAGED", "PUBLIC", req.protocols() == null ? List.of("SFTP") : req.protocols(),
                    req.sftpPorts() == null ? List.of() : req.sftpPorts(), workflowDetails(null, req),
                    settings(Json.object(), req, true), now, 1);
            HostKeyRecord key = HostKeyOperations.record(ctx, arn, hostKey, null, now);
            try {
                ctx.catalog().createServer(server, key);
            } catch (StoreConflictException taken) {
                continue;
            }
            if (!req.tags().isEmpty()) {
                ctx.catalog().tag(arn, req.tags());
            }
            return server;
        }
        throw new StoreConflictException("no free server id after " + ID_ATTEMPTS + " attempts");
    }

    /**
     * The members only given back, as the request sets them over {@code current}: AWS's defaults
     * on creation, an empty LoggingRole removing the role, ProtocolDetails merged member by member.
     */
    private static ObjectNode settings(ObjectNode current, ServerRequest req, boolean creating) {
        ObjectNode s = current.deepCopy();
        ObjectNode details = s.has("ProtocolDetails") ? (ObjectNode) s.get("ProtocolDetails").deepCopy()
                : Json.object();
        if (creating) {
            details.put("PassiveIp", "AUTO").put("TlsSessionResumptionMode", "ENFORCED").put("SetStatOption", "DEFAULT");
            s.put("SecurityPolicyName", DEFAULT_SECURITY_POLICY).put("IpAddressType", "IPV4");
        }
        s.setAll(req.settings());
        if (s.path("LoggingRole").asText("x").isEmpty()) {
            s.remove("LoggingRole");
        }
        if (req.protocolDetails() != null) {
            details.setAll(req.protocolDetails());
        }
        s.set("ProtocolDetails", details);
        return s;
    }

    private static WorkflowDetails workflowDetails(WorkflowDetails current, ServerRequest req) {
        List<WorkflowDetail> onUpload = req.onUpload() != null ? req.onUpload()
                : current == null ? List.of() : current.onUpload();
        List<WorkflowDetail> onPartialUpload = req.onPartialUpload() != null ? req.onPartialUpload()
                : current == null ? List.of() : current.onPartialUpload();
        WorkflowDetails details = new WorkflowDetails(onUpload, onPartialUpload);
        return details.isEmpty() ? null : details;
    }

    // ---- DescribeServer, ListServers

    private ObjectNode describe(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String id = r.requiredString("ServerId", ModelRules.SERVER_ID);
        r.check();
        ServerRecord s = requireServer(caller, id);
        ObjectNode o = Json.object();
        o.set("Server", described(s));
        return o;
    }

    private ObjectNode described(ServerRecord s) {
        ObjectNode settings = s.settings();
        ObjectNode o = Json.object();
        o.put("Arn", s.arn());
        copy(settings, o, "Certificate");
        ObjectNode details = settings.has("ProtocolDetails") ? settings.get("ProtocolDetails").deepCopy()
                : Json.object();
        if (!s.sftpPorts().isEmpty()) {
            ArrayNode ports = details.putArray("SftpPorts");
            for (SftpPort p : s.sftpPorts()) {
                ports.addObject().put("SftpPort", p.port()).put("CommunicationMode", p.communicationMode());
            }
        }
        o.set("ProtocolDetails", details);
        o.put("Domain", s.domain());
        o.put("EndpointType", s.endpointType());
        List<HostKeyRecord> active = ctx.endpoints().activeHostKeyRecords(s.arn());
        if (!active.isEmpty()) {
            o.put("HostKeyFingerprint", active.get(0).fingerprint());
        }
        copy(settings, o, "IdentityProviderDetails");
        o.put("IdentityProviderType", s.identityProviderType());
        copy(settings, o, "LoggingRole");
        copy(settings, o, "PostAuthenticationLoginBanner");
        copy(settings, o, "PreAuthenticationLoginBanner");
        ArrayNode protocols = o.putArray("Protocols");
        s.protocols().forEach(protocols::add);
        copy(settings, o, "SecurityPolicyName");
        o.put("ServerId", s.serverId());
        o.put("State", s.state());
        Tags.put(o, ctx.catalog().tags(s.arn()));
        o.put("UserCount", ctx.catalog().userCount(s.arn()));
        if (s.workflowDetails() != null) {
            o.set("WorkflowDetails", workflowDetailsJson(s.workflowDetails()));
        }
        copy(settings, o, "StructuredLogDestinations");
        copy(settings, o, "S3StorageOptions");
        copy(settings, o, "IpAddressType");
        return o;
    }

    private static ObjectNode workflowDetailsJson(WorkflowDetails details) {
        ObjectNode w = Json.object();
        ArrayNode onUpload = w.putArray("OnUpload");
        details.onUpload().forEach(d -> onUpload.addObject().put("WorkflowId", d.workflowId())
                .put("ExecutionRole", d.executionRole()));
        if (!details.onPartialUpload().isEmpty()) {
            ArrayNode partial = w.putArray("OnPartialUpload");
            details.onPartialUpload().forEach(d -> partial.addObject().put("WorkflowId", d.workflowId())
                    .put("ExecutionRole", d.executionRole()));
        }
        return w;
    }

    private static void copy(ObjectNode from, ObjectNode to, String member) {
        if (from.hasNonNull(member)) {
            to.set(member, from.get(member).deepCopy());
        }
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        TransferPaging paging = TransferPaging.read(r);
        r.check();
        String scope = "ListServers";
        Page<ServerRecord> page = ctx.catalog().listServers(caller, paging.after(ctx.tokens(), caller, scope),
                paging.limit());
        ObjectNode o = Json.object();
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        ArrayNode servers = o.putArray("Servers");
        for (ServerRecord s : page.items()) {
            ObjectNode l = servers.addObject();
            l.put("Arn", s.arn()).put("Domain", s.domain()).put("IdentityProviderType", s.identityProviderType())
                    .put("EndpointType", s.endpointType());
            copy(s.settings(), l, "LoggingRole");
            l.put("ServerId", s.serverId()).put("State", s.state())
                    .put("UserCount", ctx.catalog().userCount(s.arn()));
        }
        return o;
    }

    // ---- UpdateServer

    private ObjectNode update(Caller caller, JsonNode body) {
        ServerRequest req = ServerRequest.readUpdate(body);
        String arn = TransferArns.server(caller, req.serverId());
        Supplier<ServerRecord> change = () -> ctx.locks().server(arn, () -> apply(caller, req));
        if (req.workflowsNamed().isEmpty()) {
            change.get();
        } else {
            ctx.locks().workflows(() -> {
                requireWorkflows(caller, req.workflowsNamed());
                return change.get();
            });
        }
        return Json.object().put("ServerId", req.serverId());
    }

    /**
     * Applies an update under the server's lock: the members sent replace the server's, a HostKey
     * replaces the server's host keys of its type (it becomes the active key of that type), and an
     * ONLINE server whose ports or host keys changed is opened again on them.
     */
    private ServerRecord apply(Caller caller, ServerRequest req) {
        ServerRecord s = requireServer(caller, req.serverId());
        ServerRecord updated = s.withSettings(settings(s.settings(), req, false))
                .withWorkflowDetails(req.onUpload() == null && req.onPartialUpload() == null ? s.workflowDetails()
                        : workflowDetails(s.workflowDetails(), req));
        if (req.protocols() != null) {
            updated = updated.withProtocols(req.protocols());
        }
        boolean reopen = false;
        if (req.sftpPorts() != null && !req.sftpPorts().equals(s.sftpPorts())) {
            updated = updated.withPorts(req.sftpPorts());
            reopen = true;
        }
        List<ResourceChange> changes = new ArrayList<>();
        if (req.hostKey() != null) {
            HostKeyRecord key = HostKeyOperations.record(ctx, s.arn(), req.hostKey(), null, ctx.clock().instant());
            for (HostKeyRecord old : ctx.catalog().hostKeys(s.arn())) {
                if (old.type().equals(key.type())) {
                    changes.add(new ResourceChange.Delete(old.arn()));
                }
            }
            changes.add(TransferCatalog.creation(key));
            reopen = true;
        }
        changes.add(TransferCatalog.update(updated));
        ctx.catalog().apply(changes);
        if (reopen && s.state().equals(ONLINE)) {
            ServerRecord current = requireServer(caller, s.serverId());
            return save(current, ctx.endpoints().open(current));
        }
        return updated;
    }

    // ---- StartServer, StopServer, DeleteServer

    private ObjectNode start(Caller caller, JsonNode body) {
        String id = serverId(body);
        ctx.locks().server(TransferArns.server(caller, id), () -> {
            ServerRecord s = requireServer(caller, id);
            return s.state().equals(ONLINE) ? s : save(s, ctx.endpoints().open(s));
        });
        return Json.object();
    }

    private ObjectNode stop(Caller caller, JsonNode body) {
        String id = serverId(body);
        ctx.locks().server(TransferArns.server(caller, id), () -> {
            ServerRecord s = requireServer(caller, id);
            ctx.endpoints().close(s);
            return save(s, s.withState(OFFLINE));
        });
        return Json.object();
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        String id = serverId(body);
        ctx.locks().server(TransferArns.server(caller, id), () -> {
            ServerRecord s = requireServer(caller, id);
            ctx.endpoints().close(s);
            ctx.catalog().deleteServer(s);
            return s;
        });
        return Json.object();
    }

    private static String serverId(JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String id = r.requiredString("ServerId", ModelRules.SERVER_ID);
        r.check();
        return id;
    }

    /**
     * Opens every server of every account and region that is to be ONLINE (the face starting): a
     * server whose ports cannot be bound goes START_FAILED and the others still open.
     */
    void openOnlineServers() {
        for (String arn : ctx.catalog().everyServerArn()) {
            ctx.locks().server(arn, () -> ctx.catalog().server(arn)
                    .filter(s -> s.state().equals(ONLINE))
                    .map(s -> save(s, ctx.endpoints().open(s)))
                    .orElse(null));
        }
    }

    /** Stores {@code after} over {@code before} when it differs; answers it. */
    private ServerRecord save(ServerRecord before, ServerRecord after) {
        if (!after.equals(before)) {
            ctx.catalog().updateServer(after);
        }
        return after;
    }

    /** Where a server's children (users, host keys) are listed from: a page after a key. */
    @FunctionalInterface
    interface ChildLister<T> {
        Page<T> list(String serverArn, String after, int limit);
    }

    /**
     * One page of a server's children for {@code operation} (ListUsers, ListHostKeys): the request's
     * ServerId and paging read, the server required, and the answer begun with its NextToken and
     * ServerId and an array {@code member} with one object per child, filled by {@code item}.
     */
    <T> ObjectNode listChildren(Caller caller, JsonNode body, String operation, ChildLister<T> lister, String member,
                                java.util.function.BiConsumer<ObjectNode, T> item) {
        TransferRequest r = TransferRequest.of(body);
        TransferPaging paging = TransferPaging.read(r);
        String serverId = r.requiredString("ServerId", ModelRules.SERVER_ID);
        r.check();
        ServerRecord server = requireServer(caller, serverId);
        String scope = operation + "/" + serverId;
        Page<T> page = lister.list(server.arn(), paging.after(ctx.tokens(), caller, scope), paging.limit());
        ObjectNode o = Json.object();
        TransferPaging.putNext(o, ctx.tokens(), caller, scope, page.next());
        o.put("ServerId", serverId);
        ArrayNode items = o.putArray(member);
        page.items().forEach(child -> item.accept(items.addObject(), child));
        return o;
    }

    ServerRecord requireServer(Caller caller, String serverId) {
        return ctx.catalog().server(TransferArns.server(caller, serverId))
                .orElseThrow(() -> TransferErrors.unknownServer(serverId));
    }

    private void requireWorkflows(Caller caller, List<WorkflowDetail> details) {
        for (WorkflowDetail d : details) {
            if (ctx.catalog().workflow(TransferArns.workflow(caller, d.workflowId())).isEmpty()) {
                throw TransferErrors.unknownWorkflow(d.workflowId());
            }
        }
    }
}
