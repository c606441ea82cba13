package dev.stepwise.transfer.storage;

import dev.stepwise.transfer.sftp.FileLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Files in either storage domain, as workflow steps (COPY, TAG, DELETE, DECRYPT) and connectors use
 * them: each operation names the {@link FileLocation} it produced, as the step's output shows it.
 * Failures are {@link StorageException}s whose type is the step's ExecutionErrorType.
 *
 * <p>An S3 location that carries an ETag is that content: reading or copying it fails when the
 * object has changed since ("ETag constraint not met", NOT_FOUND), and one that carries a version id
 * is that version. A destination ending in "/" is a folder: the file keeps its name there.
 */
public interface FileStorage {

    InputStream read(FileLocation location) throws IOException;

    /** Writes a file whole; with {@code overwrite} false, ALREADY_EXISTS when the destination exists. */
    FileLocation write(FileLocation destination, InputStream content, boolean overwrite) throws IOException;

    /** Copies a file (within or across domains); with {@code overwrite} false, ALREADY_EXISTS when the destination exists. */
    FileLocation copy(FileLocation source, FileLocation destination, boolean overwrite) throws IOException;

    /** Deletes a file (in a bucket that keeps versions, a delete marker hides it); NOT_FOUND when there is none. */
    void delete(FileLocation location) throws IOException;

    /** Replaces an S3 object's tags (S3's limits apply); EFS files cannot be tagged (BAD_REQUEST). */
    FileLocation tag(FileLocation location, Map<String, String> tags) throws IOException;

    /** The location with its file name appended when it names a folder (ends in "/"), as copies place files. */
    static FileLocation into(FileLocation destination, String fileName) {
        return switch (destination) {
            case FileLocation.S3 s3 when s3.key().isEmpty() || s3.key().endsWith("/") ->
                    new FileLocation.S3(s3.bucket(), s3.key() + fileName, null, null);
            case FileLocation.Efs efs when efs.path().endsWith("/") ->
                    new FileLocation.Efs(efs.fileSystemId(), efs.path() + fileName);
            default -> destination;
        };
    }

    /** The last segment of a location's key or path. */
    static String fileName(FileLocation location) {
        String path = switch (location) {
            case FileLocation.S3 s3 -> s3.key();
            case FileLocation.Efs efs -> efs.path();
        };
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
