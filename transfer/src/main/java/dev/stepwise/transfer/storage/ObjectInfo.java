package dev.stepwise.transfer.storage;

import dev.stepwise.transfer.sftp.FileLocation;
import java.time.Instant;
import java.util.Map;

/**
 * One version of an object as S3 and Transfer show it: its key, its version id (null when the
 * bucket never had versioning; "null" for versions written while it was off or suspended), its
 * ETag (the MD5 of the content as 32 lowercase hex digits, unquoted, as Transfer's
 * S3FileLocation.Etag shows it), its size, when it was written, and its object tags. A key ending
 * in "/" is a folder marker of size 0.
 */
public record ObjectInfo(String bucket, String key, String versionId, String etag, long size, Instant lastModified,
                         Map<String, String> tags) {

    public ObjectInfo {
        tags = Map.copyOf(tags);
    }

    /** The ETag as S3's API writes it (ETag header, ListObjects): in double quotes. */
    public String quotedEtag() {
        return "\"" + etag + "\"";
    }

    public FileLocation.S3 location() {
        return new FileLocation.S3(bucket, key, versionId, etag);
    }
}
