package dev.stepwise.transfer.sftp;

import java.io.IOException;
import java.util.List;

/**
 * The SFTP listeners of the Transfer servers that are ONLINE: one endpoint per server, on the
 * ports its ProtocolDetails name (a free port when it names none). Contract: {@link #open}
 * returns once the ports accept connections, with the ports bound, in the order asked;
 * {@link #close(String)} returns once they are closed and the server's sessions ended (an upload
 * cut off by that is a partial upload). Opening a server that is open already closes it first.
 */
public interface SftpEndpoints extends AutoCloseable {

    /** Opens the server's ports; IOException when one of them cannot be bound. */
    List<Integer> open(SftpServerSpec spec) throws IOException;

    /**
     * Whether the ports look free to bind right now (a probe, so a retry of a server whose ports
     * another process holds costs no failed open and no log line); {@link #open} still decides.
     */
    default boolean free(List<Integer> ports) {
        return true;
    }

    /** Closes the server's ports and sessions; nothing when it is not open. */
    void close(String serverId);

    /** Closes every endpoint. */
    @Override
    void close();
}
