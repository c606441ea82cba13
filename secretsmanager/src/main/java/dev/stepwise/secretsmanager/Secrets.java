package dev.stepwise.secretsmanager;

import dev.stepwise.api.Caller;
import dev.stepwise.engine.store.StoreConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The secrets a caller has, as every operation finds and changes them: a SecretId resolved in the
 * caller's account and region (another's secret is not found), a secret whose recovery window has
 * ended removed when it is next looked at (there is no background sweep: time is the injected
 * clock's), and changes written only if nobody changed the secret since it was read (otherwise read
 * again and applied again).
 */
final class Secrets {
    /** How often a change is tried again when other writers keep changing the same secret first. */
    private static final int ATTEMPTS = 16;

    private final SecretsCatalog catalog;
    private final Clock clock;
    private final RandomGenerator random;

    Secrets(SecretsCatalog catalog, Clock clock, RandomGenerator random) {
        this.catalog = catalog;
        this.clock = clock;
        this.random = random;
    }

    SecretsCatalog catalog() {
        return catalog;
    }

    Instant now() {
        return clock.instant();
    }

    /** A new secret's ARN suffix. */
    String arnSuffix() {
        return SecretArn.randomSuffix(random);
    }

    /** A version id for a write that brought no ClientRequestToken: a random UUID. */
    String newVersionId() {
        long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x4000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The caller's secret {@code secretId} names, scheduled for deletion or not; empty when there is none. */
    Optional<SecretRecord> find(Caller caller, String secretId) {
        Optional<SecretRecord> found = switch (SecretArn.parse(secretId)) {
            case SecretArn.SecretId.Name n -> catalog.byName(caller.region(), caller.account(), n.name());
            case SecretArn.SecretId.PartialArn p -> callers(caller, p.region(), p.account())
                    ? catalog.byName(p.region(), p.account(), p.name()) : Optional.empty();
            case SecretArn.SecretId.CompleteArn c -> callers(caller, c.region(), c.account())
                    ? catalog.byArn(c.arn()) : Optional.empty();
            case SecretArn.SecretId.NotASecret x -> Optional.empty();
        };
        return found.filter(this::stillThere);
    }

    private static boolean callers(Caller caller, String region, String account) {
        return caller.region().equals(region) && caller.account().equals(account);
    }

    /** False for a secret whose recovery window has ended, which is removed now. */
    boolean stillThere(SecretRecord s) {
        if (!s.gone(now())) {
            return true;
        }
        catalog.delete(s);
        return false;
    }

    /** The caller's secret, even one scheduled for deletion; ResourceNotFoundException otherwise. */
    SecretRecord require(Caller caller, String secretId) {
        return find(caller, secretId).orElseThrow(Errors::notFound);
    }

    /** The caller's secret, refused with InvalidRequestException when it is scheduled for deletion. */
    SecretRecord requireActive(Caller caller, String secretId) {
        SecretRecord s = require(caller, secretId);
        if (s.scheduledForDeletion()) {
            throw Errors.markedForDeletion();
        }
        return s;
    }

    /**
     * What a change does: the secret to write ({@code updated}, null to write nothing), the values
     * of its new versions, the versions whose values go, and what the operation answers.
     */
    record Change<T>(SecretRecord updated, List<SecretsCatalog.NewValue> values, List<String> removedVersions,
                     T result) {

        static <T> Change<T> none(T result) {
            return new Change<>(null, List.of(), List.of(), result);
        }

        static <T> Change<T> of(SecretRecord updated, T result) {
            return new Change<>(updated, List.of(), List.of(), result);
        }
    }

    /**
     * Applies {@code change} to the caller's secret {@code secretId} as it is when read; when another
     * writer changed it in between, reads it again and applies the change again. {@code change} may
     * throw the operation's error; it is called once per attempt, so it must decide from the secret
     * it is given only.
     */
    <T> T change(Caller caller, String secretId, Function<SecretRecord, Change<T>> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SecretRecord s = require(caller, secretId);
            Change<T> c = change.apply(s);
            if (c.updated() == null) {
                return c.result();
            }
            try {
                catalog.update(c.updated(), c.values(), c.removedVersions());
                return c.result();
            } catch (StoreConflictException raced) {
                // another writer changed the secret (or wrote the same version) first: read it again
            }
        }
        throw new StoreConflictException("the secret kept changing under " + ATTEMPTS + " attempts to change it");
    }

    /**
     * Records that the secret was read today (Secrets Manager keeps the day of the last access).
     * At most one write a day per secret; losing the race to another writer loses nothing.
     */
    void accessed(SecretRecord s) {
        Instant today = now().truncatedTo(ChronoUnit.DAYS);
        if (s.lastAccessed() != null && !s.lastAccessed().isBefore(today)) {
            return;
        }
        try {
            catalog.update(s.withLastAccessed(today), List.of(), List.of());
        } catch (StoreConflictException raced) {
            // another writer changed the secret first; the next read records the access
        }
    }
}
