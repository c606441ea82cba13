package dev.stepwise.transfer.sftp;

import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.file.util.BaseFileSystem;

/**
 * One SFTP session's file system: the user's {@link HomeView} over the server's {@link SftpDomain}.
 * Its paths are the paths the user sees ("/", "/reports/q1.csv"); {@link HomeFileSystemProvider}
 * resolves each to its place in the domain on every operation, so nothing outside the view is ever
 * reachable, whatever the path says.
 */
final class HomeFileSystem extends BaseFileSystem<HomePath> {
    private final HomeView view;
    private final SftpDomain domain;
    private final UploadSession uploads;
    private volatile boolean open = true;

    HomeFileSystem(HomeFileSystemProvider provider, HomeView view, SftpDomain domain, UploadSession uploads) {
        super(provider);
        this.view = view;
        this.domain = domain;
        this.uploads = uploads;
    }

    HomeView view() {
        return view;
    }

    SftpDomain domain() {
        return domain;
    }

    UploadSession uploads() {
        return uploads;
    }

    @Override
    protected HomePath create(String root, List<String> names) {
        return new HomePath(this, root, names);
    }

    /** Closing the file system (the session's end) leaves open files to the SFTP subsystem, which closes them. */
    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "posix");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }
}
