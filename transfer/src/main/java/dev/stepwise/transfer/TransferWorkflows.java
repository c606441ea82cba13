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
import dev.stepwise.transfer.storage.ObjectStore;
import dev.stepwise.transfer.workflow.CustomSteps;
import dev.stepwise.transfer.workflow.ExecutionProjection;
import dev.stepwise.transfer.workflow.ExecutionRecords;
import dev.stepwise.transfer.workflow.PgpDecryptStep;
import dev.stepwise.transfer.workflow.StepIntegration;
import dev.stepwise.transfer.workflow.WorkflowLog;
import java.io.IOException;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What the engine needs of the Transfer face before it runs anything: the integration that carries
 * out workflow steps (on the same object store and EFS folders the SFTP servers write to) and the
 * projection that keeps the executions in progress; the integration that does SFTP connectors'
 * work and the projection that keeps their file transfers' results; made before the runtime,
 * which the face's API is then given ({@link TransferApi#start}).
 */
public final class TransferWorkflows {
    private final TransferConfig config;
    private final ObjectStore objects;
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
        this.storage = new DomainStorage(objects, new EfsFileSystems(config.efsFileSystems()));
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

    public TransferConfig config() {
        return config;
    }

    /** The object store of the S3 domain (the SFTP endpoints write through it). */
    public ObjectStore objects() {
        return objects;
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
