package dev.stepwise.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret, DeleteSecret and
 * RestoreSecret: a secret's life and its versions' values.
 */
final class SecretOperations {
    private static final int DEFAULT_RECOVERY_DAYS = 30;
    private static final int MIN_RECOVERY_DAYS = 7;
    private static final int MAX_RECOVERY_DAYS = 30;
    /** How often CreateSecret checks again when a concurrent create of the same name won. */
    private static final int CREATE_ATTEMPTS = 4;

    private final Secrets secrets;

    SecretOperations(Secrets secrets) {
        this.secrets = secrets;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateSecret", this::create);
        ops.put("GetSecretValue", this::get);
        ops.put("PutSecretValue", this::put);
        ops.put("UpdateSecret", this::update);
        ops.put("DescribeSecret", this::describe);
        ops.put("DeleteSecret", this::delete);
        ops.put("RestoreSecret", this::restore);
    }

    // ---- CreateSecret

    private ObjectNode create(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String name = r.requiredString("Name", 1, 512);
        String token = r.string("ClientRequestToken", Requests.TOKEN_MIN, Requests.TOKEN_MAX);
        String description = r.string("Description", 0, 2048);
        String kmsKeyId = r.string("KmsKeyId", 0, 2048);
        String string = r.string("SecretString", 1, Requests.VALUE_MAX);
        byte[] binary = r.blob("SecretBinary", 1, Requests.VALUE_MAX);
        String type = r.string("Type", 0, 256);
        Map<String, String> tags = Requests.tags(r, "Tags");
        r.check();
        Requests.checkName(name);
        SecretValue value = Requests.value(string, binary);
        for (int attempt = 0; ; attempt++) {
            Optional<ObjectNode> repeated = existing(caller, name, token, value);
            if (repeated.isPresent()) {
                return repeated.get();
            }
            Instant now = secrets.now();
            String arn = SecretArn.of(caller.region(), caller.account(), name, secrets.arnSuffix());
            String versionId = value == null ? null : token != null ? token : secrets.newVersionId();
            List<SecretVersion> versions = versionId == null ? List.of()
                    : List.of(new SecretVersion(versionId, now, List.of(VersionStages.CURRENT)));
            SecretRecord s = new SecretRecord(arn, name, description, emptyAsNull(kmsKeyId), type, now, now, null,
                    null, null, tags, versions, 0);
            try {
                secrets.catalog().create(s, versionId == null ? List.of()
                        : List.of(new SecretsCatalog.NewValue(versionId, value)));
            } catch (StoreConflictException taken) {
                if (attempt + 1 < CREATE_ATTEMPTS) {
                    continue; // a concurrent create took the name first: answer as to a repeat of it
                }
                throw Errors.exists(name);
            }
            ObjectNode o = Json.object();
            o.put("ARN", arn).put("Name", name);
            Json.putIfPresent(o, "VersionId", versionId);
            return o;
        }
    }

    /**
     * What CreateSecret answers when the name is taken: the same answer again when the request
     * repeats the one that created the secret (its ClientRequestToken names the secret's version and
     * the value is the same), an error otherwise. Empty when the name is free.
     */
    private Optional<ObjectNode> existing(Caller caller, String name, String token, SecretValue value) {
        Optional<SecretRecord> found = secrets.find(caller, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SecretRecord s = found.get();
        if (s.scheduledForDeletion()) {
            throw Errors.nameScheduledForDeletion();
        }
        if (token != null && value != null && VersionStages.byId(s.versions(), token).isPresent()) {
            SecretValue stored = secrets.catalog().value(s.arn(), token).orElseThrow(() -> Errors.exists(name));
            if (!stored.sameAs(value)) {
                throw Errors.versionExists();
            }
            ObjectNode o = Json.object();
            o.put("ARN", s.arn()).put("Name", s.name()).put("VersionId", token);
            return Optional.of(o);
        }
        throw Errors.exists(name);
    }

    // ---- GetSecretValue

    private ObjectNode get(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        String versionId = r.string("VersionId", Requests.TOKEN_MIN, Requests.TOKEN_MAX);
        String stage = r.string("VersionStage", 1, 256);
        r.check();
        SecretRecord s = secrets.requireActive(caller, secretId);
        SecretVersion version = version(s, versionId, stage);
        SecretValue value = secrets.catalog().value(s.arn(), version.id())
                .orElseThrow(() -> Errors.noValueForVersion(version.id()));
        secrets.accessed(s);
        ObjectNode o = Json.object();
        o.put("ARN", s.arn()).put("Name", s.name()).put("VersionId", version.id());
        if (value.binary() != null) {
            o.put("SecretBinary", value.binaryBase64());
        } else {
            o.put("SecretString", value.string());
        }
        ArrayNode stages = o.putArray("VersionStages");
        version.stages().forEach(stages::add);
        Requests.putDate(o, "CreatedDate", version.created());
        return o;
    }

    /** The version a read asks for: by id (and then its label must be on it), else by label (AWSCURRENT). */
    static SecretVersion version(SecretRecord s, String versionId, String stage) {
        if (versionId != null) {
            SecretVersion v = VersionStages.byId(s.versions(), versionId)
                    .orElseThrow(() -> Errors.noValueForVersion(versionId));
            if (stage != null && !v.has(stage)) {
                throw Errors.invalidRequest("You provided a VersionStage that is not associated to the provided "
                        + "VersionId.");
            }
            return v;
        }
        String label = stage != null ? stage : VersionStages.CURRENT;
        return VersionStages.byStage(s.versions(), label).orElseThrow(() -> Errors.noValueForStage(label));
    }

    // ---- PutSecretValue

    private record Written(SecretRecord secret, SecretVersion version) {}

    private ObjectNode put(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        String token = r.string("ClientRequestToken", Requests.TOKEN_MIN, Requests.TOKEN_MAX);
        String string = r.string("SecretString", 1, Requests.VALUE_MAX);
        byte[] binary = r.blob("SecretBinary", 1, Requests.VALUE_MAX);
        List<String> stages = Requests.strings(r, "VersionStages", "versionStages", 1, 20, 1, 256);
        r.string("RotationToken", 36, 256);
        r.check();
        SecretValue value = Requests.value(string, binary);
        if (value == null) {
            throw Errors.invalidParameter("You must provide either SecretString or SecretBinary.");
        }
        String versionId = token != null ? token : secrets.newVersionId();
        Written w = secrets.change(caller, secretId, s -> {
            if (s.scheduledForDeletion()) {
                throw Errors.markedForDeletion();
            }
            Optional<SecretVersion> same = VersionStages.byId(s.versions(), versionId);
            if (same.isPresent()) {
                requireSameValue(s, versionId, value);
                return Secrets.Change.none(new Written(s, same.get()));
            }
            return withNewVersion(s, versionId, value, stages);
        });
        ObjectNode o = Json.object();
        o.put("ARN", w.secret().arn()).put("Name", w.secret().name()).put("VersionId", w.version().id());
        ArrayNode labels = o.putArray("VersionStages");
        w.version().stages().forEach(labels::add);
        return o;
    }

    /** A retried write (same ClientRequestToken) must carry the value it wrote; another value is refused. */
    private void requireSameValue(SecretRecord s, String versionId, SecretValue value) {
        SecretValue stored = secrets.catalog().value(s.arn(), versionId).orElse(null);
        if (stored == null || !stored.sameAs(value)) {
            throw Errors.versionExists();
        }
    }

    /**
     * The secret with a new version labelled {@code stages} (null: AWSCURRENT), and without the
     * deprecated versions past keeping.
     */
    private Secrets.Change<Written> withNewVersion(SecretRecord s, String versionId, SecretValue value,
                                                    List<String> stages) {
        Instant now = secrets.now();
        List<SecretVersion> versions = VersionStages.add(s.versions(),
                new SecretVersion(versionId, now, List.of()), stages);
        List<SecretVersion> removable = VersionStages.removable(versions, now);
        List<SecretVersion> kept = new ArrayList<>(versions);
        kept.removeAll(removable);
        SecretRecord updated = s.withVersions(kept, now);
        SecretVersion added = VersionStages.byId(kept, versionId).orElseThrow();
        return new Secrets.Change<>(updated, List.of(new SecretsCatalog.NewValue(versionId, value)),
                removable.stream().map(SecretVersion::id).toList(), new Written(updated, added));
    }

    // ---- UpdateSecret

    private ObjectNode update(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        String token = r.string("ClientRequestToken", Requests.TOKEN_MIN, Requests.TOKEN_MAX);
        String description = r.string("Description", 0, 2048);
        String kmsKeyId = r.string("KmsKeyId", 0, 2048);
        String string = r.string("SecretString", 1, Requests.VALUE_MAX);
        byte[] binary = r.blob("SecretBinary", 1, Requests.VALUE_MAX);
        String type = r.string("Type", 0, 256);
        r.check();
        SecretValue value = Requests.value(string, binary);
        String versionId = value == null ? null : token != null ? token : secrets.newVersionId();
        Written w = secrets.change(caller, secretId, s -> {
            if (s.scheduledForDeletion()) {
                throw Errors.markedForDeletion();
            }
            Instant now = secrets.now();
            SecretRecord details = s.withDetails(description != null ? description : s.description(),
                    kmsKeyId != null ? emptyAsNull(kmsKeyId) : s.kmsKeyId(), type != null ? type : s.type(), now);
            if (value == null) {
                return Secrets.Change.of(details, new Written(details, null));
            }
            // unlike PutSecretValue, UpdateSecret refuses a token that names an existing version outright
            if (VersionStages.byId(s.versions(), versionId).isPresent()) {
                throw Errors.versionExists();
            }
            return withNewVersion(details, versionId, value, null);
        });
        ObjectNode o = Json.object();
        o.put("ARN", w.secret().arn()).put("Name", w.secret().name());
        if (w.version() != null) {
            o.put("VersionId", w.version().id());
        }
        return o;
    }

    // ---- DescribeSecret

    private ObjectNode describe(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        r.check();
        return Requests.secretShape(secrets.require(caller, secretId), "VersionIdsToStages");
    }

    // ---- DeleteSecret

    private ObjectNode delete(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        Integer window = r.integer("RecoveryWindowInDays", Integer.MIN_VALUE, Integer.MAX_VALUE);
        Boolean force = r.bool("ForceDeleteWithoutRecovery");
        r.check();
        boolean forced = Boolean.TRUE.equals(force);
        if (forced && window != null) {
            throw Errors.invalidParameter(
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (window != null && (window < MIN_RECOVERY_DAYS || window > MAX_RECOVERY_DAYS)) {
            throw Errors.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        return forced ? deleteNow(caller, secretId) : schedule(caller, secretId,
                window != null ? window : DEFAULT_RECOVERY_DAYS);
    }

    private ObjectNode schedule(Caller caller, String secretId, int days) {
        SecretRecord scheduled = secrets.change(caller, secretId, s -> {
            if (s.scheduledForDeletion()) {
                throw Errors.markedForDeletion();
            }
            Instant now = secrets.now();
            SecretRecord updated = s.withDeletion(now, now.plus(Duration.ofDays(days)), now);
            return Secrets.Change.of(updated, updated);
        });
        ObjectNode o = Json.object();
        o.put("ARN", scheduled.arn()).put("Name", scheduled.name());
        Requests.putDate(o, "DeletionDate", scheduled.deletion());
        return o;
    }

    /**
     * Removes the secret at once. A secret that does not exist is no error (a retried forced delete
     * succeeds): the answer names what the request named.
     */
    private ObjectNode deleteNow(Caller caller, String secretId) {
        Instant now = secrets.now();
        ObjectNode o = Json.object();
        Optional<SecretRecord> found = secrets.find(caller, secretId);
        if (found.isPresent()) {
            secrets.catalog().delete(found.get());
            o.put("ARN", found.get().arn()).put("Name", found.get().name());
        } else {
            switch (SecretArn.parse(secretId)) {
                case SecretArn.SecretId.CompleteArn c -> o.put("ARN", secretId).put("Name", SecretArn.nameOf(secretId));
                case SecretArn.SecretId.PartialArn p -> o.put("ARN", secretId).put("Name", p.name());
                case SecretArn.SecretId.Name n -> o.put("Name", n.name());
                case SecretArn.SecretId.NotASecret x -> o.put("Name", secretId);
            }
        }
        Requests.putDate(o, "DeletionDate", now);
        return o;
    }

    // ---- RestoreSecret

    private ObjectNode restore(Caller caller, JsonNode body) {
        RequestReader r = Requests.reader(body);
        String secretId = Requests.secretId(r);
        r.check();
        SecretRecord restored = secrets.change(caller, secretId, s -> {
            if (!s.scheduledForDeletion()) {
                return Secrets.Change.none(s);
            }
            SecretRecord updated = s.withDeletion(null, null, secrets.now());
            return Secrets.Change.of(updated, updated);
        });
        ObjectNode o = Json.object();
        o.put("ARN", restored.arn()).put("Name", restored.name());
        return o;
    }

    /** An empty KmsKeyId means the AWS managed key, which DescribeSecret does not name. */
    private static String emptyAsNull(String kmsKeyId) {
        return kmsKeyId == null || kmsKeyId.isEmpty() ? null : kmsKeyId;
    }
}
