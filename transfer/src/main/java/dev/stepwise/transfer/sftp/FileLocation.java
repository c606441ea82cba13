package dev.stepwise.transfer.sftp;

/** Where a file is in a storage domain, as Transfer's FileLocation shapes name it. */
public sealed interface FileLocation {

    /** An object: its bucket and key, its version (null: the bucket keeps none) and its ETag. */
    record S3(String bucket, String key, String versionId, String etag) implements FileLocation {}

    /** A file of an EFS file system: its id and its absolute path in it ("/dir/file"). */
    record Efs(String fileSystemId, String path) implements FileLocation {}
}
