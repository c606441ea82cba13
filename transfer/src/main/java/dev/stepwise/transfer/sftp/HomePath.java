package dev.stepwise.transfer.sftp;

import java.io.File;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/** A path of a {@link HomeFileSystem}: what the user sees, "/"-separated, never a local path. */
final class HomePath extends BasePath<HomePath, HomeFileSystem> {

    HomePath(HomeFileSystem fileSystem, String root, List<String> names) {
        super(fileSystem, root, names);
    }

    /** The absolute, normalized path, once it is known to exist ("..": lexically, never above "/"). */
    @Override
    public HomePath toRealPath(LinkOption... options) throws IOException {
        HomePath real = toAbsolutePath().normalize();
        real.getFileSystem().provider().checkAccess(real);
        return real;
    }

    /** The names of the absolute normalized path, ".." at the root staying at the root. */
    List<String> viewNames() {
        HomePath absolute = toAbsolutePath().normalize();
        return absolute.names.stream().filter(n -> !n.equals("..") && !n.equals(".")).toList();
    }

    @Override
    public File toFile() {
        throw new UnsupportedOperationException("A path of an SFTP home is not a local file");
    }
}
