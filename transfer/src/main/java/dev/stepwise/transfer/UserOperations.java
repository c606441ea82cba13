package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.transfer.TransferRecords.HomeMapping;
import dev.stepwise.transfer.TransferRecords.ServerRecord;
import dev.stepwise.transfer.TransferRecords.SshPublicKey;
import dev.stepwise.transfer.TransferRecords.UserRecord;
import dev.stepwise.transfer.sftp.SshKeys;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * CreateUser, DescribeUser, ListUsers, UpdateUser, DeleteUser, ImportSshPublicKey,
 * DeleteSshPublicKey: a server's service-managed users. Their keys and homes count from their next
 * login (the SFTP endpoint reads them at each one).
 */
final class UserOperations {
    /** Transfer's quota of SSH public keys per service-managed user. */
    static final int MAX_KEYS = 50;
    /** How often a change of a user is tried again when another change of it came first. */
    private static final int ATTEMPTS = 16;

    private final TransferContext ctx;
    private final ServerOperations servers;

    UserOperations(TransferContext ctx, ServerOperations servers) {
        this.ctx = ctx;
        this.servers = servers;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateUser", this::create);
        ops.put("DescribeUser", this::describe);
        ops.put("ListUsers", this::list);
        ops.put("UpdateUser", this::update);
        ops.put("DeleteUser", this::delete);
        ops.put("ImportSshPublicKey", this::importKey);
        ops.put("DeleteSshPublicKey", this::deleteKey);
    }

    /** A user's home and identity as CreateUser and UpdateUser send them; null members were not sent. */
    private record Home(String homeDirectory, String homeDirectoryType, List<HomeMapping> mappings, String policy,
                        ObjectNode posixProfile, String role) {

        static Home read(TransferRequest r, JsonNode body, boolean roleRequired) {
            String homeDirectory = r.string("HomeDirectory", HOME_DIRECTORY);
            String type = r.enumValue("HomeDirectoryType", HOME_DIRECTORY_TYPES);
            List<HomeMapping> mappings = null;
            List<TransferRequest> entries = r.structs("HomeDirectoryMappings", 1, 50000);
            if (entries != null) {
                mappings = new ArrayList<>();
                for (TransferRequest e : entries) {
                    mappings.add(new HomeMapping(e.requiredString("Entry", MAP_ENTRY),
                            e.requiredString("Target", MAP_TARGET), e.enumValue("Type", MAP_TYPES)));
                }
            }
            String policy = r.string("Policy", POLICY);
            TransferRequest posix = r.struct("PosixProfile");
            if (posix != null) {
                posix.requiredNumber("Uid", 0, POSIX_ID_MAX);
                posix.requiredNumber("Gid", 0, POSIX_ID_MAX);
                posix.numbers("SecondaryGids", 0, 16, 0, POSIX_ID_MAX);
            }
            String role = roleRequired ? r.requiredString("Role", ROLE) : r.string("Role", ROLE);
            ObjectNode posixProfile = body.hasNonNull("PosixProfile") ? body.get("PosixProfile").deepCopy() : null;
            return new Home(homeDirectory, type, mappings, policy, posixProfile, role);
        }
    }

    /**
     * The rules on a user's home beyond the model's, as the API reference states them: a LOGICAL
     * home needs HomeDirectoryMappings, and mappings are only for a LOGICAL home.
     */
    private static void checkHome(String type, List<HomeMapping> mappings) {
        if (type.equals("LOGICAL") && mappings.isEmpty()) {
            throw TransferErrors.invalidRequest("HomeDirectoryMappings must be provided when HomeDirectoryType is "
                    + "LOGICAL");
        }
        if (type.equals("PATH") && !mappings.isEmpty()) {
            throw TransferErrors.invalidRequest("HomeDirectoryMappings can only be set when HomeDirectoryType is "
                    + "LOGICAL");
        }
    }

    /** An SSH public key body Transfer can use: one RSA, ECDSA or ED25519 key in OpenSSH form. */
    static PublicKey publicKey(String body) {
        PublicKey key = SshKeys.parsePublicKey(body).orElseThrow(
                () -> TransferErrors.invalidRequest("Unsupported or invalid SSH public key format"));
        String type = SshKeys.keyType(key);
        if (!type.equals("ssh-rsa") && !type.equals("ssh-ed25519") && !type.startsWith("ecdsa-sha2-nistp")) {
            throw TransferErrors.invalidRequest("Unsupported or invalid SSH public key format");
        }
        return key;
    }

    // ---- CreateUser

    private ObjectNode create(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        Home home = Home.read(r, body, true);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String keyBody = r.string("SshPublicKeyBody", SSH_PUBLIC_KEY_BODY);
        Map<String, String> tags = Tags.read(r, "Tags");
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        String type = home.homeDirectoryType() == null ? "PATH" : home.homeDirectoryType();
        List<HomeMapping> mappings = home.mappings() == null ? List.of() : home.mappings();
        checkHome(type, mappings);
        List<SshPublicKey> keys = new ArrayList<>();
        if (keyBody != null) {
            publicKey(keyBody);
            keys.add(new SshPublicKey(ctx.ids().sshPublicKeyId(), keyBody, ctx.clock().instant()));
        }
        ServerRecord server = servers.requireServer(caller, serverId);
        UserRecord user = new UserRecord(TransferArns.userOf(server.arn(), userName), server.arn(), userName,
                home.role(), type, emptyToNull(home.homeDirectory()), mappings, home.policy(), home.posixProfile(),
                keys, 0);
        try {
            ctx.catalog().createUser(user);
        } catch (StoreConflictException exists) {
            throw TransferErrors.exists("User already exists", userName, "User");
        }
        if (!tags.isEmpty()) {
            ctx.catalog().tag(user.arn(), tags);
        }
        return Json.object().put("ServerId", serverId).put("UserName", userName);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- DescribeUser, ListUsers

    private ObjectNode describe(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        UserRecord u = requireUser(caller, serverId, userName);
        ObjectNode o = Json.object().put("ServerId", serverId);
        ObjectNode d = o.putObject("User");
        d.put("Arn", u.arn());
        if (u.homeDirectory() != null) {
            d.put("HomeDirectory", u.homeDirectory());
        }
        if (!u.mappings().isEmpty()) {
            ArrayNode a = d.putArray("HomeDirectoryMappings");
            for (HomeMapping m : u.mappings()) {
                ObjectNode e = a.addObject().put("Entry", m.entry()).put("Target", m.target());
                if (m.type() != null) {
                    e.put("Type", m.type());
                }
            }
        }
        d.put("HomeDirectoryType", u.homeDirectoryType());
        if (u.policy() != null) {
            d.put("Policy", u.policy());
        }
        if (u.posixProfile() != null) {
            d.set("PosixProfile", u.posixProfile().deepCopy());
        }
        d.put("Role", u.role());
        ArrayNode keys = d.putArray("SshPublicKeys");
        for (SshPublicKey k : u.sshPublicKeys()) {
            keys.addObject().put("DateImported", HistoryJson.epochSeconds(k.imported()))
                    .put("SshPublicKeyBody", k.body()).put("SshPublicKeyId", k.id());
        }
        Tags.put(d, ctx.catalog().tags(u.arn()));
        d.put("UserName", u.userName());
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        return servers.listChildren(caller, body, "ListUsers", ctx.catalog()::listUsers, "Users", (l, u) -> {
            l.put("Arn", u.arn());
            if (u.homeDirectory() != null) {
                l.put("HomeDirectory", u.homeDirectory());
            }
            l.put("HomeDirectoryType", u.homeDirectoryType()).put("Role", u.role())
                    .put("SshPublicKeyCount", u.sshPublicKeys().size()).put("UserName", u.userName());
        });
    }

    // ---- UpdateUser, DeleteUser

    private ObjectNode update(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        Home home = Home.read(r, body, false);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        change(caller, serverId, userName, u -> {
            String type = home.homeDirectoryType() != null ? home.homeDirectoryType() : u.homeDirectoryType();
            List<HomeMapping> mappings = home.mappings() != null ? home.mappings()
                    // a home made a PATH again leaves its mappings behind
                    : type.equals("PATH") ? List.of() : u.mappings();
            checkHome(type, mappings);
            return new UserRecord(u.arn(), u.serverArn(), u.userName(),
                    home.role() != null ? home.role() : u.role(), type,
                    home.homeDirectory() != null ? emptyToNull(home.homeDirectory()) : u.homeDirectory(), mappings,
                    home.policy() != null ? emptyToNull(home.policy()) : u.policy(),
                    home.posixProfile() != null ? home.posixProfile() : u.posixProfile(), u.sshPublicKeys(),
                    u.rowVersion());
        });
        return Json.object().put("ServerId", serverId).put("UserName", userName);
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        UserRecord u = requireUser(caller, serverId, userName);
        ctx.catalog().delete(u.arn());
        return Json.object();
    }

    // ---- ImportSshPublicKey, DeleteSshPublicKey

    private ObjectNode importKey(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String keyBody = r.requiredString("SshPublicKeyBody", SSH_PUBLIC_KEY_BODY);
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        PublicKey key = publicKey(keyBody);
        String id = ctx.ids().sshPublicKeyId();
        change(caller, serverId, userName, u -> {
            for (SshPublicKey k : u.sshPublicKeys()) {
                if (SshKeys.parsePublicKey(k.body()).map(key::equals).orElse(false)) {
                    throw TransferErrors.exists("SSH public key already exists", k.id(), "SshPublicKey");
                }
            }
            if (u.sshPublicKeys().size() >= MAX_KEYS) {
                throw TransferErrors.invalidRequest("A user can have at most " + MAX_KEYS + " SSH public keys");
            }
            List<SshPublicKey> keys = new ArrayList<>(u.sshPublicKeys());
            keys.add(new SshPublicKey(id, keyBody, ctx.clock().instant()));
            return u.withKeys(keys);
        });
        return Json.object().put("ServerId", serverId).put("SshPublicKeyId", id).put("UserName", userName);
    }

    private ObjectNode deleteKey(Caller caller, JsonNode body) {
        TransferRequest r = TransferRequest.of(body);
        String serverId = r.requiredString("ServerId", SERVER_ID);
        String keyId = r.requiredString("SshPublicKeyId", SSH_PUBLIC_KEY_ID);
        String userName = r.requiredString("UserName", USER_NAME);
        r.check();
        change(caller, serverId, userName, u -> {
            List<SshPublicKey> keys = new ArrayList<>(u.sshPublicKeys());
            if (!keys.removeIf(k -> k.id().equals(keyId))) {
                throw TransferErrors.notFound("Unknown SSH public key", keyId, "SshPublicKey");
            }
            return u.withKeys(keys);
        });
        return Json.object();
    }

    /** Reads the user, changes it with {@code f} and stores it, again if another change came first. */
    private void change(Caller caller, String serverId, String userName, UnaryOperator<UserRecord> f) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            UserRecord u = requireUser(caller, serverId, userName);
            try {
                ctx.catalog().updateUser(f.apply(u));
                return;
            } catch (StoreConflictException raced) {
                // changed or deleted meanwhile: read it again
            }
        }
        throw TransferErrors.conflict("The user " + userName + " is being changed by another request; try again");
    }

    private UserRecord requireUser(Caller caller, String serverId, String userName) {
        ServerRecord server = servers.requireServer(caller, serverId);
        return ctx.catalog().user(TransferArns.userOf(server.arn(), userName))
                .orElseThrow(() -> TransferErrors.unknownUser(userName));
    }
}
