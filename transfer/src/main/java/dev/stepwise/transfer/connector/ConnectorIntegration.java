package dev.stepwise.transfer.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.TaskCall;
import dev.stepwise.transfer.connector.ConnectorFailure.Code;
import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does connectors' work ({@code arn:aws:states:::transfer-connector:<action>}), one call at a time:
 * sends or retrieves one file of a transfer ({@code send}, {@code retrieve}: the Task's Arguments
 * are the job and the file's index), lists a remote directory into the object store
 * ({@code list}), deletes or moves a remote file or directory ({@code delete}, {@code move}). Each
 * call reads the connector again (it may have been updated or deleted) and takes an SFTP session
 * ({@link SftpConnections}: the previous file's when it is kept, else a new one) as the connector's
 * account and region.
 *
 * <p>Files are streamed, never held whole: a sent file goes from the object store straight into
 * the remote file (created, or truncated and overwritten); a retrieved file goes into the object
 * store through its staging (it appears whole under its key or not at all, and replaces a file of
 * that name). A failure ends the call with its {@link ConnectorFailure} code as the error and its
 * message as the cause. A call cut off by the host stopping is carried out again after the restart
 * (both writes are idempotent).
 */
public final class ConnectorIntegration implements Integration {
    private static final Logger log = LoggerFactory.getLogger(ConnectorIntegration.class);

    private final FileStorage storage;
    private final SftpConnections connections;
    private final Function<String, Optional<ConnectorTarget>> connectors;

    /** Works on {@code storage}'s files, finding connectors by ARN with {@code connectors}. */
    public ConnectorIntegration(FileStorage storage, SftpConnections connections,
                                Function<String, Optional<ConnectorTarget>> connectors) {
        this.storage = storage;
        this.connections = connections;
        this.connectors = connectors;
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals(ConnectorMachine.SERVICE);
    }

    @Override
    public boolean supports(TaskResource.Pattern pattern) {
        return pattern == TaskResource.Pattern.REQUEST_RESPONSE;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        JsonNode p = call.parameters();
        ConnectorJob job = ConnectorJob.of(p.path(ConnectorMachine.JOB_ARGUMENT));
        Caller caller = new Caller(call.account(), call.region(), null);
        try {
            ConnectorTarget target = connectors.apply(job.connectorArn()).orElseThrow(() -> new ConnectorFailure(
                    Code.CONNECTOR_NOT_FOUND, "The connector " + job.connectorId() + " no longer exists."));
            return switch (job) {
                case ConnectorJob.FileTransfer t -> transfer(caller, target, t, p.path(ConnectorMachine.INDEX_ARGUMENT)
                        .asInt());
                case ConnectorJob.DirectoryListing l -> list(caller, target, l);
                case ConnectorJob.RemoteDelete d -> delete(caller, target, d);
                case ConnectorJob.RemoteMove m -> move(caller, target, m);
            };
        } catch (ConnectorFailure f) {
            // a failure caused by the host stopping is no failure: the call is made again after the restart
            SftpConnections.rethrowIfInterrupted(f);
            log.info("SFTP connector {}: {} {}{} failed: {} {}", job.connectorId(), job.kind(), job.id(),
                    job instanceof ConnectorJob.FileTransfer t ? " file " + t.filePaths().get(
                            p.path(ConnectorMachine.INDEX_ARGUMENT).asInt()) : "", f.code(), f.getMessage());
            throw new IntegrationException(f.code().name(), f.getMessage());
        }
    }

    // ---- file transfers

    private ObjectNode transfer(Caller caller, ConnectorTarget target, ConnectorJob.FileTransfer t, int index)
            throws ConnectorFailure, InterruptedException {
        String path = t.filePaths().get(index);
        if (t.direction() == ConnectorJob.Direction.SEND) {
            send(caller, target, path, t.remoteDirectoryPath());
        } else {
            retrieve(caller, target, path, t.localDirectoryPath());
        }
        log.info("SFTP connector {}: transfer {} file {} {}", t.connectorId(), t.id(), path,
                t.direction() == ConnectorJob.Direction.SEND ? "sent" : "retrieved");
        return Json.object().put(ConnectorMachine.INDEX_ARGUMENT, index)
                .put("StatusCode", FileTransferRecords.COMPLETED);
    }

    /** Sends the object {@code path} names to {@code remoteDirectory} (null: the user's home), keeping its name. */
    private void send(Caller caller, ConnectorTarget target, String path, String remoteDirectory)
            throws ConnectorFailure, InterruptedException {
        FileLocation.S3 source = LocalPaths.file(path).orElseThrow(() -> new ConnectorFailure(Code.SEND_FILE_NOT_FOUND,
                "The file path " + path + " does not name an object (/bucket/key)."));
        String remote = LocalPaths.remoteChild(remoteDirectory, LocalPaths.fileName(source));
        // the local file first: a missing one needs no connection
        InputStream in;
        try {
            in = storage.read(source);
        } catch (StorageException e) {
            throw new ConnectorFailure(e.type() == StorageException.Type.NOT_FOUND ? Code.SEND_FILE_NOT_FOUND
                    : Code.LOCAL_STORAGE_ERROR, "Amazon S3 error: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectorFailure(Code.LOCAL_STORAGE_ERROR, "Amazon S3 error: " + e.getMessage(), e);
        }
        try (in; SftpConnections.Connection c = connections.open(caller, target);
             OutputStream out = c.sftp().write(remote, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                     SftpClient.OpenMode.Truncate)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw remoteFailure(e, Code.SFTP_ERROR);
        }
    }

    /** Retrieves the remote file {@code path} into the folder {@code localDirectory}, keeping its name. */
    private void retrieve(Caller caller, ConnectorTarget target, String path, String localDirectory)
            throws ConnectorFailure, InterruptedException {
        LocalPaths.Folder folder = LocalPaths.folder(localDirectory).orElseThrow(() -> new ConnectorFailure(
                Code.LOCAL_STORAGE_ERROR, "The local directory path " + localDirectory + " does not name a bucket."));
        FileLocation.S3 destination = folder.file(LocalPaths.baseName(path));
        try (SftpConnections.Connection c = connections.open(caller, target)) {
            InputStream in;
            try {
                in = c.sftp().read(path);
            } catch (IOException e) {
                throw remoteFailure(e, Code.RETRIEVE_FILE_NOT_FOUND);
            }
            try (in) {
                storage.write(destination, in, true);
            } catch (StorageException e) {
                throw new ConnectorFailure(Code.LOCAL_STORAGE_ERROR, "Amazon S3 error: " + e.getMessage(), e);
            } catch (IOException e) {
                // the remote file may be opened by the first read only
                throw remoteFailure(e, Code.RETRIEVE_FILE_NOT_FOUND);
            }
        }
    }

    /**
     * A remote operation's failure: an SFTP status ("SFTP error (SSH_FX_NO_SUCH_FILE)"; a missing file
     * is {@code notFound}'s code when that is RETRIEVE_FILE_NOT_FOUND), or the connection lost.
     */
    private static ConnectorFailure remoteFailure(IOException e, Code notFound) throws InterruptedException {
        SftpConnections.rethrowIfInterrupted(e);
        if (e instanceof SftpException s) {
            String status = SftpConstants.getStatusName(s.getStatus());
            Code code = s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE && notFound == Code.RETRIEVE_FILE_NOT_FOUND
                    ? Code.RETRIEVE_FILE_NOT_FOUND : Code.SFTP_ERROR;
            return new ConnectorFailure(code, "SFTP error (" + status + ")", e);
        }
        return new ConnectorFailure(Code.CONNECTION_ERROR, "The connection to the server was lost: " + e.getMessage(),
                e);
    }

    // ---- listings, deletes, moves

    private ObjectNode list(Caller caller, ConnectorTarget target, ConnectorJob.DirectoryListing l)
            throws ConnectorFailure, InterruptedException {
        LocalPaths.Folder folder = LocalPaths.folder(l.outputDirectoryPath()).orElseThrow(() -> new ConnectorFailure(
                Code.LOCAL_STORAGE_ERROR, "The output directory path " + l.outputDirectoryPath()
                        + " does not name a bucket."));
        ObjectNode listing;
        try (SftpConnections.Connection c = connections.open(caller, target)) {
            listing = DirectoryListings.list(c.sftp(), l.remoteDirectoryPath(), l.maxItems());
        } catch (IOException e) {
            throw remoteFailure(e, Code.SFTP_ERROR);
        }
        FileLocation.S3 output = folder.file(l.outputFileName());
        try {
            // written whole through the store's staging: the listing file is complete or absent
            storage.write(output, new ByteArrayInputStream(Json.write(listing).getBytes(StandardCharsets.UTF_8)), true);
        } catch (IOException e) {
            throw new ConnectorFailure(Code.LOCAL_STORAGE_ERROR, "Amazon S3 error: " + e.getMessage(), e);
        }
        log.info("SFTP connector {}: listing {} of {} written to /{}/{}", l.connectorId(), l.id(),
                l.remoteDirectoryPath(), output.bucket(), output.key());
        return Json.object().put("ItemCount", listing.path("files").size() + listing.path("paths").size())
                .put("Truncated", listing.path("truncated").asBoolean());
    }

    private ObjectNode delete(Caller caller, ConnectorTarget target, ConnectorJob.RemoteDelete d)
            throws ConnectorFailure, InterruptedException {
        try (SftpConnections.Connection c = connections.open(caller, target)) {
            if (c.sftp().stat(d.deletePath()).isDirectory()) {
                c.sftp().rmdir(d.deletePath());
            } else {
                c.sftp().remove(d.deletePath());
            }
        } catch (IOException e) {
            throw remoteFailure(e, Code.SFTP_ERROR);
        }
        log.info("SFTP connector {}: delete {} removed {}", d.connectorId(), d.id(), d.deletePath());
        return Json.object().put("DeletePath", d.deletePath());
    }

    private ObjectNode move(Caller caller, ConnectorTarget target, ConnectorJob.RemoteMove m)
            throws ConnectorFailure, InterruptedException {
        try (SftpConnections.Connection c = connections.open(caller, target)) {
            c.sftp().rename(m.sourcePath(), m.targetPath());
        } catch (IOException e) {
            throw remoteFailure(e, Code.SFTP_ERROR);
        }
        log.info("SFTP connector {}: move {} moved {} to {}", m.connectorId(), m.id(), m.sourcePath(), m.targetPath());
        return Json.object().put("SourcePath", m.sourcePath()).put("TargetPath", m.targetPath());
    }
}
