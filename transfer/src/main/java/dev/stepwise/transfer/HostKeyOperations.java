package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.HOST_KEY;
import static dev.stepwise.transfer.ModelRules.HOST_KEY_DESCRIPTION;
import static dev.stepwise.transfer.ModelRules.HOST_KEY_ID;
import static dev.stepwise.transfer.ModelRules.SERVER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.transfer.TransferRecords.HostKeyRecord;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * ImportHostKey, DescribeHostKey, ListHostKeys, UpdateHostKey, DeleteHostKey. A server offers the
 * oldest host key of each type (RSA, ECDSA, ED25519), as AWS does; a change of that set reopens an
 * ONLINE server's endpoint (its open sessions end). Every server keeps at least one host key.
 */
final class HostKeyOperations {
    private final TransferContext ctx;
    private final ServerOperations servers;

    HostKeyOperations(TransferContext ctx, ServerOperations servers) {
        this.ctx = ctx;
        this.servers = servers;
    }

    void register(Map<String, Operation> ops) {
        ops.put("ImportHostKey", this::importKey);
        ops.put("DescribeHostKey", this::describe);
        ops.put("ListHostKeys", this::list);
        ops.put("UpdateHostKey", this::update);
        ops.put("DeleteHostKey", this::delete);
    }

    /** A new host key record of the server {@code serverArn}, imported {@code at}. */
    static HostKeyRecord record(TransferContext ctx, String serverArn, KeyPair pair, String description, Instant at) {
        String id = ctx.ids().hostKeyId();
        return new HostKeyRecord(TransferArns.hostKeyOf(serverArn, id), serverArn, id, SshKeys.privateKeyText(pair),
                SshKeys.fingerprint(pair.getPublic()), SshKeys.keyType(pair.getPublic()), description, at, 0);
    }

    private ObjectNode importKey(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String text = r.requiredString("HostKeyBody", HOST_KEY);
        String description = r.string("Description", HOST_KEY_DESCRIPTION);
        Map<String, String> tags = Tags.read(r, "Tags");
        r.check();
        KeyPair pair = ServerRequest.HostKeys.parse(text);
        HostKeyRecord key = ctx.locks().server(TransferArns.server(caller, serverId), () -> {
            ServerRecord server = servers.requireServer(caller, serverId);
            HostKeyRecord created = record(ctx, server.arn(), pair, description, ctx.clock().instant());
            for (HostKeyRecord existing : ctx.catalog().hostKeys(server.arn())) {
                if (existing.fingerprint().equals(created.fingerprint())) {
                    throw TransferErrors.exists("Host key already exists", existing.hostKeyId(), "HostKey");
                }
            }
            List<HostKeyRecord> activeBefore = ctx.endpoints().activeHostKeyRecords(server.arn());
            ctx.catalog().createHostKey(created);
            if (!tags.isEmpty()) {
                ctx.catalog().tag(created.arn(), tags);
            }
            reopenIfActiveKeysChanged(server, activeBefore);
            return created;
        });
        return Json.object().put("ServerId", serverId).put("HostKeyId", key.hostKeyId());
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String hostKeyId = r.requiredString("HostKeyId", HOST_KEY_ID);
        r.check();
        HostKeyRecord k = requireHostKey(caller, serverId, hostKeyId);
        ObjectNode o = Json.object();
        ObjectNode d = o.putObject("HostKey");
        d.put("Arn", k.arn()).put("HostKeyId", k.hostKeyId()).put("HostKeyFingerprint", k.fingerprint());
        if (k.description() != null) {
            d.put("Description", k.description());
        }
        d.put("Type", k.type()).put("DateImported", HistoryJson.epochSeconds(k.imported()));
        Tags.put(d, ctx.catalog().tags(k.arn()));
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        return servers.listChildren(caller, body, "ListHostKeys", ctx.catalog()::listHostKeys, "HostKeys", (l, k) -> {
            l.put("Arn", k.arn()).put("HostKeyId", k.hostKeyId()).put("Fingerprint", k.fingerprint());
            if (k.description() != null) {
                l.put("Description", k.description());
            }
            l.put("Type", k.type()).put("DateImported", HistoryJson.epochSeconds(k.imported()));
        });
    }

    private ObjectNode update(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String hostKeyId = r.requiredString("HostKeyId", HOST_KEY_ID);
        String description = r.requiredString("Description", HOST_KEY_DESCRIPTION);
        r.check();
        ctx.locks().server(TransferArns.server(caller, serverId), () -> {
            HostKeyRecord k = requireHostKey(caller, serverId, hostKeyId);
            ctx.catalog().updateHostKey(k.withDescription(description));
            return k;
        });
        return Json.object().put("ServerId", serverId).put("HostKeyId", hostKeyId);
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String hostKeyId = r.requiredString("HostKeyId", HOST_KEY_ID);
        r.check();
        ctx.locks().server(TransferArns.server(caller, serverId), () -> {
            HostKeyRecord k = requireHostKey(caller, serverId, hostKeyId);
            ServerRecord server = servers.requireServer(caller, serverId);
            if (ctx.catalog().hostKeys(server.arn()).size() == 1) {
                throw TransferErrors.invalidRequest("Cannot delete the only host key of server " + serverId
                        + ": import another host key first");
            }
            List<HostKeyRecord> activeBefore = ctx.endpoints().activeHostKeyRecords(server.arn());
            ctx.catalog().delete(k.arn());
            reopenIfActiveKeysChanged(server, activeBefore);
            return k;
        });
        return Json.object();
    }

    private void reopenIfActiveKeysChanged(ServerRecord server, List<HostKeyRecord> activeBefore) {
        if (server.state().equals(TransferRecords.ONLINE)
                && !ctx.endpoints().activeHostKeyRecords(server.arn()).equals(activeBefore)) {
            ServerRecord reopened = ctx.endpoints().open(server);
            if (!reopened.equals(server)) {
                ctx.catalog().updateServer(reopened);
            }
        }
    }

    private HostKeyRecord requireHostKey(Caller caller, String serverId, String hostKeyId) {
        servers.requireServer(caller, serverId);
        return ctx.catalog().hostKey(TransferArns.hostKey(caller, serverId, hostKeyId))
                .orElseThrow(() -> TransferErrors.unknownHostKey(hostKeyId));
    }
}
