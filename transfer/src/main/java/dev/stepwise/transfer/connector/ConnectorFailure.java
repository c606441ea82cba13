package dev.stepwise.transfer.connector;

/**
 * Why a connector's work on a file failed, as ListFileTransferResults shows it: a FailureCode and a
 * FailureMessage (TestConnection shows the message as its StatusMessage). AWS documents one pair
 * only (RETRIEVE_FILE_NOT_FOUND, "SFTP error (SSH_FX_NO_SUCH_FILE)"); the other codes are this
 * face's, named in the same style (see {@link Code}).
 */
public final class ConnectorFailure extends Exception {

    /** The FailureCode values this face reports. */
    public enum Code {
        /** A remote file to retrieve does not exist (AWS's documented code). */
        RETRIEVE_FILE_NOT_FOUND,
        /** A local file to send does not exist in the object store. */
        SEND_FILE_NOT_FOUND,
        /** Another SFTP status on a remote file or directory ("SFTP error (SSH_FX_PERMISSION_DENIED)"). */
        SFTP_ERROR,
        /** The local side refused to store or read a file (a bad bucket, a key that cannot be stored). */
        LOCAL_STORAGE_ERROR,
        /** The connector's secret cannot be read or is not a user's credentials. */
        SECRET_ERROR,
        /** The remote server cannot be reached, or the connection broke off. */
        CONNECTION_ERROR,
        /** The remote server's host key is not one of the connector's TrustedHostKeys. */
        HOST_KEY_ERROR,
        /** The remote server refused the secret's credentials. */
        AUTHENTICATION_ERROR,
        /** The connector was deleted before the file's turn came. */
        CONNECTOR_NOT_FOUND,
        /** The transfer's execution ended before the file's result was recorded (it should not happen). */
        TRANSFER_ABORTED
    }

    private final Code code;

    public ConnectorFailure(Code code, String message) {
        super(message);
        this.code = code;
    }

    public ConnectorFailure(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
