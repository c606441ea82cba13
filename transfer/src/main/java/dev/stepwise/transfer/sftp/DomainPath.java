package dev.stepwise.transfer.sftp;

import java.util.ArrayList;
import java.util.List;

/**
 * A path in a server's storage domain: on S3 the bucket and the key's segments ("/bucket/a/b"), on
 * EFS the file system id and the path's segments ("/fs-12345678/a/b"); no segments is the domain's
 * root (every bucket, every file system).
 */
record DomainPath(List<String> segments) {

    DomainPath {
        segments = List.copyOf(segments);
    }

    DomainPath resolve(List<String> names) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(names);
        return new DomainPath(all);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The bucket or file system id. */
    String first() {
        return segments.getFirst();
    }

    /** The key or path below the bucket or file system, joined with "/" ("" for the bucket itself). */
    String rest() {
        return String.join("/", segments.subList(1, segments.size()));
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
