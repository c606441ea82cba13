package dev.stepwise.engine.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The faces' resources, one generic table for all of them (see {@link Resource}): each face keeps
 * its own records as JSON bodies, so a new face needs no schema of its own, and every database
 * (SQLite, PostgreSQL) implements this once. Contract: a method that changes state returns only
 * after the change is durable; {@link StoreConflictException} means nothing changed.
 */
public interface Catalog {

    /** Adds a resource (version 1); StoreConflictException when its ARN or its key is taken. */
    default void create(Resource resource) {
        apply(List.of(new ResourceChange.Create(resource)));
    }

    Optional<Resource> resource(String arn);

    /** A page of {@code range} after the key {@code afterKey} (null: from the start); {@code next} is a key. */
    Page<Resource> list(ResourceRange range, String afterKey, int limit);

    /** Applies the changes in one transaction, in order: all of them, or (StoreConflictException) none. */
    void apply(List<ResourceChange> changes);

    /** A resource's tags in key order. */
    Map<String, String> tags(String arn);

    /** Adds or replaces tags of a resource. */
    void tag(String arn, Map<String, String> tags);

    void untag(String arn, Collection<String> keys);

    /**
     * The secret of that name, made of {@code length} random bytes the first time it is asked
     * for and the same ever after, on every node that shares the store (signing keys).
     */
    byte[] secret(String name, int length);
}
