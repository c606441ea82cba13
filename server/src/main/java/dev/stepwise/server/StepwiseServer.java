package dev.stepwise.server;

import dev.stepwise.api.SecretValues;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.mock.MockDispatcher;
import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.runtime.TaskDispatcher;
import dev.stepwise.engine.runtime.Timers;
import dev.stepwise.imagebuilder.ImageBuilderApi;
import dev.stepwise.imagebuilder.ImageBuilderWorkflows;
import dev.stepwise.imagebuilder.actions.SimulatedActions;
import dev.stepwise.integrations.AwsJsonIntegration;
import dev.stepwise.integrations.HttpInvokeIntegration;
import dev.stepwise.integrations.Integrations;
import dev.stepwise.integrations.LambdaIntegration;
import dev.stepwise.integrations.LocalStepFunctions;
import dev.stepwise.integrations.RemoteSecretValues;
import dev.stepwise.integrations.StepFunctionsIntegration;
import dev.stepwise.secretsmanager.SecretsManagerService;
import dev.stepwise.server.http.ApiRouter;
import dev.stepwise.server.http.Callers;
import dev.stepwise.server.http.JettyApiHandler;
import dev.stepwise.sfn.StepFunctionsService;
import dev.stepwise.sfn.TaskRouter;
import dev.stepwise.store.Store;
import dev.stepwise.store.Stores;
import dev.stepwise.transfer.TransferApi;
import dev.stepwise.transfer.TransferConfig;
import dev.stepwise.transfer.TransferWorkflows;
import dev.stepwise.transfer.sftp.MinaSftpEndpoints;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server: the store (embedded, or PostgreSQL), the execution runtime and the HTTP faces, wired together. Start
 * it with {@link #start}; {@link #port} tells where it listens (useful with port 0).
 */
public final class StepwiseServer implements AutoCloseable {
    /** How long GetActivityTask waits for a task, as on AWS. */
    private static final java.time.Duration ACTIVITY_POLL = java.time.Duration.ofSeconds(60);
    /** How long an open execution waits without a step before it leaves memory. */
    private static final java.time.Duration UNLOAD_AFTER = java.time.Duration.ofMinutes(5);
    private final Store store;
    private final Cluster cluster;
    private final ExecutionRuntime runtime;
    private final TaskRouter router;
    private final Javalin http;
    private final java.util.concurrent.ScheduledExecutorService housekeeping;
    private final SecretValues secretValues;
    private final TransferApi transfer;
    private final AutoCloseable pipelineSchedules;

    private StepwiseServer(Store store, Cluster cluster, ExecutionRuntime runtime, TaskRouter router, Javalin http,
                           java.util.concurrent.ScheduledExecutorService housekeeping, SecretValues secretValues,
                           TransferApi transfer, AutoCloseable pipelineSchedules) {
        this.transfer = transfer;
        this.pipelineSchedules = pipelineSchedules;
        this.store = store;
        this.cluster = cluster;
        this.runtime = runtime;
        this.router = router;
        this.http = http;
        this.housekeeping = housekeeping;
        this.secretValues = secretValues;
    }

    public static StepwiseServer start(ServerConfig config) {
        return start(config, ACTIVITY_POLL);
    }

    /** As {@link #start(ServerConfig)}, with GetActivityTask answering empty after {@code activityPoll} (tests). */
    public static StepwiseServer start(ServerConfig config, java.time.Duration activityPoll) {
        Clock clock = Clock.systemUTC();
        return start(config, activityPoll, clock, Timers.realTime(clock));
    }

    /**
     * As {@link #start(ServerConfig, java.time.Duration)}, on {@code nodeClock}, with timers firing
     * as {@code nodeTimers} says (tests run the server on simulated time, or on a clock that is off).
     * A node of a cluster keeps the database's time as an offset of {@code nodeClock}.
     */
    public static StepwiseServer start(ServerConfig config, java.time.Duration activityPoll, Clock nodeClock,
                                       Timers nodeTimers) {
        String node = NodeName.resolve(config.dataDir(), config.node().id());
        Store store = Stores.open(config.database().storeOptions(config.dataDir(), config.synchronousFull()));
        // on PostgreSQL, other nodes may share the database: leases, takeover, signals handed over
        Cluster cluster = store.cluster(new Cluster.Settings(node, config.node().lease(),
                config.node().takeoverScan()));
        // before anything else starts (SFTP servers, the port): a node whose name another live node
        // holds is refused here
        Clock clock;
        try {
            cluster.takeLease();
            // in a cluster, every node runs on the database's time: a timer taken over fires at its time
            clock = cluster.clock(nodeClock);
        } catch (RuntimeException e) {
            cluster.close();
            store.close();
            throw e;
        }
        Timers timers = clock == nodeClock ? nodeTimers : Timers.rebased(nodeTimers, nodeClock, clock);
        // nested executions call this server's own Step Functions API, made below on the runtime
        // that dispatches them
        AtomicReference<LocalStepFunctions> self = new AtomicReference<>();
        // the first integration that handles a resource carries it out: AWS JSON services come before
        // this server's own Step Functions, so aws-sdk:sfn:* goes to an sfn endpoint when one is configured
        LambdaIntegration lambda = new LambdaIntegration(config.integrations(), clock);
        SecretsManagerService secretsManager = new SecretsManagerService(store, clock);
        // the faces that read Secrets Manager secrets (Transfer's connectors and PGP keys) get them in
        // process, or from the Secrets Manager that --service-endpoint secretsmanager=URL names
        java.net.URI secretsEndpoint = config.integrations().serviceEndpoints().get("secretsmanager");
        SecretValues secretValues = secretsEndpoint == null ? secretsManager.secretValues()
                : new RemoteSecretValues(config.integrations(), clock, secretsEndpoint);
        TransferWorkflows transferWorkflows = transferWorkflows(config, store, clock, lambda, secretValues);
        // Image Builder's ExecuteStateMachine steps start state machines on this server's own Step Functions
        ImageBuilderWorkflows imageBuilderWorkflows = new ImageBuilderWorkflows(store, clock,
                new SimulatedActions(config.imageBuilderActions()), LocalStepFunctions.late(self::get));
        List<dev.stepwise.integrations.Integration> integrations = new java.util.ArrayList<>(
                imageBuilderWorkflows.integrations());
        integrations.addAll(List.of(
                transferWorkflows.integration(),
                transferWorkflows.connectorIntegration(),
                new AwsJsonIntegration(config.integrations(), clock),
                new StepFunctionsIntegration(LocalStepFunctions.late(self::get)),
                lambda,
                new HttpInvokeIntegration(config.integrations(), clock)));
        TaskRouter router = new TaskRouter(new Integrations(integrations), cluster.activities());
        // executions started on "stateMachineArn#TestCase" have their test case's states mocked
        TaskDispatcher tasks = config.mockConfig() == null ? router : new MockDispatcher(config.mockConfig(), router);
        TaskTokens taskTokens = TaskTokens.signed(store.secret("task-tokens", 32));
        List<Projection> projections = new java.util.ArrayList<>(StepFunctionsService.projections());
        projections.add(transferWorkflows.projection());
        projections.add(transferWorkflows.connectorProjection());
        projections.addAll(imageBuilderWorkflows.projections());
        ExecutionRuntime runtime = ExecutionRuntime.builder(store, tasks).projections(projections)
                .cluster(cluster).time(clock, timers).waitScale(config.waitScale()).tokens(taskTokens).build();
        StepFunctionsService sfn = new StepFunctionsService(store, store, runtime, router, config.mockConfig(),
                taskTokens, clock, activityPoll);
        self.set(sfn.local(runtime));
        imageBuilderWorkflows.runOn(runtime);
        // a WaitForAction step waits on the node running its build, answered on any node
        imageBuilderWorkflows.shareWith(cluster);
        // SFTP servers of the S3 domain keep their files where workflow steps and connectors find them
        TransferApi transfer = TransferApi.start(store, clock, new MinaSftpEndpoints(config.transfer(),
                transferWorkflows.objects(), transferWorkflows.s3(), MinaSftpEndpoints.IDLE_TIMEOUT,
                new SecureRandom()), transferWorkflows, runtime, cluster, config.transfer().endpointSync());
        // Image Builder reads documents given by s3:// URI from the object store Transfer's files are in
        ImageBuilderApi imageBuilder = new ImageBuilderApi(store, clock, config.transfer().objectRoot(),
                imageBuilderWorkflows);
        Metrics metrics = new Metrics(store, runtime, cluster, transfer);
        ApiRouter api = new ApiRouter(new Callers(config.account(), config.region(), config.accessKeyAccounts()),
                metrics::call, java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(sfn, secretsManager, transfer),
                        config.jsonServices().stream()).toList(),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(imageBuilder),
                        config.restServices().stream()).toList());
        Javalin http = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.jetty.threadPool = httpThreads();
            c.http.maxRequestSize = ApiRouter.MAX_REQUEST_BYTES;
            c.startup.showJavalinBanner = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            // GetActivityTask holds a request for up to 60 seconds without sending a byte
            c.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
                        if (connector instanceof org.eclipse.jetty.server.AbstractConnector c2) {
                            c2.setIdleTimeout(120_000);
                        }
                        // No per-connection cache of header fields: looking each one up in it cost more
                        // than the strings it saves (2% of the CPU under StartExecution load), and filling
                        // it on a new connection's first requests sent the JIT back to recompile the parser
                        org.eclipse.jetty.server.HttpConnectionFactory http1 =
                                connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class);
                        if (http1 != null) {
                            http1.getHttpConfiguration().setHeaderCacheSize(0);
                        }
                    }
                    // the API calls skip the servlet stack, then the console's files; Javalin serves the other routes
                    server.setHandler(new JettyApiHandler(api, new dev.stepwise.server.http.ConsoleHandler(
                            dev.stepwise.console.ConsoleAssets.fromClassPath(), server.getHandler())));
                }
            }));
            c.routes.get("/health", ctx -> {
                boolean ready = cluster.leaseHeld();
                ctx.status(ready ? 200 : 503).contentType("application/json").result(health(cluster, ready));
            });
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        });
        // takes the lease, loads this node's open executions, takes over those of nodes whose lease lapsed
        cluster.join(runtime.member());
        http.start();
        java.util.concurrent.ScheduledExecutorService housekeeping = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stepwise-retention").factory());
        housekeeping.scheduleWithFixedDelay(() -> deleteExpired(store, clock, config.retention()), 1, 60,
                java.util.concurrent.TimeUnit.MINUTES);
        // executions waiting long (an activity, a long Wait) leave memory; their next signal loads them
        housekeeping.scheduleWithFixedDelay(() -> runtime.unloadIdle(UNLOAD_AFTER), 1, 1,
                java.util.concurrent.TimeUnit.MINUTES);
        // Image Builder's pipelines run on their schedules (each due run on one node of a cluster)
        AutoCloseable pipelineSchedules = imageBuilder.runSchedules(timers);
        return new StepwiseServer(store, cluster, runtime, router, http, housekeeping, secretValues, transfer,
                pipelineSchedules);
    }

    /**
     * Jetty's threads: its selectors and acceptor on platform threads, each request on a virtual
     * thread of its own (a request blocks until its commit is durable; GetActivityTask holds one for
     * up to a minute). A selector on a virtual thread would park in the JDK's poller at every select,
     * so that each arriving request cost two wake-ups and an epoll re-arm more.
     */
    private static org.eclipse.jetty.util.thread.QueuedThreadPool httpThreads() {
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(16, 4);
        pool.setName("stepwise-http");
        pool.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        return pool;
    }

    /**
     * What GET /health answers: {@code status} "ok" once the node is ready to run executions (it
     * holds its lease), else "unavailable" (HTTP 503: a load balancer sends its calls elsewhere),
     * the node's name, and whether it shares its database with other nodes.
     */
    private static String health(Cluster cluster, boolean ready) {
        return dev.stepwise.asl.json.Json.write(dev.stepwise.asl.json.Json.object()
                .put("status", ready ? "ok" : "unavailable")
                .put("node", cluster.node())
                .put("ready", ready)
                .put("cluster", cluster.shared()));
    }

    private static TransferWorkflows transferWorkflows(ServerConfig config, Store store, Clock clock,
                                                       LambdaIntegration lambda, SecretValues secrets) {
        try {
            return new TransferWorkflows(transferConfig(config), store, clock, new SecureRandom(), lambda, secrets);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the Transfer object store in "
                    + config.transfer().objectRoot(), e);
        }
    }

    /**
     * The Transfer face's configuration, with the S3-compatible service that {@code --service-endpoint
     * s3=URL} names (signed with the integrations' credentials in the server's region) as the S3 domain
     * of its SFTP servers, workflow steps and connectors.
     */
    static TransferConfig transferConfig(ServerConfig config) {
        java.net.URI s3 = config.integrations().serviceEndpoints().get("s3");
        if (s3 == null) {
            return config.transfer();
        }
        return config.transfer().withS3Service(new TransferConfig.S3Service(s3, config.region(),
                config.integrations().accessKey(), config.integrations().secretKey()));
    }

    /** Deletes closed executions older than the retention, a batch at a time so writers are not held up. */
    static int deleteExpired(Store store, Clock clock, java.time.Duration retention) {
        java.time.Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = store.deleteClosedBefore(cutoff, 500);
            total += deleted;
        } while (deleted == 500);
        return total;
    }

    public int port() {
        return http.port();
    }

    /** The store (for tests that look at its statistics and query plans). */
    public Store store() {
        return store;
    }

    /** The secrets of the Secrets Manager face as the other faces read them in process. */
    public SecretValues secretValues() {
        return secretValues;
    }

    /** This node's part in the cluster (its name, its lease). */
    public Cluster cluster() {
        return cluster;
    }

    /** The runtime (tests of takeover and fencing). */
    public ExecutionRuntime runtime() {
        return runtime;
    }

    /**
     * Stops the node at once, as kill -9 would: no lease renewal, no step, no hand-over of its
     * executions; the lease is left to lapse so that other nodes take them over (tests).
     */
    public void halt() {
        stopSchedules();
        cluster.halt();
        runtime.halt();
        housekeeping.shutdownNow();
        http.stop();
        router.close();
        transfer.close();
        store.close();
    }

    private void stopSchedules() {
        try {
            pipelineSchedules.close();
        } catch (Exception e) {
            throw new IllegalStateException("the pipelines' schedules did not stop", e);
        }
    }

    @Override
    public void close() {
        stopSchedules();
        housekeeping.shutdownNow();
        http.stop();
        router.close();
        runtime.close();
        // the lease is given up: the other nodes take this node's executions over at their next scan
        cluster.close();
        transfer.close();
        store.close();
    }
}
