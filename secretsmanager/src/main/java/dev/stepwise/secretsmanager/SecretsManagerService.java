package dev.stepwise.secretsmanager;

import dev.stepwise.api.Caller;
import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.api.SecretValues;
import dev.stepwise.engine.store.Catalog;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The part of the Secrets Manager API (AWS JSON 1.1, X-Amz-Target "secretsmanager.&lt;Operation&gt;")
 * that the other faces' users need: secrets with versions and staging labels, their values, tags,
 * listings, and deletion with a recovery window. Secrets live in the store's catalog, so they are
 * kept in the data folder and shared by every node; each account and region has its own.
 * {@link #secretValues()} is the same secrets read in process by the other faces.
 */
public final class SecretsManagerService implements JsonService {
    private final Map<String, Operation> operations = new HashMap<>();
    private final Secrets secrets;

    /** The face on the store's catalog and the server's clock; ARN suffixes and version ids are random. */
    public SecretsManagerService(Catalog catalog, Clock clock) {
        this(catalog, clock, new SecureRandom());
    }

    /**
     * As {@link #SecretsManagerService(Catalog, Clock)}, drawing ARN suffixes and generated version
     * ids from {@code random} (tests make them reproducible). Pagination tokens are signed with the
     * catalog's secret, so they stay good across restarts and nodes.
     */
    public SecretsManagerService(Catalog catalog, Clock clock, RandomGenerator random) {
        this.secrets = new Secrets(new SecretsCatalog(catalog), clock, random);
        PageTokens tokens = new PageTokens(catalog.secret("page-tokens", 32), clock, Errors::invalidNextToken);
        new SecretOperations(secrets).register(operations);
        new ListOperations(secrets, tokens).register(operations);
        new TagOperations(secrets).register(operations);
    }

    /** This face's secrets as the other faces read them (see {@link SecretValues}). */
    public SecretValues secretValues() {
        return this::secretString;
    }

    private Optional<String> secretString(Caller caller, String secretId) {
        return secrets.find(caller, secretId).filter(s -> !s.scheduledForDeletion()).flatMap(s ->
                VersionStages.byStage(s.versions(), VersionStages.CURRENT)
                        .flatMap(v -> secrets.catalog().value(s.arn(), v.id()))
                        .filter(value -> value.string() != null)
                        .map(value -> {
                            secrets.accessed(s);
                            return value.string();
                        }));
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }
}
