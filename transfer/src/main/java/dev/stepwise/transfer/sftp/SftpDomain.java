package dev.stepwise.transfer.sftp;

import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.RemoteObjectStorage;
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
import java.nio.file.attribute.FileTime;
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
sealed interface SftpDomain permits SftpDomain.S3, SftpDomain.RemoteS3, SftpDomain.Efs {

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

    /** A PATH home's folder, made at the first login (AWS shows an empty home, not an error). */
    default void createHome(DomainPath home) throws IOException {
        Files.createDirectories(local(home));
    }

    /**
     * The domain of a server: EFS, or S3 in {@code remote} when an S3-compatible service is configured
     * (null: the embedded {@code store}).
     */
    static SftpDomain of(String domain, ObjectStore store, RemoteObjectStorage remote, EfsFileSystems efs) {
        if ("EFS".equals(domain)) {
            return new Efs(efs);
        }
        return remote == null ? new S3(store) : new RemoteS3(remote, store.root().resolve(".stepwise").resolve("tmp"));
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
        static String keyOf(DomainPath path) throws AccessDeniedException {
            if (path.segments().size() < 2) {
                throw new AccessDeniedException(path.toString(), null, "Buckets cannot be changed over SFTP");
            }
            return path.rest();
        }
    }

    /**
     * Objects in buckets of an S3-compatible service: there is no local file, so reads, listings and
     * attributes go through the storage too ({@link HomeFileSystemProvider} asks this domain for them).
     * A folder is a key prefix: a folder marker ("key/") or any object below it. A file being read or
     * written is a temporary file in {@code scratch}: a read is the object as it was when opened, a
     * write is stored whole (PutObject) when closed, as the embedded store's are.
     */
    record RemoteS3(RemoteObjectStorage storage, Path scratch) implements SftpDomain {
        private static final int PAGE = 1000;

        @Override
        public Path local(DomainPath path) {
            throw new UnsupportedOperationException("objects of a remote S3 have no local file: " + path);
        }

        @Override
        public SortedSet<String> rootNames() throws IOException {
            SortedSet<String> names = new TreeSet<>();
            for (String bucket : storage.buckets()) {
                if (ObjectStore.isBucketName(bucket)) {
                    names.add(bucket);
                }
            }
            return names;
        }

        /** What is at the path: an object, or a folder (a bucket, a folder marker, a prefix of objects). */
        StoredAttributes attributes(DomainPath path) throws IOException {
            return stat(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
        }

        private java.util.Optional<StoredAttributes> stat(DomainPath path) throws IOException {
            if (path.segments().size() < 2) {
                return java.util.Optional.of(StoredAttributes.folder(null));
            }
            String key = path.rest();
            var object = storage.head(path.first(), key, null);
            if (object.isPresent()) {
                return java.util.Optional.of(StoredAttributes.object(object.get().size(),
                        FileTime.from(object.get().lastModified())));
            }
            try {
                var below = storage.list(path.first(), key + "/", null, 1).objects();
                return below.isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(StoredAttributes.folder(below.getFirst().key().equals(key + "/")
                                ? FileTime.from(below.getFirst().lastModified()) : null));
            } catch (StorageException e) {
                if (e.type() == StorageException.Type.NOT_FOUND) {
                    return java.util.Optional.empty(); // no such bucket
                }
                throw e;
            }
        }

        /**
         * The names in a folder: objects directly in it and the folders below it. ListObjectsV2 is asked
         * without a delimiter ({@link dev.stepwise.transfer.storage.ObjectStorage#list} has none), so a
         * folder's listing pages through every key below it.
         */
        SortedSet<String> children(DomainPath dir) throws IOException {
            StoredAttributes attributes = attributes(dir);
            if (!attributes.isDirectory()) {
                throw new java.nio.file.NotDirectoryException(dir.toString());
            }
            String prefix = dir.segments().size() < 2 ? "" : dir.rest() + "/";
            SortedSet<String> names = new TreeSet<>();
            String after = null;
            try {
                while (true) {
                    var page = storage.list(dir.first(), prefix, after, PAGE);
                    for (var object : page.objects()) {
                        String below = object.key().substring(prefix.length());
                        int slash = below.indexOf('/');
                        String name = slash < 0 ? below : below.substring(0, slash);
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                    if (!page.truncated()) {
                        return names;
                    }
                    after = page.nextStartAfter();
                }
            } catch (StorageException e) {
                if (e.type() == StorageException.Type.NOT_FOUND) {
                    throw new NoSuchFileException(dir.toString());
                }
                throw e;
            }
        }

        /** The object's content as it is now, in a temporary file removed when the channel closes. */
        FileChannel openRead(DomainPath path) throws IOException {
            if (attributes(path).isDirectory()) {
                throw new FileSystemException(path.toString(), null, "Is a directory");
            }
            Path staged = Files.createTempFile(scratch, "read-", ".part");
            try (java.io.InputStream in = storage.open(path.first(), path.rest(), null, null)) {
                Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
                return FileChannel.open(staged, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (StorageException e) {
                Files.deleteIfExists(staged);
                throw new NoSuchFileException(path.toString());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
        }

        @Override
        public UploadChannel openUpload(DomainPath path, Path local, Set<? extends OpenOption> options,
                                        UploadSession session) throws IOException {
            String key = S3.keyOf(path);
            var existing = stat(path);
            if (existing.isPresent() && existing.get().isDirectory()) {
                throw new FileSystemException(path.toString(), null, "Is a directory");
            }
            if (existing.isPresent() && options.contains(StandardOpenOption.CREATE_NEW)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            if (existing.isEmpty() && !options.contains(StandardOpenOption.CREATE)
                    && !options.contains(StandardOpenOption.CREATE_NEW)) {
                throw new NoSuchFileException(path.toString());
            }
            Path staged = Files.createTempFile(scratch, "write-", ".part");
            try {
                if (existing.isPresent() && !options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                    // a resumed or appended upload starts from the object's content
                    try (java.io.InputStream in = storage.open(path.first(), key, null, null)) {
                        Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                FileChannel channel = FileChannel.open(staged, StandardOpenOption.READ, StandardOpenOption.WRITE);
                return new UploadChannel(channel, () -> {
                    try (java.io.InputStream in = Files.newInputStream(staged)) {
                        return storage.put(path.first(), key, in, Map.of()).location();
                    } finally {
                        Files.deleteIfExists(staged);
                    }
                }, () -> deleteQuietly(staged), session);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(staged);
                throw e;
            }
        }

        @Override
        public void createDirectory(DomainPath path, Path local) throws IOException {
            String key = S3.keyOf(path);
            if (stat(path).isPresent()) {
                throw new FileAlreadyExistsException(path.toString());
            }
            try {
                storage.put(path.first(), key + "/", java.io.InputStream.nullInputStream(), Map.of());
            } catch (StorageException e) {
                throw new AccessDeniedException(path.toString(), null, e.getMessage());
            }
        }

        @Override
        public void createHome(DomainPath home) throws IOException {
            if (home.segments().size() >= 2 && stat(home).isEmpty()) {
                storage.put(home.first(), home.rest() + "/", java.io.InputStream.nullInputStream(), Map.of());
            }
        }

        @Override
        public void delete(DomainPath path, Path local) throws IOException {
            String key = S3.keyOf(path);
            StoredAttributes attributes = attributes(path);
            if (attributes.isDirectory()) {
                if (!children(path).isEmpty()) {
                    throw new DirectoryNotEmptyException(path.toString());
                }
                storage.delete(path.first(), key + "/");
            } else {
                storage.delete(path.first(), key);
            }
        }

        @Override
        public void move(DomainPath from, Path fromLocal, DomainPath to, Path toLocal, Set<CopyOption> options)
                throws IOException {
            String fromKey = S3.keyOf(from);
            String toKey = S3.keyOf(to);
            if (attributes(from).isDirectory()) {
                throw new AccessDeniedException(from.toString(), to.toString(),
                        "Folders of an S3 bucket cannot be renamed");
            }
            try {
                storage.copy(from.first(), fromKey, null, null, to.first(), toKey,
                        options.contains(StandardCopyOption.REPLACE_EXISTING));
            } catch (StorageException e) {
                if (e.type() == StorageException.Type.ALREADY_EXISTS) {
                    throw new FileAlreadyExistsException(to.toString());
                }
                throw e;
            }
            storage.delete(from.first(), fromKey);
        }

        @Override
        public boolean appliesAttributes() {
            return false;
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stale temporary is removed at the next start
            }
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
