package dev.stepwise.transfer.sftp;

/**
 * Told of each file written over SFTP: {@link #completed} when the client closed it after writing,
 * {@link #partial} when the session ended (the client dropped, the server stopped) while the file
 * was still open for writing. Called after the file's content is stored; must not block the
 * session for long (the workflow starts elsewhere).
 */
public interface UploadListener {

    void completed(Upload upload);

    void partial(Upload upload);

    /** Ignores every upload. */
    UploadListener NONE = new UploadListener() {
        @Override
        public void completed(Upload upload) {}

        @Override
        public void partial(Upload upload) {}
    };
}
