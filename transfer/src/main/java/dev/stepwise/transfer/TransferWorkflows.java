package dev.stepwise.transfer;

import dev.stepwise.api.SecretValues;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.integrations.Integration;
import dev.stepwise.transfer.connector.ConnectorIntegration;
import dev.stepwise.transfer.connector.ConnectorProjection;
import dev.stepwise.transfer.connector.FileTransferRecords;
import dev.stepwise.transfer.connector.SftpConnections;
import dev.stepwise.transfer.pgp.PgpDecryption;
import dev.stepwise.transfer.storage.DomainStorage;
import dev.stepwise.transfer.storage.EfsFileSystems;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.storage.RemoteObjectStorage;
import dev.stepwise.transfer.workflow.CustomSteps;
import dev.stepwise.transfer.workflow.ExecutionProjection;
import dev.stepwise.transfer.workflow.ExecutionRecords;
import dev.stepwise.transfer.workflow.PgpDecryptStep;
import dev.stepwise.transfer.workflow.StepIntegration;
import dev.stepwise.transfer.workflow.WorkflowLog;
import java.io.IOException;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine needs of the Transfer face before it runs anything: the integration that carries
 * out workflow steps (on the same object store and EFS folders the SFTP servers write to) and the
 * projection that keeps the executions in progress; the integration that does SFTP connectors'
 * work and the projection that keeps their file transfers' results; made before the runtime,
 * which the face's API is then given ({@link TransferApi#start}).
 */
public final class TransferWorkflows {
    private static final Logger LOG = LoggerFactory.getLogger(TransferWorkflows.class);
    private final TransferConfig config;
    private final ObjectStore objects;
    private final ObjectStorage s3;
    private final FileStorage storage;
    private final ExecutionRecords records;
    private final WorkflowLog log;
    private final StepIntegration steps;
    private final SftpConnections connections;
    private final FileTransferRecords fileTransfers;
    private final ConnectorIntegration connectorSteps;

    /**
     * The workflows of {@code config}'s storage; custom steps invoke their functions through
     * {@code lambda}; DECRYPT steps find their PGP keys in {@code secrets}, SFTP connectors their
     * users' credentials.
     */
    public TransferWorkflows(TransferConfig config, Catalog catalog, Clock clock, RandomGenerator random,
                             Integration lambda, SecretValues secrets) throws IOException {
        this.config = config;
        this.objects = new ObjectStore(config.objectRoot(), clock, random);
        this.s3 = s3Domain(config, objects, clock);
        this.storage = new DomainStorage(s3, new EfsFileSystems(config.efsFileSystems()));
        this.records = new ExecutionRecords(catalog);
        this.log = new WorkflowLog(config.logRoot());
        this.steps = new StepIntegration(storage, new PgpDecryptStep(storage, objects, new PgpDecryption(secrets)),
                new CustomSteps(records, lambda));
        this.connections = new SftpConnections(secrets, SftpConnections.TIMEOUT);
        this.fileTransfers = new FileTransferRecords(catalog);
        TransferCatalog connectors = new TransferCatalog(catalog);
        this.connectorSteps = new ConnectorIntegration(storage, connections,
                arn -> connectors.connector(arn).map(ConnectorOperations::target));
    }

    /**
     * Where SFTP servers, workflow steps and connectors find the S3 domain: the configured S3-compatible service,
     * or the embedded store. A remote put stages its content in the embedded store's folder for
     * writes under way, so temporaries a crash leaves are removed at the next start with its own.
     */
    private static ObjectStorage s3Domain(TransferConfig config, ObjectStore objects, Clock clock) throws IOException {
        TransferConfig.S3Service service = config.s3Service();
        if (service == null) {
            return objects;
        }
        LOG.info("The S3 domain (SFTP servers, workflow steps, connectors) is the S3-compatible service at {}",
                service.endpoint());
        return new RemoteObjectStorage(service.endpoint(), service.region(), service.accessKey(),
                service.secretKey(), objects.root().resolve(".stepwise").resolve("tmp"), clock);
    }

    public TransferConfig config() {
        return config;
    }

    /**
     * The embedded object store: the S3 domain unless an S3-compatible service is configured; DECRYPT
     * steps and remote reads and writes stage their temporary files in it.
     */
    public ObjectStore objects() {
        return objects;
    }

    /** The S3 domain of SFTP servers, workflow steps and connectors ({@link #s3Domain}). */
    public ObjectStorage s3() {
        return s3;
    }

    /** Ends the connectors' kept SFTP sessions and lets go of the connections to a remote S3 domain. */
    public void close() {
        connections.close();
        if (s3 instanceof RemoteObjectStorage remote) {
            remote.close();
        }
    }

    public FileStorage storage() {
        return storage;
    }

    public ExecutionRecords records() {
        return records;
    }

    public WorkflowLog log() {
        return log;
    }

    /** Carries out the steps of workflow executions. */
    public Integration integration() {
        return steps;
    }

    /** Keeps the executions in progress (ListExecutions, DescribeExecution) with their steps. */
    public Projection projection() {
        return new ExecutionProjection(log);
    }

    /** Does SFTP connectors' work: their transfers' files, directory listings, remote deletes and moves. */
    public Integration connectorIntegration() {
        return connectorSteps;
    }

    /** Keeps the results of SFTP connectors' file transfers (ListFileTransferResults) with their steps. */
    public Projection connectorProjection() {
        return new ConnectorProjection();
    }

    /** The SFTP sessions connectors open (TestConnection). */
    public SftpConnections connections() {
        return connections;
    }

    public FileTransferRecords fileTransfers() {
        return fileTransfers;
    }
}
