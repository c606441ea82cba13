package dev.stepwise.transfer.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes SFTP shows of what has no local file: a virtual folder of a home (read-only, empty,
 * dated at the epoch), and an object or folder of a remote S3 bucket (its size and LastModified;
 * read-write for the user, as S3 has no permissions of its own to show).
 */
record StoredAttributes(boolean isDirectory, long size, FileTime lastModifiedTime,
                        Set<PosixFilePermission> permissions) implements PosixFileAttributes {
    private static final UserPrincipal OWNER = () -> "transfer";
    private static final GroupPrincipal GROUP = () -> "transfer";
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    static final StoredAttributes VIRTUAL = new StoredAttributes(true, 0, EPOCH,
            PosixFilePermissions.fromString("r-xr-xr-x"));

    static StoredAttributes object(long size, FileTime modified) {
        return new StoredAttributes(false, size, modified, PosixFilePermissions.fromString("rw-r--r--"));
    }

    static StoredAttributes folder(FileTime modified) {
        return new StoredAttributes(true, 0, modified == null ? EPOCH : modified,
                PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime;
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime;
    }

    @Override
    public boolean isRegularFile() {
        return !isDirectory;
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return false;
    }

    @Override
    public Object fileKey() {
        return null;
    }

    @Override
    public UserPrincipal owner() {
        return OWNER;
    }

    @Override
    public GroupPrincipal group() {
        return GROUP;
    }

    /** The attributes named as Files.readAttributes names them ("basic:*", "posix:size,permissions", "size"). */
    Map<String, Object> select(String attributes) {
        String view = attributes.contains(":") ? attributes.substring(0, attributes.indexOf(':')) : "basic";
        Map<String, Object> all = asMap(view.equals("posix"));
        String names = attributes.substring(attributes.indexOf(':') + 1);
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> chosen = new HashMap<>();
        for (String name : names.split(",")) {
            if (all.containsKey(name)) {
                chosen.put(name, all.get(name));
            }
        }
        return chosen;
    }

    private Map<String, Object> asMap(boolean posix) {
        Map<String, Object> map = new HashMap<>();
        map.put("lastModifiedTime", lastModifiedTime());
        map.put("lastAccessTime", lastAccessTime());
        map.put("creationTime", creationTime());
        map.put("size", size());
        map.put("isRegularFile", isRegularFile());
        map.put("isDirectory", isDirectory());
        map.put("isSymbolicLink", false);
        map.put("isOther", false);
        map.put("fileKey", null);
        if (posix) {
            map.put("owner", owner());
            map.put("group", group());
            map.put("permissions", permissions());
        }
        return map;
    }
}
