package dev.stepwise.transfer.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file open for writing over SFTP. Its content goes to {@code channel}; closing it stores the
 * content ({@code store}: on S3 the staged file becomes the object, on EFS the file is already in
 * place) and reports the upload, completed when the client closed it, partial when its session
 * ended first ({@link #sessionEnded}).
 */
final class UploadChannel implements SeekableByteChannel {

    /** Stores what was written; the location it is at. */
    @FunctionalInterface
    interface Store {
        FileLocation store() throws IOException;
    }

    /** Undoes the staging when storing is not possible. */
    @FunctionalInterface
    interface Discard {
        void discard();
    }

    private final FileChannel channel;
    private final Store store;
    private final Discard discard;
    private final UploadSession session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean sessionEnded;

    UploadChannel(FileChannel channel, Store store, Discard discard, UploadSession session) {
        this.channel = channel;
        this.store = store;
        this.discard = discard;
        this.session = session;
        session.opened();
    }

    /** The session ended with this file open: closing it is a partial upload. */
    void sessionEnded() {
        sessionEnded = true;
    }

    void force() throws IOException {
        channel.force(true);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        channel.truncate(size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Stores and reports the upload once. A session that ends interrupts its SFTP thread, at any
     * moment, also while that thread closes the open files, and file channels give up on an
     * interrupted thread: so the storing runs on a thread of its own, and this one waits for it
     * without giving up on an interrupt (the interrupt is kept for the caller).
     */
    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            FutureTask<Void> storing = new FutureTask<>(() -> {
                storeAndReport();
                return null;
            });
            Thread.ofVirtual().name("sftp-upload-" + session.sessionId()).start(storing);
            awaitUninterruptibly(storing);
        } finally {
            session.closed();
        }
    }

    private void storeAndReport() throws IOException {
        try {
            channel.force(true);
        } catch (ClosedChannelException e) {
            // closed by an interrupt in the middle of a write: what reached the file is stored
        } finally {
            channel.close();
        }
        FileLocation location;
        try {
            location = store.store();
        } catch (IOException | RuntimeException e) {
            discard.discard();
            throw e;
        }
        session.stored(location, sessionEnded);
    }

    private static void awaitUninterruptibly(FutureTask<Void> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
