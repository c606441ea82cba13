package dev.stepwise.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.cluster.ClusterNodes.Node;
import dev.stepwise.server.integrations.LambdaStandIn;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.CopyStepDetails;
import software.amazon.awssdk.services.transfer.model.CustomStepDetails;
import software.amazon.awssdk.services.transfer.model.CustomStepStatus;
import software.amazon.awssdk.services.transfer.model.DescribedExecution;
import software.amazon.awssdk.services.transfer.model.ExecutionStatus;
import software.amazon.awssdk.services.transfer.model.InputFileLocation;
import software.amazon.awssdk.services.transfer.model.OverwriteExisting;
import software.amazon.awssdk.services.transfer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.transfer.model.S3InputFileLocation;
import software.amazon.awssdk.services.transfer.model.State;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;
import software.amazon.awssdk.services.transfer.model.WorkflowStep;
import software.amazon.awssdk.services.transfer.model.WorkflowStepType;

/**
 * Transfer Family servers on a cluster: three nodes on one PostgreSQL, each binding SFTP on its own
 * loopback address and keeping buckets in one shared folder. A server created on one node is served
 * by every node on its port within seconds (told by NOTIFY: the periodic look is set far off), a
 * file uploaded through another node runs its workflow there, whose custom step is answered through
 * a third node; a server whose host key is replaced, or which is stopped, started or deleted, on any
 * node is reopened, closed or opened on all of them.
 * A node that cannot bind an ONLINE server's port leaves it ONLINE (the others serve it), counts it
 * in its metrics, and serves it once the port is free (its periodic look); StartServer on a node
 * that cannot bind answers START_FAILED as on one node.
 */
class ClusterTransferTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:hold";
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Long enough that only an announcement can bring a change to the other nodes within a test's wait. */
    private static final Duration NO_PERIODIC_LOOK = Duration.ofMinutes(10);
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path objects;
    private final LambdaStandIn lambda = new LambdaStandIn();
    @RegisterExtension
    final ClusterNodes cluster = new ClusterNodes(db, lambda);
    private SshClient ssh;
    /** The events the custom step's function received. */
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    /** The host key each SFTP address showed last, by address. */
    private final Map<String, PublicKey> hostKeysSeen = new ConcurrentHashMap<>();

    ClusterTransferTest() throws IOException {
        lambda.function("hold", payload -> {
            events.add(parse(payload));
            return LambdaStandIn.Reply.ok("null");
        });
    }

    @BeforeEach
    void start() {
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> {
            hostKeysSeen.put(((InetSocketAddress) address).getHostString(), key);
            return true;
        });
        ssh.start();
    }

    /** Runs before the cluster stops its nodes (and their clients), then the Lambda stand-in. */
    @AfterEach
    void stop() throws IOException {
        ssh.stop();
    }

    /** A node whose SFTP endpoints listen on {@code sftpHost}, looking for missed changes every {@code look}. */
    private Node node(String name, String sftpHost, Duration look) throws IOException {
        return cluster.start(name, c -> c.withTransfer(c.transfer().withSftpHost(sftpHost).withObjectRoot(objects)
                .withEndpointSync(look)));
    }

    private static TransferClient transfer(Node node) {
        return node.client(TransferClient.builder());
    }

    @Test
    void everyNodeServesEveryOnlineServerRunsItsUploadsAndStopsServingItWhenAnyNodeStopsIt() throws Exception {
        Node a = node("node-a", "127.0.0.1", NO_PERIODIC_LOOK);
        Node b = node("node-b", "127.0.0.2", NO_PERIODIC_LOOK);
        Node c = node("node-c", "127.0.0.3", NO_PERIODIC_LOOK);
        TransferClient onA = transfer(a);
        TransferClient onB = transfer(b);
        TransferClient onC = transfer(c);

        String workflowId = onA.createWorkflow(r -> r.steps(custom(), copy("bucket-b", "done/"))).workflowId();
        String serverId = onA.createServer(r -> r.workflowDetails(w -> w.onUpload(WorkflowDetail.builder()
                .workflowId(workflowId).executionRole(ROLE).build()))).serverId();
        onA.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE).homeDirectory("/bucket-a/home/alice")
                .sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic())));
        int port = sftpPort(a, serverId);
        awaitServed(port, true, "127.0.0.1", "127.0.0.2", "127.0.0.3");

        // uploaded through node B: B runs the workflow, whose custom step waits for its callback
        upload("127.0.0.2", port, "/in.txt", "from b");
        JsonNode event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("the custom step's event").isNotNull();
        JsonNode details = event.path("serviceMetadata").path("executionDetails");
        String executionId = details.path("executionId").asText();
        DescribedExecution running = onC.describeExecution(r -> r.workflowId(workflowId).executionId(executionId))
                .execution();
        assertThat(running.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(running.serviceMetadata().userDetails().serverId()).isEqualTo(serverId);
        assertThat(running.initialFileLocation().s3FileLocation().key()).isEqualTo("home/alice/in.txt");

        // answered through node A: B carries on promptly and the execution completes
        onA.sendWorkflowStepState(r -> r.workflowId(workflowId).executionId(executionId)
                .token(event.path("token").asText()).status(CustomStepStatus.SUCCESS));
        Path copied = objects.resolve("bucket-b/done/in.txt");
        await().atMost(PROMPTLY).until(() -> Files.exists(copied));
        assertThat(Files.readString(copied)).isEqualTo("from b");
        await().atMost(PROMPTLY).untilAsserted(() -> assertThatThrownBy(() -> onC.describeExecution(
                r -> r.workflowId(workflowId).executionId(executionId))).isInstanceOf(ResourceNotFoundException.class));
        // a second answer, through node C, finds no execution in progress, as on AWS
        assertThatThrownBy(() -> onC.sendWorkflowStepState(r -> r.workflowId(workflowId).executionId(executionId)
                .token(event.path("token").asText()).status(CustomStepStatus.SUCCESS)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Unknown execution");

        // the server's host key replaced through node C: every node offers the new one
        String firstKey = onC.listHostKeys(r -> r.serverId(serverId)).hostKeys().get(0).hostKeyId();
        KeyPair replacement = SshKeys.generateRsa(2048);
        onC.importHostKey(r -> r.serverId(serverId).hostKeyBody(SshKeys.privateKeyText(replacement)));
        onC.deleteHostKey(r -> r.serverId(serverId).hostKeyId(firstKey));
        String fingerprint = SshKeys.fingerprint(replacement.getPublic());
        assertThat(onA.describeServer(r -> r.serverId(serverId)).server().hostKeyFingerprint()).isEqualTo(fingerprint);
        await().atMost(PROMPTLY).untilAsserted(() -> {
            for (String host : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
                login(host, port).close();
                assertThat(SshKeys.fingerprint(hostKeysSeen.get(host))).as("the key %s offers", host)
                        .isEqualTo(fingerprint);
            }
        });

        onB.stopServer(r -> r.serverId(serverId));
        assertThat(onA.describeServer(r -> r.serverId(serverId)).server().state()).isEqualTo(State.OFFLINE);
        awaitServed(port, false, "127.0.0.1", "127.0.0.2", "127.0.0.3");
        assertThatThrownBy(() -> login("127.0.0.1", port).close()).isInstanceOf(IOException.class);

        onC.startServer(r -> r.serverId(serverId));
        awaitServed(port, true, "127.0.0.1", "127.0.0.2", "127.0.0.3");
        upload("127.0.0.1", port, "/again.txt", "from a");
        assertThat(Files.readString(objects.resolve("bucket-a/home/alice/again.txt"))).isEqualTo("from a");

        onA.deleteServer(r -> r.serverId(serverId));
        awaitServed(port, false, "127.0.0.1", "127.0.0.2", "127.0.0.3");
    }

    @Test
    void aNodeThatCannotBindAnOnlineServerLeavesItOnlineAndServesItOnceThePortIsFree() throws Exception {
        Duration look = Duration.ofMillis(200);
        Node a = node("node-a", "127.0.0.1", look);
        Node b = node("node-b", "127.0.0.2", look);
        TransferClient onA = transfer(a);
        String serverId = onA.createServer(r -> { }).serverId();
        int port = sftpPort(a, serverId);
        awaitServed(port, true, "127.0.0.1", "127.0.0.2");

        Node c;
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.3"))) {
            c = node("node-c", "127.0.0.3", look);
            TransferClient onC = transfer(c);
            assertThat(onC.describeServer(r -> r.serverId(serverId)).server().state()).isEqualTo(State.ONLINE);
            assertThat(unbound(c)).isEqualTo(1);
            assertThat(accepts("127.0.0.1", port)).isTrue();
            assertThat(accepts("127.0.0.2", port)).isTrue();
        }
        // the port free again: node C's next look binds it
        await().atMost(PROMPTLY).until(() -> unbound(c) == 0);
        awaitServed(port, true, "127.0.0.3");
        assertThat(onA.describeServer(r -> r.serverId(serverId)).server().state()).isEqualTo(State.ONLINE);

        // StartServer through a node that cannot bind answers START_FAILED, as on one node
        TransferClient onC = transfer(c);
        onA.stopServer(r -> r.serverId(serverId));
        awaitServed(port, false, "127.0.0.1", "127.0.0.2", "127.0.0.3");
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.3"))) {
            onC.startServer(r -> r.serverId(serverId));
            assertThat(onA.describeServer(r -> r.serverId(serverId)).server().state())
                    .isEqualTo(State.START_FAILED);
            assertThat(unbound(c)).isZero();
        }
        onA.startServer(r -> r.serverId(serverId));
        assertThat(onC.describeServer(r -> r.serverId(serverId)).server().state()).isEqualTo(State.ONLINE);
        awaitServed(port, true, "127.0.0.1", "127.0.0.2", "127.0.0.3");
    }

    // ---- helpers

    private static WorkflowStep custom() {
        return WorkflowStep.builder().type(WorkflowStepType.CUSTOM).customStepDetails(CustomStepDetails.builder()
                .name("check").target(FUNCTION).timeoutSeconds(60).build()).build();
    }

    private static WorkflowStep copy(String bucket, String key) {
        return WorkflowStep.builder().type(WorkflowStepType.COPY).copyStepDetails(CopyStepDetails.builder()
                .name("copy").destinationFileLocation(InputFileLocation.builder().s3FileLocation(
                        S3InputFileLocation.builder().bucket(bucket).key(key).build()).build())
                .overwriteExisting(OverwriteExisting.FALSE).build()).build();
    }

    private ClientSession login(String host, int port) throws IOException {
        ClientSession session = ssh.connect("alice", host, port).verify(Duration.ofSeconds(10)).getSession();
        session.addPublicKeyIdentity(ALICE);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    private void upload(String host, int port, String path, String content) throws IOException {
        try (ClientSession session = login(host, port);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
             OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void awaitServed(int port, boolean served, String... hosts) {
        await().atMost(PROMPTLY).untilAsserted(() -> {
            for (String host : hosts) {
                assertThat(accepts(host, port)).as("%s:%d accepts connections", host, port).isEqualTo(served);
            }
        });
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The server's port as DescribeServer shows it in ProtocolDetails.SftpPorts (a member the SDK lacks). */
    private static int sftpPort(Node node, String serverId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server.port()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ServerId\": \"" + serverId + "\"}"))
                .header("X-Amz-Target", "TransferService.DescribeServer")
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/transfer/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000")
                .build();
        JsonNode ports = Json.parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body())
                .path("Server").path("ProtocolDetails").path("SftpPorts");
        assertThat(ports.size()).isEqualTo(1);
        return ports.get(0).path("SftpPort").asInt();
    }

    /** What the node's /metrics says of ONLINE servers it cannot bind. */
    private static int unbound(Node node) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^stepwise_transfer_endpoints_unbound ([0-9.]+)$").matcher(metrics);
        assertThat(m.find()).as("the metric is served").isTrue();
        return (int) Double.parseDouble(m.group(1));
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
