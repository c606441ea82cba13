package dev.stepwise.server.cli;

import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.mock.MockConfigException;
import dev.stepwise.engine.store.StoreException;
import dev.stepwise.imagebuilder.actions.SimulationConfig;
import dev.stepwise.server.NodeName;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.store.PostgresUrl;
import dev.stepwise.transfer.TransferConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepwise server}: the Step Functions API on the embedded store, or on PostgreSQL with --database. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serves the AWS Step Functions API on the embedded store (or on PostgreSQL with --database).")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:STEPWISE_PORT:-8083}",
            description = "the port to listen on; 0 picks a free one (default 8083)")
    int port;

    @Option(names = "--host", defaultValue = "${env:STEPWISE_HOST:-127.0.0.1}",
            description = "the address to listen on (default 127.0.0.1)")
    String host;

    @Option(names = "--data", defaultValue = "${env:STEPWISE_DATA:-./data}",
            description = "the folder of the embedded store (default ./data)")
    Path data;

    @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:STEPWISE_DATABASE}",
            description = "keep executions and resources in PostgreSQL at this jdbc:postgresql://HOST:PORT/DATABASE "
                    + "URL (its user and password may be in it) instead of the embedded store in --data")
    String database;

    @Option(names = "--database-user", defaultValue = "${env:STEPWISE_DATABASE_USER}",
            description = "the user --database connects as (instead of the URL's)")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:STEPWISE_DATABASE_PASSWORD}",
            description = "that user's password (instead of the URL's); prefer the environment variable "
                    + "STEPWISE_DATABASE_PASSWORD, which other users of the machine cannot see")
    String databasePassword;

    @Option(names = "--node-id", defaultValue = "${env:STEPWISE_NODE_ID}",
            description = "this node's name in a cluster on PostgreSQL (default: one generated at the first start "
                    + "and kept in --data, so a restarted node keeps it)")
    String nodeId;

    @Option(names = "--lease-seconds", defaultValue = "${env:STEPWISE_LEASE_SECONDS:-10}",
            description = "how long this node's lease lasts unless renewed (every third of it); a dead node's "
                    + "executions are taken over within the lease and one takeover scan (default 10)")
    double leaseSeconds;

    @Option(names = "--takeover-scan-seconds", defaultValue = "${env:STEPWISE_TAKEOVER_SCAN_SECONDS:-3}",
            description = "how often this node looks for nodes whose lease lapsed (default 3)")
    double takeoverScanSeconds;

    @Option(names = "--port-file", defaultValue = "${env:STEPWISE_PORT_FILE}",
            description = "write the port listened on to this file once ready")
    Path portFile;

    @Mixin
    ArnOptions arns;

    @Option(names = "--wait-time-scale", defaultValue = "${env:STEPWISE_WAIT_TIME_SCALE:-${env:WAIT_TIME_SCALE:-1}}",
            description = "scale Wait states and retry intervals: 0 skips them, 0.1 shortens them (default 1)")
    double waitTimeScale;

    @Option(names = "--sync", defaultValue = "${env:STEPWISE_SYNC:-FULL}",
            description = "FULL: every commit survives power loss (default); NORMAL: faster, survives process crashes "
                    + "(the embedded store; PostgreSQL's durability is its server's synchronous_commit)")
    String sync;

    @Option(names = "--retention-days", defaultValue = "${env:STEPWISE_RETENTION_DAYS:-90}",
            description = "how long closed executions are kept (default 90, as on AWS)")
    int retentionDays;

    @Option(names = "--access-key-account", paramLabel = "KEY=ACCOUNT", split = ",",
            defaultValue = "${env:STEPWISE_ACCESS_KEY_ACCOUNTS}",
            description = "requests signed with access key KEY act in account ACCOUNT (repeatable; "
                    + "others act in --account)")
    java.util.Map<String, String> accessKeyAccounts;

    @Mixin
    IntegrationOptions integrationOptions;

    @Option(names = "--mock-config", paramLabel = "FILE",
            defaultValue = "${env:STEPWISE_MOCK_CONFIG:-${env:SFN_MOCK_CONFIG}}",
            description = "a Step Functions Local mock configuration file: executions started on "
                    + "stateMachineArn#TestCase run with its mocked responses (also SFN_MOCK_CONFIG)")
    Path mockConfig;

    @Option(names = "--imagebuilder-actions", paramLabel = "FILE",
            defaultValue = "${env:STEPWISE_IMAGEBUILDER_ACTIONS}",
            description = "how Image Builder's simulated step actions behave: which runs of which steps fail, "
                    + "outputs, failed rollbacks (YAML or JSON; see the README)")
    Path imageBuilderActions;

    @Option(names = "--sftp-host", defaultValue = "${env:STEPWISE_SFTP_HOST:-127.0.0.1}",
            description = "the address Transfer servers' SFTP ports listen on (default 127.0.0.1)")
    String sftpHost;

    @Option(names = "--efs-file-system", paramLabel = "FS_ID=FOLDER", split = ",",
            defaultValue = "${env:STEPWISE_EFS_FILE_SYSTEMS}",
            description = "the EFS file system FS_ID of Transfer servers and workflows is the local FOLDER "
                    + "(repeatable)")
    java.util.Map<String, Path> efsFileSystems;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() throws InterruptedException, IOException {
        if (!sync.equals("FULL") && !sync.equals("NORMAL")) {
            spec.commandLine().getErr().println("--sync must be FULL or NORMAL");
            return 2;
        }
        WaitScale scale;
        try {
            scale = new WaitScale(waitTimeScale);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (retentionDays < 1) {
            spec.commandLine().getErr().println("--retention-days must be at least 1");
            return 2;
        }
        MockConfig mocks = null;
        if (mockConfig != null) {
            try {
                mocks = MockConfig.load(mockConfig);
            } catch (MockConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
        SimulationConfig actions =
                SimulationConfig.NONE;
        if (imageBuilderActions != null) {
            try {
                actions = SimulationConfig.load(imageBuilderActions);
            } catch (IllegalArgumentException | IOException e) {
                spec.commandLine().getErr().println("--imagebuilder-actions " + imageBuilderActions + ": "
                        + e.getMessage());
                return 2;
            }
        }
        if (database != null && !database.isBlank() && !PostgresUrl.names(database.strip())) {
            spec.commandLine().getErr().println("--database must be a jdbc:postgresql://HOST:PORT/DATABASE URL "
                    + "(without it, the embedded store in --data)");
            return 2;
        }
        if (nodeId != null && !nodeId.isBlank() && !NodeName.valid(nodeId.strip())) {
            spec.commandLine().getErr().println("--node-id must be 1 to 63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
            return 2;
        }
        if (!(leaseSeconds >= 1) || !(takeoverScanSeconds >= 0.1) || takeoverScanSeconds > leaseSeconds) {
            spec.commandLine().getErr().println("--lease-seconds must be at least 1, and --takeover-scan-seconds "
                    + "at least 0.1 and at most the lease");
            return 2;
        }
        ServerConfig.Node node = new ServerConfig.Node(blankToNull(nodeId == null ? null : nodeId.strip()),
                java.time.Duration.ofMillis(Math.round(leaseSeconds * 1000)),
                java.time.Duration.ofMillis(Math.round(takeoverScanSeconds * 1000)));
        ServerConfig.Database store = database == null || database.isBlank() ? ServerConfig.Database.EMBEDDED
                : new ServerConfig.Database(database.strip(), blankToNull(databaseUser), blankToNull(databasePassword));
        StepwiseServer server;
        try {
            server = StepwiseServer.start(new ServerConfig(host, port, data, arns.region, arns.account, scale,
                    sync.equals("FULL")).withRetention(java.time.Duration.ofDays(retentionDays))
                    .withIntegrations(integrationOptions.config()).withMockConfig(mocks)
                    .withAccessKeyAccounts(accessKeyAccounts == null ? java.util.Map.of() : accessKeyAccounts)
                    .withTransfer(TransferConfig.defaults(data).withSftpHost(sftpHost)
                            .withEfsFileSystems(efsFileSystems == null ? java.util.Map.of() : efsFileSystems))
                    .withDatabase(store).withNode(node).withImageBuilderActions(actions));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // the data folder's node-id file cannot be read or written, or holds no name
            spec.commandLine().getErr().println("stepwise: " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            // the database cannot be reached, refuses the credentials or has a schema this version does not know
            spec.commandLine().getErr().println("stepwise: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        String address = "http://" + host + ":" + server.port();
        spec.commandLine().getOut().println("Stepwise listening on " + address + " (data in " + data.toAbsolutePath()
                + (store.url() == null ? "" : "; executions and resources in " + store + "; node "
                + server.cluster().node()) + ")");
        if (mocks != null) {
            spec.commandLine().getOut().println("Mocked service integrations from " + mockConfig + " for "
                    + String.join(", ", mocks.machineNames()) + " (start executions on stateMachineArn#TestCase)");
        }
        spec.commandLine().getOut().flush();
        if (portFile != null) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(server.port()));
            Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        stopped.await();
        return 0;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
