package dev.stepwise.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes the embedded store's commits durable outside COMMIT: the writer's connection runs with
 * {@code synchronous=NORMAL} (in WAL mode a COMMIT then appends its frames to the write-ahead log
 * without flushing it) and this flushes the log ({@code fdatasync}) before the commits' callers hear
 * back ({@link GroupCommitWriter.Durability}). What SQLite's {@code synchronous=FULL} does inside
 * each COMMIT, done once for every commit since the last flush, while the writer goes on.
 *
 * <p>Why this is as durable: a commit's frames are written to the log before its COMMIT returns,
 * and a flush started after that persists them, with the log's size; SQLite flushes the log's
 * header itself when it starts the log anew (its checkpoints flush the log and then the database
 * under {@code NORMAL} as under {@code FULL}). Recovery after a power loss keeps every frame up to
 * the last valid commit frame, so every commit a flush covered survives. The log is one file for
 * the store's lifetime (the writer's connection keeps it open); should it be replaced all the same,
 * the new file is the one flushed.
 */
final class WalFlush implements GroupCommitWriter.Durability, AutoCloseable {
    private final Path log;
    private FileChannel channel;
    private Object fileKey;

    WalFlush(Path database) {
        this.log = database.resolveSibling(database.getFileName() + "-wal");
    }

    /** The write-ahead log of the SQLite URL's file, or null when the URL names no plain file. */
    static WalFlush of(String sqliteUrl) {
        String file = sqliteUrl.substring("jdbc:sqlite:".length());
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:") || file.contains("?")) {
            return null;
        }
        return new WalFlush(Path.of(file));
    }

    @Override
    public void flush() throws IOException {
        Object key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
        if (channel == null || key == null || !key.equals(fileKey)) {
            close();
            try {
                channel = FileChannel.open(log, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                throw new IOException("the write-ahead log " + log + " is missing", e);
            }
            fileKey = key;
        }
        channel.force(false);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a flush channel: nothing of it to keep
            }
            channel = null;
        }
    }
}
