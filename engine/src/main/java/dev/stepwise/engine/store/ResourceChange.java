package dev.stepwise.engine.store;

/** One change of a catalog, applied with others in one transaction ({@link Catalog#apply}). */
public sealed interface ResourceChange {

    /** Adds a resource; refused when its ARN, or its key among its siblings, is taken. */
    record Create(Resource resource) implements ResourceChange {}

    /** Replaces a resource's body if its version is still {@code expectedVersion}; refused otherwise. */
    record Update(Resource resource, long expectedVersion) implements ResourceChange {}

    /** Adds a resource or replaces its body, whatever its version (read models written with a step). */
    record Upsert(Resource resource) implements ResourceChange {}

    /** Removes a resource with its tags and its child resources (and theirs); nothing when it does not exist. */
    record Delete(String arn) implements ResourceChange {}
}
