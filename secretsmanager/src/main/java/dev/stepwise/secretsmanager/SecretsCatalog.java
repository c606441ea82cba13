package dev.stepwise.secretsmanager;

import static dev.stepwise.asl.json.Json.putIfPresent;
import static dev.stepwise.asl.json.Json.textOrNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.ResourceRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets in the store's generic catalog, three kinds of rows per secret:
 * <ul>
 * <li>the secret ({@value #SECRET}) under its ARN, keyed by its creation time and name, so the
 *     default listing (by CreatedDate) is a key range; its body is the {@link SecretRecord};</li>
 * <li>its name ({@value #NAME}) under {@code arn:aws:secretsmanager:{region}:{account}:secret-name:{name}},
 *     keyed by the name, pointing at the secret's ARN: a secret is found by name with one read, a
 *     name is taken at most once per account and region (the store refuses a second row under the
 *     same ARN), and the listing by name is a key range;</li>
 * <li>a value per version ({@value #VERSION}) under {@code {secret ARN}:version:{id}}, a child of the
 *     secret: values are read only by the operations that answer them, and go with the secret.</li>
 * </ul>
 * A secret's rows are written together in one transaction. The internal ARNs of names and versions
 * are never answered to a client; no secret's ARN can take their forms (a name holds no ':').
 */
final class SecretsCatalog {
    static final String SECRET = "secret";
    static final String NAME = "secretName";
    static final String VERSION = "secretVersion";

    private final Catalog catalog;

    SecretsCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A version's value to store with a change of its secret. */
    record NewValue(String versionId, SecretValue value) {}

    // ---- reading

    Optional<SecretRecord> byArn(String arn) {
        return catalog.resource(arn).filter(r -> r.type().equals(SECRET)).map(SecretsCatalog::record);
    }

    Optional<SecretRecord> byName(String region, String account, String name) {
        return catalog.resource(nameArn(region, account, name))
                .flatMap(index -> byArn(body(index).path("arn").asText()));
    }

    /** The value of a version of the secret {@code secretArn}; empty when that version is gone. */
    Optional<SecretValue> value(String secretArn, String versionId) {
        return catalog.resource(versionArn(secretArn, versionId)).filter(r -> r.type().equals(VERSION)).map(r -> {
            JsonNode o = body(r);
            JsonNode binary = o.get("binary");
            return binary != null ? SecretValue.ofBinary(Base64.getDecoder().decode(binary.asText()))
                    : SecretValue.ofString(o.path("string").asText());
        });
    }

    /** The secrets of an account and region by creation time, oldest first (or newest, {@code reverse}). */
    Page<Resource> listByCreation(String account, String region, String afterKey, int limit, boolean reverse) {
        ResourceRange range = ResourceRange.of(account, region, SECRET);
        return catalog.list(reverse ? range.reversed() : range, afterKey, limit);
    }

    /** The name rows of an account and region by name (their bodies point at the secrets). */
    Page<Resource> listByName(String account, String region, String afterKey, int limit, boolean reverse) {
        ResourceRange range = ResourceRange.of(account, region, NAME);
        return catalog.list(reverse ? range.reversed() : range, afterKey, limit);
    }

    /** The secret a listed row stands for: itself, or the secret a name row points at (gone: empty). */
    Optional<SecretRecord> listed(Resource row) {
        return row.type().equals(SECRET) ? Optional.of(record(row)) : byArn(body(row).path("arn").asText());
    }

    // ---- writing (StoreConflictException: nothing changed)

    /** Creates a secret, its name and its first version's value (if any); refused when the name is taken. */
    void create(SecretRecord s, List<NewValue> values) {
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(new ResourceChange.Create(secretRow(s)));
        changes.add(new ResourceChange.Create(nameRow(s)));
        values.forEach(v -> changes.add(new ResourceChange.Create(versionRow(s, v))));
        catalog.apply(changes);
    }

    /**
     * Replaces the secret if its row is still at {@code s.rowVersion()}, adds the values of new
     * versions and removes those of the versions {@code removedVersionIds} name.
     */
    void update(SecretRecord s, List<NewValue> values, List<String> removedVersionIds) {
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(new ResourceChange.Update(secretRow(s), s.rowVersion()));
        values.forEach(v -> changes.add(new ResourceChange.Create(versionRow(s, v))));
        removedVersionIds.forEach(id -> changes.add(new ResourceChange.Delete(versionArn(s.arn(), id))));
        catalog.apply(changes);
    }

    /** Removes a secret for good: its row, its versions' values and its name. */
    void delete(SecretRecord s) {
        catalog.apply(List.of(new ResourceChange.Delete(s.arn()),
                new ResourceChange.Delete(nameArn(region(s), account(s), s.name()))));
    }

    // ---- rows

    static String nameArn(String region, String account, String name) {
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret-name:" + name;
    }

    static String versionArn(String secretArn, String versionId) {
        return secretArn + ":version:" + versionId;
    }

    private static String region(SecretRecord s) {
        return dev.stepwise.asl.resource.Arn.of(s.arn()).region();
    }

    private static String account(SecretRecord s) {
        return dev.stepwise.asl.resource.Arn.of(s.arn()).account();
    }

    /** Secrets sort by creation time (milliseconds, zero-padded), then name. */
    private static String creationKey(SecretRecord s) {
        return String.format("%015d", s.created().toEpochMilli()) + "/" + s.name();
    }

    private static Resource secretRow(SecretRecord s) {
        return new Resource(s.arn(), account(s), region(s), SECRET, "", creationKey(s), 0, Json.write(body(s)));
    }

    private static Resource nameRow(SecretRecord s) {
        return new Resource(nameArn(region(s), account(s), s.name()), account(s), region(s), NAME, "", s.name(), 0,
                Json.write(Json.object().put("arn", s.arn())));
    }

    private static Resource versionRow(SecretRecord s, NewValue v) {
        ObjectNode o = Json.object();
        if (v.value().binary() != null) {
            o.put("binary", v.value().binaryBase64());
        } else {
            o.put("string", v.value().string());
        }
        return new Resource(versionArn(s.arn(), v.versionId()), account(s), region(s), VERSION, s.arn(),
                v.versionId(), 0, Json.write(o));
    }

    private static ObjectNode body(SecretRecord s) {
        ObjectNode o = Json.object();
        o.put("name", s.name());
        putIfPresent(o, "description", s.description());
        putIfPresent(o, "kmsKeyId", s.kmsKeyId());
        putIfPresent(o, "type", s.type());
        o.put("createdMs", s.created().toEpochMilli());
        o.put("lastChangedMs", s.lastChanged().toEpochMilli());
        putInstant(o, "lastAccessedMs", s.lastAccessed());
        putInstant(o, "deletedMs", s.deleted());
        putInstant(o, "deletionMs", s.deletion());
        ArrayNode tags = o.putArray("tags");
        s.tags().forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ArrayNode versions = o.putArray("versions");
        for (SecretVersion v : s.versions()) {
            ObjectNode version = versions.addObject();
            version.put("id", v.id()).put("createdMs", v.created().toEpochMilli());
            ArrayNode stages = version.putArray("stages");
            v.stages().forEach(stages::add);
        }
        return o;
    }

    private static SecretRecord record(Resource r) {
        JsonNode o = body(r);
        Map<String, String> tags = new LinkedHashMap<>();
        o.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        List<SecretVersion> versions = new ArrayList<>();
        for (JsonNode v : o.path("versions")) {
            List<String> stages = new ArrayList<>();
            v.path("stages").forEach(st -> stages.add(st.asText()));
            versions.add(new SecretVersion(v.path("id").asText(), instant(v, "createdMs"), stages));
        }
        return new SecretRecord(r.arn(), o.path("name").asText(), textOrNull(o, "description"), textOrNull(o,
                "kmsKeyId"),
                textOrNull(o, "type"), instant(o, "createdMs"), instant(o, "lastChangedMs"),
                instant(o, "lastAccessedMs"), instant(o, "deletedMs"), instant(o, "deletionMs"), tags,
                versions, r.version());
    }

    /*
     * A stored body that is not JSON is named by its row only: the parser's own message would quote
     * the body, and a version's body is a secret value.
     */
    private static JsonNode body(Resource r) {
        try {
            return Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of a " + r.type() + " row is not JSON");
        }
    }

    private static void putInstant(ObjectNode o, String field, Instant value) {
        if (value != null) {
            o.put(field, value.toEpochMilli());
        }
    }

    private static Instant instant(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }
}
