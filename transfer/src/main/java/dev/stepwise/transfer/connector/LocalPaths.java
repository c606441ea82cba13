package dev.stepwise.transfer.connector;

import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import java.util.Optional;

/**
 * A connector's local paths, in the object store (the S3 domain): a file as {@code /bucket/key}
 * (SendFilePaths), a folder as {@code /bucket} or {@code /bucket/prefix} (LocalDirectoryPath,
 * OutputDirectoryPath). AWS's examples write them with and without the leading slash; both are
 * read.
 */
public final class LocalPaths {
    private LocalPaths() {}

    /** A folder of a bucket: its files' keys start with {@code prefix} ("" at the top, else ending in "/"). */
    public record Folder(String bucket, String prefix) {

        /** Where a file of that name goes in the folder. */
        public FileLocation.S3 file(String name) {
            return new FileLocation.S3(bucket, prefix + name, null, null);
        }
    }

    /** The object {@code path} names; empty when it names no key of a valid bucket. */
    public static Optional<FileLocation.S3> file(String path) {
        String p = strip(path);
        int slash = p.indexOf('/');
        if (slash <= 0 || slash == p.length() - 1 || p.endsWith("/")) {
            return Optional.empty();
        }
        String bucket = p.substring(0, slash);
        return ObjectStore.isBucketName(bucket)
                ? Optional.of(new FileLocation.S3(bucket, p.substring(slash + 1), null, null)) : Optional.empty();
    }

    /** The folder {@code path} names; empty when it does not start with a valid bucket. */
    public static Optional<Folder> folder(String path) {
        String p = strip(path);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.indexOf('/');
        String bucket = slash < 0 ? p : p.substring(0, slash);
        String prefix = slash < 0 ? "" : p.substring(slash + 1) + "/";
        return ObjectStore.isBucketName(bucket) ? Optional.of(new Folder(bucket, prefix)) : Optional.empty();
    }

    /** The last segment of a path ("a.csv" of "/remote/dir/a.csv"), trailing slashes ignored. */
    public static String baseName(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** A remote directory and a name in it ({@code name} alone when the directory is null: the user's home). */
    public static String remoteChild(String directory, String name) {
        if (directory == null || directory.isEmpty()) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /** The key's file name, as a file keeps it at its destination. */
    static String fileName(FileLocation.S3 file) {
        return FileStorage.fileName(file);
    }

    private static String strip(String path) {
        String p = path == null ? "" : path;
        return p.startsWith("/") ? p.substring(1) : p;
    }
}
