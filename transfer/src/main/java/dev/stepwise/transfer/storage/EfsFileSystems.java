package dev.stepwise.transfer.storage;

import dev.stepwise.transfer.sftp.FileLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The EFS storage domain: each file system id the configuration names is a local folder, and an EFS
 * location is that id and an absolute path in it ("/dir/file", as EfsFileLocation.Path has it). A
 * path never leaves its file system: ".." segments are refused, and a path that a symbolic link
 * carries outside the folder is refused (PERMISSION_DENIED).
 *
 * <p>POSIX profiles (Uid, Gid, SecondaryGids) are not applied: files are written as the server's own
 * user. Applying them would mean setting the owner of each file written and checking the mode bits
 * against the profile on every access, which needs the server to run as root.
 */
public final class EfsFileSystems {
    private final Map<String, Path> folders;

    public EfsFileSystems(Map<String, Path> folders) {
        Map<String, Path> absolute = new TreeMap<>();
        folders.forEach((id, folder) -> absolute.put(id, folder.toAbsolutePath().normalize()));
        this.folders = Map.copyOf(absolute);
    }

    public Set<String> ids() {
        return new java.util.TreeSet<>(folders.keySet());
    }

    /** The folder of a file system; NOT_FOUND when none is configured for the id. */
    public Path folder(String fileSystemId) throws StorageException {
        Path folder = folders.get(fileSystemId);
        if (folder == null) {
            throw new StorageException(StorageException.Type.NOT_FOUND, "The file system " + fileSystemId
                    + " does not exist (no folder is configured for it: --efs-file-system " + fileSystemId + "=FOLDER)");
        }
        return folder;
    }

    /** The local file of an EFS location, checked to stay inside its file system. */
    public Path resolve(FileLocation.Efs location) throws IOException {
        Path folder = folder(location.fileSystemId());
        String path = location.path();
        if (path == null || !path.startsWith("/")) {
            throw new StorageException(StorageException.Type.BAD_REQUEST, "An EFS path is absolute: " + path);
        }
        Path local = folder;
        for (String segment : path.substring(1).split("/")) {
            if (segment.equals("..")) {
                throw new StorageException(StorageException.Type.PERMISSION_DENIED,
                        "The path " + path + " leaves its file system");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                local = local.resolve(segment);
            }
        }
        checkInside(folder, local, path);
        return local;
    }

    /** Refuses a path that symbolic links carry outside the folder (the nearest existing ancestor is checked). */
    public static void checkInside(Path folder, Path local, String shown) throws IOException {
        Path existing = local;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.exists(folder)) {
            return;
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(folder.toRealPath())) {
            throw new StorageException(StorageException.Type.PERMISSION_DENIED,
                    "The path " + shown + " leads outside its file system");
        }
    }

    public InputStream read(FileLocation.Efs location) throws IOException {
        try {
            return Files.newInputStream(resolve(location));
        } catch (NoSuchFileException e) {
            throw new StorageException(StorageException.Type.NOT_FOUND,
                    "No such file: " + location.fileSystemId() + location.path());
        }
    }

    /**
     * Writes a file whole (through a temporary file beside it, renamed into place); with
     * {@code overwrite} false, refuses (ALREADY_EXISTS) when the file exists.
     */
    public FileLocation.Efs write(FileLocation.Efs location, InputStream content, boolean overwrite) throws IOException {
        Path target = resolve(location);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            if (overwrite) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // a link fails when the name exists, so the check and the write are one step
                    Files.createLink(target, temporary);
                } catch (FileAlreadyExistsException e) {
                    throw new StorageException(StorageException.Type.ALREADY_EXISTS, "A file already exists at "
                            + location.fileSystemId() + location.path() + " and overwriting it was not asked for");
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return location;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Deletes a file; NOT_FOUND when there is none. */
    public void delete(FileLocation.Efs location) throws IOException {
        if (!Files.deleteIfExists(resolve(location))) {
            throw new StorageException(StorageException.Type.NOT_FOUND,
                    "No such file: " + location.fileSystemId() + location.path());
        }
    }

    public boolean exists(FileLocation.Efs location) throws IOException {
        return Files.isRegularFile(resolve(location));
    }
}
