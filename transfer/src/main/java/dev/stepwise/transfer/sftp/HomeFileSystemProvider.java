package dev.stepwise.transfer.sftp;

import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The operations on {@link HomeFileSystem} paths. Each resolves the path through the session's
 * {@link HomeView} to a virtual folder or a place in the domain, then checks that the place's real
 * path (symbolic links followed) is still inside its mapping's target before touching it: a path
 * the user may not see fails as if it did not exist (NoSuchFileException) or is refused
 * (AccessDeniedException), never reaches the disk. Writes go through the {@link SftpDomain}; on a
 * remote S3 ({@link SftpDomain.RemoteS3}), which has no local files, reads, listings and attributes
 * do too.
 */
final class HomeFileSystemProvider extends FileSystemProvider {

    /** A path resolved: its view node, and for a place in the domain, its local file. */
    private record Resolved(HomeFileSystem fs, HomePath path, HomeView.Node node, DomainPath domainPath, Path local) {

        boolean isVirtual() {
            return node instanceof HomeView.Node.Virtual;
        }

        Set<String> children() {
            return ((HomeView.Node.Virtual) node).children();
        }

        /** The remote S3 domain a stored path is in; null for a virtual folder or a local domain. */
        SftpDomain.RemoteS3 remote() {
            return !isVirtual() && fs.domain() instanceof SftpDomain.RemoteS3 remote ? remote : null;
        }
    }

    private Resolved resolve(Path path) throws IOException {
        if (!(path instanceof HomePath home)) {
            throw new ProviderMismatchException();
        }
        HomeFileSystem fs = home.getFileSystem();
        HomeView.Node node = fs.view().resolve(home.viewNames());
        return switch (node) {
            case HomeView.Node.Missing missing -> throw new NoSuchFileException(home.toString());
            case HomeView.Node.Virtual virtual -> new Resolved(fs, home, virtual, null, null);
            case HomeView.Node.Stored stored when stored.path().isRoot() ->
                    new Resolved(fs, home, new HomeView.Node.Virtual(fs.domain().rootNames()), null, null);
            case HomeView.Node.Stored stored when fs.domain() instanceof SftpDomain.RemoteS3 ->
                    // no links in a bucket: the path is where it says, inside its mapping
                    new Resolved(fs, home, stored, stored.path(), null);
            case HomeView.Node.Stored stored -> {
                Path local = fs.domain().local(stored.path());
                DomainPath confine = stored.confine().isRoot()
                        ? new DomainPath(List.of(stored.path().first())) : stored.confine();
                try {
                    EfsFileSystems.checkInside(fs.domain().local(confine), local, home.toString());
                } catch (StorageException e) {
                    throw new AccessDeniedException(home.toString(), null, "Permission denied");
                }
                yield new Resolved(fs, home, stored, stored.path(), local);
            }
        };
    }

    private static boolean writes(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    }

    // ---------------------------------------------------------------- content

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        if (writes(options)) {
            return r.fs().domain().openUpload(r.domainPath(), r.local(), options, r.fs().uploads());
        }
        if (r.remote() != null) {
            return r.remote().openRead(r.domainPath());
        }
        if (Files.isDirectory(r.local())) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        return Files.newByteChannel(r.local(), StandardOpenOption.READ);
    }

    /** Reads only: writes need the domain's channel ({@link #newByteChannel}). */
    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (writes(options)) {
            throw new UnsupportedOperationException("files are written through the storage domain");
        }
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        if (r.remote() != null) {
            return r.remote().openRead(r.domainPath());
        }
        return FileChannel.open(r.local(), StandardOpenOption.READ);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        Resolved r = resolve(dir);
        List<Path> entries = new ArrayList<>();
        if (r.isVirtual()) {
            for (String name : r.children()) {
                entries.add(dir.resolve(name));
            }
        } else if (r.remote() != null) {
            for (String name : r.remote().children(r.domainPath())) {
                entries.add(dir.resolve(name));
            }
        } else {
            try (DirectoryStream<Path> local = Files.newDirectoryStream(r.local())) {
                for (Path entry : local) {
                    entries.add(dir.resolve(entry.getFileName().toString()));
                }
            }
        }
        List<Path> accepted = new ArrayList<>();
        for (Path entry : entries) {
            if (filter == null || filter.accept(entry)) {
                accepted.add(entry);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return accepted.iterator();
            }

            @Override
            public void close() {}
        };
    }

    // ---------------------------------------------------------------- changes

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Resolved r;
        try {
            r = resolve(dir);
        } catch (NoSuchFileException e) {
            throw new AccessDeniedException(dir.toString(), null, "Folders can only be made inside a mapped folder");
        }
        if (r.isVirtual()) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        r.fs().domain().createDirectory(r.domainPath(), r.local());
    }

    @Override
    public void delete(Path path) throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            throw new AccessDeniedException(path.toString(), null, "Permission denied");
        }
        r.fs().domain().delete(r.domainPath(), r.local());
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Resolved from = resolve(source);
        Resolved to;
        try {
            to = resolve(target);
        } catch (NoSuchFileException e) {
            throw new AccessDeniedException(target.toString(), null, "Files can only be placed inside a mapped folder");
        }
        if (from.isVirtual() || to.isVirtual()) {
            throw new AccessDeniedException(source.toString(), target.toString(), "Permission denied");
        }
        from.fs().domain().move(from.domainPath(), from.local(), to.domainPath(), to.local(), Set.of(options));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new UnsupportedOperationException("copying on the server is not supported");
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("links are not supported");
    }

    @Override
    public void createLink(Path link, Path existing) {
        throw new UnsupportedOperationException("links are not supported");
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        throw new NotLinkException(link.toString());
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            for (AccessMode mode : modes) {
                if (mode == AccessMode.WRITE) {
                    throw new AccessDeniedException(path.toString());
                }
            }
            return;
        }
        if (r.remote() != null) {
            r.remote().attributes(r.domainPath()); // there, or NoSuchFileException; the user may read and write it
            return;
        }
        if (!Files.exists(r.local())) {
            throw new NoSuchFileException(path.toString());
        }
        r.local().getFileSystem().provider().checkAccess(r.local(), modes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual() || r.remote() != null) {
            if (type.isAssignableFrom(StoredAttributes.class)) {
                return (A) (r.isVirtual() ? StoredAttributes.VIRTUAL : r.remote().attributes(r.domainPath()));
            }
            throw new UnsupportedOperationException(type.getSimpleName());
        }
        return Files.readAttributes(r.local(), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            return StoredAttributes.VIRTUAL.select(attributes);
        }
        if (r.remote() != null) {
            return r.remote().attributes(r.domainPath()).select(attributes);
        }
        return Files.readAttributes(r.local(), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Resolved r = resolve(path);
        if (r.isVirtual()) {
            throw new AccessDeniedException(path.toString());
        }
        if (r.fs().domain().appliesAttributes()) {
            Files.setAttribute(r.local(), attribute, value, options);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class
                && type != FileOwnerAttributeView.class) {
            return null;
        }
        return (V) new HomeAttributeView(path, options);
    }

    /** Attribute changes of a home path: applied on EFS, accepted and ignored on S3, refused on virtual folders. */
    private final class HomeAttributeView implements PosixFileAttributeView {
        private final Path path;
        private final LinkOption[] options;

        HomeAttributeView(Path path, LinkOption[] options) {
            this.path = path;
            this.options = options;
        }

        @Override
        public String name() {
            return "posix";
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return HomeFileSystemProvider.this.readAttributes(path, PosixFileAttributes.class, options);
        }

        private PosixFileAttributeView local() throws IOException {
            Resolved r = resolve(path);
            if (r.isVirtual()) {
                throw new AccessDeniedException(path.toString());
            }
            return r.fs().domain().appliesAttributes()
                    ? Files.getFileAttributeView(r.local(), PosixFileAttributeView.class, options) : null;
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
            PosixFileAttributeView local = local();
            if (local != null) {
                local.setTimes(lastModifiedTime, lastAccessTime, createTime);
            }
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
            PosixFileAttributeView local = local();
            if (local != null) {
                local.setPermissions(perms);
            }
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            PosixFileAttributeView local = local();
            if (local != null) {
                local.setGroup(group);
            }
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return readAttributes().owner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            PosixFileAttributeView local = local();
            if (local != null) {
                local.setOwner(owner);
            }
        }
    }

    // ---------------------------------------------------------------- the rest of the provider

    @Override
    public String getScheme() {
        return "transfer-home";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("home file systems are made per session");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("home file systems are made per session");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("home file systems are made per session");
    }

    @Override
    public java.nio.channels.AsynchronousFileChannel newAsynchronousFileChannel(
            Path path, Set<? extends OpenOption> options, ExecutorService executor, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("asynchronous channels are not supported");
    }

    @Override
    public boolean isSameFile(Path path, Path path2) {
        return path.toAbsolutePath().normalize().equals(path2.toAbsolutePath().normalize());
    }

    @Override
    public boolean isHidden(Path path) {
        return false;
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("file stores are not shown");
    }
}
