package dev.stepwise.transfer;

import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.PageTokens;
import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.transfer.sftp.SftpEndpoints;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
    private final Cluster cluster;
    private final EndpointSync sync;

    /**
     * The face on {@code catalog}, serving its servers through {@code endpoints} (which know where
     * files go) and running their workflows on {@code runtime} (whose tasks {@code workflows}' integration
     * carries out); ids are drawn from {@code random}. Pagination tokens are signed with the
     * catalog's secret, so they stay valid across restarts and nodes. Opens nothing: see
     * {@link #openOnlineServers}.
     */
    public TransferApi(Catalog catalog, Clock clock, SftpEndpoints endpoints, TransferWorkflows workflows,
                       ExecutionRuntime runtime, RandomGenerator random) {
        this(catalog, clock, endpoints, workflows, runtime, random, Cluster.single("local"),
                TransferConfig.DEFAULT_ENDPOINT_SYNC);
    }

    /**
     * As above, as a node of {@code cluster}: a change of a server is announced to the other nodes,
     * and (when other nodes share the store) this node serves the servers they change, looking for
     * changes it missed every {@code endpointSync} (see {@link EndpointSync}).
     */
    public TransferApi(Catalog catalog, Clock clock, SftpEndpoints endpoints, TransferWorkflows workflows,
                       ExecutionRuntime runtime, RandomGenerator random, Cluster cluster, Duration endpointSync) {
        TransferCatalog transferCatalog = new TransferCatalog(catalog);
        PageTokens tokens = new PageTokens(catalog.secret("transfer-page-tokens", 32), clock,
                TransferErrors::invalidNextToken);
        WorkflowStarts starts = new WorkflowStarts(transferCatalog, runtime, clock, random);
        this.endpoints = new ServerEndpoints(transferCatalog, endpoints, starts::forServer);
        TransferLocks locks = cluster.shared()
                ? new TransferLocks(arn -> cluster.announce(EndpointSync.TOPIC, arn))
                : new TransferLocks();
        this.cluster = cluster;
        this.sync = new EndpointSync(transferCatalog, this.endpoints, locks, cluster, endpointSync);
        TransferContext ctx = new TransferContext(transferCatalog, clock, new TransferIds(random), tokens,
                this.endpoints, locks);
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
     * The face as the server runs it, a node of {@code cluster}: ids from a SecureRandom, and every
     * server that was ONLINE (in every account and region) open again on its ports. For one node
     * alone, a server whose ports cannot be bound goes START_FAILED; the others still open. In a
     * cluster, such a server stays ONLINE (other nodes serve it: see {@link #unboundEndpoints}), and
     * the node keeps serving what the other nodes change.
     */
    public static TransferApi start(Catalog catalog, Clock clock, SftpEndpoints endpoints, TransferWorkflows workflows,
                                    ExecutionRuntime runtime, Cluster cluster, Duration endpointSync) {
        TransferApi api = new TransferApi(catalog, clock, endpoints, workflows, runtime, new SecureRandom(), cluster,
                endpointSync);
        api.openOnlineServers();
        return api;
    }

    /** Opens every server that is to be ONLINE (in a cluster: and keeps in step with the other nodes). */
    public void openOnlineServers() {
        if (cluster.shared()) {
            sync.start();
        } else {
            servers.openOnlineServers();
        }
    }

    /** How many ONLINE servers this node could not bind (their ports are held by another process here). */
    public int unboundEndpoints() {
        return endpoints.unboundCount();
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
        sync.close();
        endpoints.closeAll();
        workflows.close();
    }
}
