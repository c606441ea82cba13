package dev.stepwise.transfer;

import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.transfer.sftp.SftpEndpoints;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The AWS Transfer Family API (AWS JSON 1.1, X-Amz-Target "TransferService.&lt;Operation&gt;",
 * signing name "transfer"): servers, their host keys and users, workflows, their executions, SFTP
 * connectors and their file transfers, and tags, kept in the store's catalog. Every ONLINE server
 * is a real SFTP endpoint whose uploads start its workflows; {@link #close} closes them all.
 */
public final class TransferApi implements JsonService, AutoCloseable {
    private final Map<String, Operation> operations = new HashMap<>();
    private final ServerEndpoints endpoints;
    private final ServerOperations servers;
    private final TransferWorkflows workflows;

    /**
     * The face on {@code catalog}, serving its servers through {@code endpoints} (which know where
     * files go) and running their workflows on {@code runtime} (whose tasks {@code workflows}' integration
     * carries out); ids are drawn from {@code random}. Pagination tokens are signed with the
     * catalog's secret, so they stay valid across restarts and nodes. Opens nothing: see
     * {@link #openOnlineServers}.
     */
    public TransferApi(Catalog catalog, Clock clock, SftpEndpoints endpoints, TransferWorkflows workflows,
                       ExecutionRuntime runtime, RandomGenerator random) {
        TransferCatalog transferCatalog = new TransferCatalog(catalog);
        PageTokens tokens = new PageTokens(catalog.secret("transfer-page-tokens", 32), clock,
                TransferErrors::invalidNextToken);
        WorkflowStarts starts = new WorkflowStarts(transferCatalog, runtime, clock, random);
        this.endpoints = new ServerEndpoints(transferCatalog, endpoints, starts::forServer);
        TransferContext ctx = new TransferContext(transferCatalog, clock, new TransferIds(random), tokens,
                this.endpoints, new TransferLocks());
        this.servers = new ServerOperations(ctx);
        servers.register(operations);
        new HostKeyOperations(ctx, servers).register(operations);
        new UserOperations(ctx, servers).register(operations);
        new WorkflowOperations(ctx).register(operations);
        new ExecutionOperations(ctx, workflows.records(), runtime).register(operations);
        new TagOperations(ctx).register(operations);
        this.workflows = workflows;
        new ConnectorOperations(ctx, workflows.connections()).register(operations);
        new ConnectorTransferOperations(ctx, workflows.fileTransfers(), runtime).register(operations);
    }

    /**
     * The face as the server runs it: ids from a SecureRandom, and every server that was ONLINE
     * (in every account and region) open again on its ports. A server whose ports cannot be bound
     * goes START_FAILED; the others still open.
     */
    public static TransferApi start(Catalog catalog, Clock clock, SftpEndpoints endpoints, TransferWorkflows workflows,
                                    ExecutionRuntime runtime) {
        TransferApi api = new TransferApi(catalog, clock, endpoints, workflows, runtime, new SecureRandom());
        api.openOnlineServers();
        return api;
    }

    /** Opens every server that is to be ONLINE. */
    public void openOnlineServers() {
        servers.openOnlineServers();
    }

    @Override
    public String targetPrefix() {
        return "TransferService";
    }

    @Override
    public String signingName() {
        return "transfer";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    /**
     * Closes every SFTP endpoint (their servers stay ONLINE in the catalog, to be opened at the next
     * start), the connectors' sessions kept for their next files, and the connections to a remote S3.
     */
    @Override
    public void close() {
        endpoints.closeAll();
        workflows.close();
    }
}
