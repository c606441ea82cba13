package dev.stepwise.transfer.sftp;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads of one SSH session of one user: tells the server's {@link UploadListener} of each file
 * written, and counts the files open for writing on the server so that closing it can wait until
 * the uploads it cut off are stored and reported.
 */
final class UploadSession {
    private static final Logger log = LoggerFactory.getLogger(UploadSession.class);

    private final String serverId;
    private final String userName;
    private final String sessionId;
    private final UploadListener listener;
    private final OpenUploads openUploads;

    UploadSession(String serverId, String userName, String sessionId, UploadListener listener, OpenUploads openUploads) {
        this.serverId = serverId;
        this.userName = userName;
        this.sessionId = sessionId;
        this.listener = listener;
        this.openUploads = openUploads;
    }

    String sessionId() {
        return sessionId;
    }

    void opened() {
        openUploads.opened();
    }

    /** Reports a stored upload; a listener's failure is logged, never passed to the client. */
    void stored(FileLocation location, boolean partial) {
        Upload upload = new Upload(serverId, userName, sessionId, location);
        try {
            if (partial) {
                log.info("Transfer server {}: partial upload by {} (session {}) stored at {}", serverId, userName,
                        sessionId, location);
                listener.partial(upload);
            } else {
                listener.completed(upload);
            }
        } catch (RuntimeException e) {
            log.warn("Transfer server {}: the upload listener failed for {}", serverId, upload, e);
        }
    }

    void closed() {
        openUploads.closed();
    }

    /** The files open for writing on one server, for {@link #awaitNone}. */
    static final class OpenUploads {
        private final AtomicInteger open = new AtomicInteger();

        void opened() {
            open.incrementAndGet();
        }

        synchronized void closed() {
            open.decrementAndGet();
            notifyAll();
        }

        /** Waits until no file is open for writing, or the time is up; whether none is. */
        synchronized boolean awaitNone(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (open.get() > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }
}
