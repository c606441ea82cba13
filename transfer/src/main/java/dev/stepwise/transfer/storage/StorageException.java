package dev.stepwise.transfer.storage;

import java.io.IOException;

/**
 * A storage operation refused or failed, with the kind of failure as Transfer's ExecutionErrorType
 * names it (a workflow step reports {@link #type()} and {@link #getMessage()} as its error), so
 * callers need no mapping of their own.
 */
public final class StorageException extends IOException {

    /** The ExecutionErrorType values a storage failure can be. */
    public enum Type { NOT_FOUND, ALREADY_EXISTS, BAD_REQUEST, PERMISSION_DENIED, INTERNAL_SERVER_ERROR }

    private final Type type;

    public StorageException(Type type, String message) {
        super(message);
        this.type = type;
    }

    public StorageException(Type type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public Type type() {
        return type;
    }

    static StorageException noSuchKey(String bucket, String key) {
        return new StorageException(Type.NOT_FOUND, "The specified key does not exist. (Bucket: " + bucket
                + ", Key: " + key + ")");
    }

    static StorageException noSuchBucket(String bucket) {
        return new StorageException(Type.NOT_FOUND, "The specified bucket does not exist. (Bucket: " + bucket + ")");
    }

    static StorageException etagMismatch() {
        // as Transfer reports a COPY whose source changed after the upload (user guide, custom steps)
        return new StorageException(Type.NOT_FOUND, "ETag constraint not met");
    }
}
