package dev.stepwise.transfer.sftp;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Collection;
import java.util.Set;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * How the SFTP subsystem reaches files: always through the session's {@link HomeFileSystem} provider
 * (MINA's defaults take shortcuts to local file channels and secure directory streams, which a home
 * file system has not), with no links, server-side copies or byte-range locks. Attributes an opening
 * client sends are not applied (S3 objects have none; EFS files get the server's defaults).
 */
final class HomeSftpAccessor implements SftpFileSystemAccessor {

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return file.getFileSystem().provider().newByteChannel(file, options);
    }

    @Override
    public void syncFileData(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                             Channel channel) throws IOException {
        if (channel instanceof UploadChannel upload) {
            upload.force();
        } else if (channel instanceof FileChannel local) {
            local.force(true);
        }
    }

    @Override
    public FileLock tryLock(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                            Channel channel, long position, long size, boolean shared) {
        throw new UnsupportedOperationException("byte-range locks are not supported");
    }

    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
                                               String handle, LinkOption... linkOptions) throws IOException {
        return Files.newDirectoryStream(dir);
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) {
        throw new UnsupportedOperationException("links are not supported");
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) {
        throw new UnsupportedOperationException("copying on the server is not supported");
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        Files.delete(path);
    }
}
