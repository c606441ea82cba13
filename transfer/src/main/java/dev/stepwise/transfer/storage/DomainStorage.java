package dev.stepwise.transfer.storage;

import dev.stepwise.transfer.sftp.FileLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The two storage domains behind {@link FileStorage}: S3 locations go to an {@link ObjectStorage}
 * (the embedded {@link ObjectStore}, or a remote S3 implementing the same interface), EFS locations
 * to the configured {@link EfsFileSystems}. A copy within S3 is S3's own copy (tags kept, the source
 * ETag checked); any other copy reads one domain and writes the other.
 */
public final class DomainStorage implements FileStorage {
    private final ObjectStorage s3;
    private final EfsFileSystems efs;

    public DomainStorage(ObjectStorage s3, EfsFileSystems efs) {
        this.s3 = s3;
        this.efs = efs;
    }

    @Override
    public InputStream read(FileLocation location) throws IOException {
        return switch (location) {
            case FileLocation.S3 o -> s3.open(o.bucket(), o.key(), o.versionId(), o.etag());
            case FileLocation.Efs f -> efs.read(f);
        };
    }

    @Override
    public FileLocation write(FileLocation destination, InputStream content, boolean overwrite) throws IOException {
        return switch (destination) {
            case FileLocation.S3 o -> {
                if (!overwrite && s3.head(o.bucket(), o.key(), null).isPresent()) {
                    throw alreadyExists(o.bucket() + "/" + o.key());
                }
                // not one step with the check: a remote S3 has no conditional put for every client; the
                // embedded store's copy is, and steps that must not overwrite use copy where they can
                yield s3.put(o.bucket(), o.key(), content, Map.of()).location();
            }
            case FileLocation.Efs f -> efs.write(f, content, overwrite);
        };
    }

    @Override
    public FileLocation copy(FileLocation source, FileLocation destination, boolean overwrite) throws IOException {
        FileLocation target = FileStorage.into(destination, FileStorage.fileName(source));
        if (source instanceof FileLocation.S3 from && target instanceof FileLocation.S3 to) {
            return s3.copy(from.bucket(), from.key(), from.versionId(), from.etag(), to.bucket(), to.key(), overwrite)
                    .location();
        }
        try (InputStream content = read(source)) {
            return write(target, content, overwrite);
        }
    }

    @Override
    public void delete(FileLocation location) throws IOException {
        switch (location) {
            case FileLocation.S3 o -> {
                if (s3.head(o.bucket(), o.key(), null).isEmpty()) {
                    throw StorageException.noSuchKey(o.bucket(), o.key());
                }
                s3.delete(o.bucket(), o.key());
            }
            case FileLocation.Efs f -> efs.delete(f);
        }
    }

    @Override
    public FileLocation tag(FileLocation location, Map<String, String> tags) throws IOException {
        return switch (location) {
            case FileLocation.S3 o -> s3.putTags(o.bucket(), o.key(), o.versionId(), tags).location();
            case FileLocation.Efs f -> throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "Tagging is supported only for files stored in Amazon S3; " + f.fileSystemId() + f.path()
                            + " is on Amazon EFS");
        };
    }

    private static StorageException alreadyExists(String where) {
        return new StorageException(StorageException.Type.ALREADY_EXISTS,
                "A file already exists at " + where + " and overwriting it was not asked for");
    }
}
