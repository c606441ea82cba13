package dev.stepwise.secretsmanager;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret as the catalog keeps it: what DescribeSecret tells of it, its versions with their labels
 * (values apart), and the row version it was read at ({@code rowVersion}, 0 for a new one).
 * {@code deleted} is when DeleteSecret scheduled it for deletion (null: not scheduled) and
 * {@code deletion} when its recovery window ends; from then on it is gone.
 * {@code lastAccessed} is a day (midnight UTC), as Secrets Manager keeps it.
 */
record SecretRecord(String arn, String name, String description, String kmsKeyId, String type, Instant created,
                    Instant lastChanged, Instant lastAccessed, Instant deleted, Instant deletion,
                    Map<String, String> tags, List<SecretVersion> versions, long rowVersion) {

    SecretRecord {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        versions = List.copyOf(versions);
    }

    boolean scheduledForDeletion() {
        return deleted != null;
    }

    /** Whether its recovery window has ended at {@code now}: it no longer exists. */
    boolean gone(Instant now) {
        return deletion != null && !now.isBefore(deletion);
    }

    SecretRecord withVersions(List<SecretVersion> newVersions, Instant changed) {
        return new SecretRecord(arn, name, description, kmsKeyId, type, created, changed, lastAccessed, deleted,
                deletion, tags, newVersions, rowVersion);
    }

    SecretRecord withDetails(String newDescription, String newKmsKeyId, String newType, Instant changed) {
        return new SecretRecord(arn, name, newDescription, newKmsKeyId, newType, created, changed, lastAccessed,
                deleted, deletion, tags, versions, rowVersion);
    }

    SecretRecord withTags(Map<String, String> newTags, Instant changed) {
        return new SecretRecord(arn, name, description, kmsKeyId, type, created, changed, lastAccessed, deleted,
                deletion, newTags, versions, rowVersion);
    }

    SecretRecord withDeletion(Instant newDeleted, Instant newDeletion, Instant changed) {
        return new SecretRecord(arn, name, description, kmsKeyId, type, created, changed, lastAccessed, newDeleted,
                newDeletion, tags, versions, rowVersion);
    }

    SecretRecord withLastAccessed(Instant day) {
        return new SecretRecord(arn, name, description, kmsKeyId, type, created, lastChanged, day, deleted,
                deletion, tags, versions, rowVersion);
    }
}
