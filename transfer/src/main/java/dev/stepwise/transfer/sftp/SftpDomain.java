package dev.stepwise.transfer.sftp;

import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A server's storage domain as its SFTP sessions use it: where a {@link DomainPath} is on the local
 * disk, and the operations that must go through the domain rather than straight to the disk (on S3:
 * writes through the object store, so every file written has its ETag and version; folders as
 * folder markers; renames as copy and delete).
 */
sealed interface SftpDomain {

    /** The local file or folder of a path below the domain's root; NoSuchFileException when its bucket or file system is not one. */
    Path local(DomainPath path) throws IOException;

    /** The names at the domain's root: buckets, or file system ids. */
    SortedSet<String> rootNames() throws IOException;

    /** A file open for writing, stored when closed. */
    UploadChannel openUpload(DomainPath path, Path local, Set<? extends OpenOption> options, UploadSession session)
            throws IOException;

    void createDirectory(DomainPath path, Path local) throws IOException;

    void delete(DomainPath path, Path local) throws IOException;

    void move(DomainPath from, Path fromLocal, DomainPath to, Path toLocal, Set<CopyOption> options) throws IOException;

    /** Whether attribute changes (SETSTAT) are applied to the local file; on S3 they are accepted and ignored. */
    boolean appliesAttributes();

    static SftpDomain of(String domain, ObjectStore store, EfsFileSystems efs) {
        return "EFS".equals(domain) ? new Efs(efs) : new S3(store);
    }

    /** Throws NoSuchFileException when the file named by the options must exist and does not, or must not and does. */
    private static void checkDisposition(Path local, Set<? extends OpenOption> options, String shown) throws IOException {
        boolean exists = Files.exists(local, LinkOption.NOFOLLOW_LINKS);
        if (exists && Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(shown, null, "Is a directory");
        }
        if (exists && options.contains(StandardOpenOption.CREATE_NEW)) {
            throw new FileAlreadyExistsException(shown);
        }
        if (!exists && !options.contains(StandardOpenOption.CREATE) && !options.contains(StandardOpenOption.CREATE_NEW)) {
            throw new NoSuchFileException(shown);
        }
    }

    /** Objects in buckets of the embedded object store. */
    record S3(ObjectStore store) implements SftpDomain {

        @Override
        public Path local(DomainPath path) throws IOException {
            if (path.isRoot()) {
                return store.root();
            }
            if (!ObjectStore.isBucketName(path.first())) {
                throw new NoSuchFileException(path.toString());
            }
            Path local = store.root().resolve(path.first());
            for (String segment : path.segments().subList(1, path.segments().size())) {
                local = local.resolve(segment);
            }
            return local;
        }

        @Override
        public SortedSet<String> rootNames() throws IOException {
            SortedSet<String> names = new TreeSet<>();
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(store.root())) {
                for (Path folder : folders) {
                    String name = folder.getFileName().toString();
                    if (ObjectStore.isBucketName(name) && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                        names.add(name);
                    }
                }
            }
            return names;
        }

        @Override
        public UploadChannel openUpload(DomainPath path, Path local, Set<? extends OpenOption> options,
                                        UploadSession session) throws IOException {
            String key = keyOf(path);
            checkDisposition(local, options, path.toString());
            ObjectStore.Staged staged = store.stage();
            try {
                if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)
                        && !options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                    // a resumed or appended upload starts from the object's content
                    Files.copy(local, staged.file(), StandardCopyOption.REPLACE_EXISTING);
                }
                FileChannel channel = FileChannel.open(staged.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                return new UploadChannel(channel,
                        () -> store.commit(staged, path.first(), key, Map.of()).location(),
                        () -> store.discard(staged), session);
            } catch (IOException | RuntimeException e) {
                store.discard(staged);
                throw e;
            }
        }

        @Override
        public void createDirectory(DomainPath path, Path local) throws IOException {
            if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            try {
                store.createFolder(path.first(), keyOf(path) + "/");
            } catch (StorageException e) {
                throw new AccessDeniedException(path.toString(), null, e.getMessage());
            }
        }

        @Override
        public void delete(DomainPath path, Path local) throws IOException {
            String key = keyOf(path);
            if (Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(local)) {
                    if (entries.iterator().hasNext()) {
                        throw new DirectoryNotEmptyException(path.toString());
                    }
                }
                store.delete(path.first(), key + "/");
                Files.deleteIfExists(local);
            } else if (store.head(path.first(), key).isPresent()) {
                store.delete(path.first(), key);
            } else {
                throw new NoSuchFileException(path.toString());
            }
        }

        @Override
        public void move(DomainPath from, Path fromLocal, DomainPath to, Path toLocal, Set<CopyOption> options)
                throws IOException {
            if (Files.isDirectory(fromLocal, LinkOption.NOFOLLOW_LINKS)) {
                throw new AccessDeniedException(from.toString(), to.toString(),
                        "Folders of an S3 bucket cannot be renamed");
            }
            String fromKey = keyOf(from);
            String toKey = keyOf(to);
            if (store.head(from.first(), fromKey).isEmpty()) {
                throw new NoSuchFileException(from.toString());
            }
            boolean replace = options.contains(StandardCopyOption.REPLACE_EXISTING);
            try {
                store.copy(from.first(), fromKey, null, null, to.first(), toKey, replace);
            } catch (StorageException e) {
                if (e.type() == StorageException.Type.ALREADY_EXISTS) {
                    throw new FileAlreadyExistsException(to.toString());
                }
                throw e;
            }
            store.delete(from.first(), fromKey);
        }

        @Override
        public boolean appliesAttributes() {
            return false;
        }

        /** The key of a path inside a bucket; a bucket itself holds no content. */
        private static String keyOf(DomainPath path) throws AccessDeniedException {
            if (path.segments().size() < 2) {
                throw new AccessDeniedException(path.toString(), null, "Buckets cannot be changed over SFTP");
            }
            return path.rest();
        }
    }

    /** Files of EFS file systems, each a configured local folder. */
    record Efs(EfsFileSystems fileSystems) implements SftpDomain {

        @Override
        public Path local(DomainPath path) throws IOException {
            if (path.isRoot()) {
                throw new NoSuchFileException("/");
            }
            Path local;
            try {
                local = fileSystems.folder(path.first());
            } catch (StorageException e) {
                throw new NoSuchFileException(path.toString());
            }
            for (String segment : path.segments().subList(1, path.segments().size())) {
                local = local.resolve(segment);
            }
            return local;
        }

        @Override
        public SortedSet<String> rootNames() {
            return new TreeSet<>(fileSystems.ids());
        }

        @Override
        public UploadChannel openUpload(DomainPath path, Path local, Set<? extends OpenOption> options,
                                        UploadSession session) throws IOException {
            if (path.segments().size() < 2) {
                throw new AccessDeniedException(path.toString(), null, "A file system's root holds no content");
            }
            checkDisposition(local, options, path.toString());
            Set<OpenOption> open = new java.util.HashSet<>(options);
            open.add(StandardOpenOption.WRITE);
            open.add(StandardOpenOption.READ);
            open.remove(StandardOpenOption.APPEND);
            FileChannel channel = FileChannel.open(local, open);
            FileLocation location = new FileLocation.Efs(path.first(), "/" + path.rest());
            return new UploadChannel(channel, () -> location, () -> {}, session);
        }

        @Override
        public void createDirectory(DomainPath path, Path local) throws IOException {
            Files.createDirectory(local);
        }

        @Override
        public void delete(DomainPath path, Path local) throws IOException {
            Files.delete(local);
        }

        @Override
        public void move(DomainPath from, Path fromLocal, DomainPath to, Path toLocal, Set<CopyOption> options)
                throws IOException {
            Files.move(fromLocal, toLocal, options.toArray(CopyOption[]::new));
        }

        @Override
        public boolean appliesAttributes() {
            return true;
        }
    }
}
