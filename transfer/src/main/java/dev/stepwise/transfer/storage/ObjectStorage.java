package dev.stepwise.transfer.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 storage domain as Transfer uses it, in the terms of S3's own API (PutObject, HeadObject,
 * GetObject, CopyObject, DeleteObject, ListObjectsV2, Get/PutObjectTagging, PutBucketVersioning),
 * so that the embedded {@link ObjectStore} and a remote S3 reached with the AWS SDK implement the
 * same thing. Failures are {@link StorageException}s; other IOExceptions are faults of the medium.
 */
public interface ObjectStorage {

    /** Writes the object whole (a bucket is created by its first write); the new version. */
    ObjectInfo put(String bucket, String key, InputStream content, Map<String, String> tags) throws IOException;

    /** The version named ({@code versionId} null: the current one); empty when there is none. */
    Optional<ObjectInfo> head(String bucket, String key, String versionId) throws IOException;

    /**
     * The content of the version named ({@code versionId} null: the current one). With
     * {@code ifMatch} (an ETag, unquoted), refuses a version whose ETag differs (NOT_FOUND, "ETag
     * constraint not met"), as a GetObject with If-Match does.
     */
    InputStream open(String bucket, String key, String versionId, String ifMatch) throws IOException;

    /**
     * Copies a version (null: the current one) to another key with its tags; the new version. With
     * {@code ifMatch}, refuses a source whose ETag differs; with {@code overwrite} false, refuses
     * (ALREADY_EXISTS) when the destination exists, and the check and the write are one step.
     */
    ObjectInfo copy(String sourceBucket, String sourceKey, String sourceVersionId, String ifMatch,
                    String bucket, String key, boolean overwrite) throws IOException;

    /**
     * Deletes the current version: in a bucket that keeps versions it becomes an older version and a
     * delete marker takes its place (its version id is returned); otherwise it is gone. Deleting a
     * key that does not exist is not an error (as in S3).
     */
    Optional<String> delete(String bucket, String key) throws IOException;

    /** Keys starting with {@code prefix} after {@code startAfter} (null: from the first), in UTF-8 byte order. */
    ObjectPage list(String bucket, String prefix, String startAfter, int maxKeys) throws IOException;

    /** Replaces the tags of a version (null: the current one); S3's limits apply ({@link ObjectTags}). */
    ObjectInfo putTags(String bucket, String key, String versionId, Map<String, String> tags) throws IOException;

    /** Turns versioning on or suspends it (PutBucketVersioning); the bucket need not exist yet. */
    void setVersioning(String bucket, Versioning versioning) throws IOException;

    Versioning versioning(String bucket) throws IOException;

    /** Every version of a key, the current one first, then older ones newest first; delete markers excluded. */
    List<ObjectInfo> versions(String bucket, String key) throws IOException;
}
