package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.ConnectorFileTransferResult;
import software.amazon.awssdk.services.transfer.model.DescribedConnector;
import software.amazon.awssdk.services.transfer.model.ListFileTransferResultsResponse;
import software.amazon.awssdk.services.transfer.model.ListedConnector;
import software.amazon.awssdk.services.transfer.model.Tag;
import software.amazon.awssdk.services.transfer.model.TestConnectionResponse;
import software.amazon.awssdk.services.transfer.model.TransferTableStatus;

/**
 * SFTP connectors against real SFTP servers: a Transfer Family server of the same Stepwise (its
 * user logs in with an RSA key kept in PEM in the connector's secret) and a plain Apache MINA SSHD
 * server (password login, ECDSA host key). Files are sent from and retrieved into the object
 * store; every file's result is listed as it goes (QUEUED, IN_PROGRESS, COMPLETED or FAILED); a
 * host key that is not trusted fails the files; a transfer cut off by a restart ends with every
 * file's result.
 */
class TransferConnectorTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);
    private static final String ROLE = "arn:aws:iam::123456789012:role/connector";
    private static final KeyPair PARTNER = SshKeys.generateRsa(2048);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** An Ed25519 key: AWS trusts RSA and ECDSA host keys only. */
    private static final String ED25519_KEY = "ssh-ed25519 "
            + "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @TempDir
    static Path peerRoot;
    private static TransferClient transfer;
    private static SecretsManagerClient secrets;
    private static ObjectStore objects;
    /** The Transfer Family server the connectors reach, and its user's secret. */
    private static int partnerPort;
    private static String partnerSecret;
    private static String partnerHostKey;
    /** The plain MINA server, its host key, and its user's secret. */
    private static ConnectorPeers.PlainSftpServer plain;
    private static final KeyPair PLAIN_HOST = ConnectorPeers.ecdsa();
    private static String plainSecret;

    @BeforeAll
    static void start() throws IOException {
        ServerFixture f = server.fixture();
        transfer = f.transfer("test", Region.US_EAST_1);
        secrets = secrets(f.endpoint());
        objects = new ObjectStore(f.dataDir().resolve("objects"));
        String serverId = transfer.createServer(r -> { }).serverId();
        transfer.createUser(r -> r.serverId(serverId).userName("partner").role(ROLE)
                .homeDirectory("/partner-bucket/home/partner")
                .sshPublicKeyBody(SshKeys.publicKeyLine(PARTNER.getPublic())));
        partnerPort = TransferWire.sftpPorts(f.endpoint(), serverId).get(0);
        partnerSecret = secret("partner-sftp", Json.object().put("Username", "partner")
                .put("PrivateKey", ConnectorPeers.pem(PARTNER)));
        // a connector trusting no key learns the server's key from TestConnection, as AWS suggests
        String probe = connector("sftp://127.0.0.1:" + partnerPort, partnerSecret, List.of());
        partnerHostKey = transfer.testConnection(r -> r.connectorId(probe)).sftpConnectionDetails().hostKey();
        transfer.deleteConnector(r -> r.connectorId(probe));

        plain = new ConnectorPeers.PlainSftpServer(Files.createDirectories(peerRoot.resolve("plain")), PLAIN_HOST,
                "bob", "b0b-secret");
        plainSecret = secret("plain-sftp", Json.object().put("Username", "bob").put("Password", "b0b-secret"));
    }

    @AfterAll
    static void stop() throws IOException {
        secrets.close();
        plain.close();
    }

    static SecretsManagerClient secrets(URI endpoint) {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private static String secret(String name, JsonNode value) {
        return secrets.createSecret(r -> r.name(name).secretString(Json.write(value))).arn();
    }

    private static String connector(String url, String secretId, List<String> trustedHostKeys) {
        return transfer.createConnector(r -> r.url(url).accessRole(ROLE)
                .sftpConfig(s -> s.userSecretId(secretId).trustedHostKeys(trustedHostKeys))).connectorId();
    }

    private static String partnerConnector() {
        return connector("sftp://127.0.0.1:" + partnerPort, partnerSecret, List.of(partnerHostKey));
    }

    private static String plainConnector() {
        // as ssh-keyscan prints it: the host name first
        return connector("sftp://127.0.0.1:" + plain.port(), plainSecret,
                List.of("127.0.0.1 " + SshKeys.publicKeyLine(PLAIN_HOST.getPublic())));
    }

    private static void put(String bucket, String key, String content) throws IOException {
        objects.put(bucket, key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    private static String object(String bucket, String key) throws IOException {
        return Files.readString(server.fixture().dataDir().resolve("objects").resolve(bucket).resolve(key));
    }

    private static List<ConnectorFileTransferResult> results(String connectorId, String transferId) {
        return transfer.listFileTransferResults(r -> r.connectorId(connectorId).transferId(transferId))
                .fileTransferResults();
    }

    /** The transfer's results once none is QUEUED or IN_PROGRESS. */
    static List<ConnectorFileTransferResult> awaitEnded(TransferClient client, String connectorId, String transferId) {
        await().atMost(WAIT).until(() -> client.listFileTransferResults(r -> r.connectorId(connectorId)
                .transferId(transferId)).fileTransferResults().stream().allMatch(f ->
                f.statusCode() == TransferTableStatus.COMPLETED || f.statusCode() == TransferTableStatus.FAILED));
        return client.listFileTransferResults(r -> r.connectorId(connectorId).transferId(transferId))
                .fileTransferResults();
    }

    // ---- transfers

    @Test
    void filesAreSentToAndRetrievedFromATransferFamilyServerEachWithItsResult() throws IOException {
        String connectorId = partnerConnector();
        put("local-bucket", "out/a.txt", "alpha");
        put("local-bucket", "out/deep/b.csv", "b,e,t,a\n");
        // a file of that name at the destination is replaced
        put("partner-bucket", "home/partner/a.txt", "older");

        String sent = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .sendFilePaths("/local-bucket/out/a.txt", "local-bucket/out/deep/b.csv")).transferId();
        assertThat(sent).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(awaitEnded(transfer, connectorId, sent)).extracting(ConnectorFileTransferResult::filePath,
                        ConnectorFileTransferResult::statusCode)
                .containsExactly(tuple("/local-bucket/out/a.txt", TransferTableStatus.COMPLETED),
                        tuple("local-bucket/out/deep/b.csv", TransferTableStatus.COMPLETED));
        // with no RemoteDirectoryPath the files land in the remote user's home, keeping their names
        assertThat(object("partner-bucket", "home/partner/a.txt")).isEqualTo("alpha");
        assertThat(object("partner-bucket", "home/partner/b.csv")).isEqualTo("b,e,t,a\n");

        // the user's PATH home is the root of what it sees
        put("partner-bucket", "home/partner/reports/r1.txt", "report one");
        String retrieved = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .retrieveFilePaths("/reports/r1.txt", "reports/missing.txt", "b.csv")
                .localDirectoryPath("/local-bucket/inbox")).transferId();
        List<ConnectorFileTransferResult> results = awaitEnded(transfer, connectorId, retrieved);
        assertThat(results).extracting(ConnectorFileTransferResult::filePath).containsExactly(
                "/reports/r1.txt", "reports/missing.txt", "b.csv");
        assertThat(results.get(0).statusCode()).as(results.toString()).isEqualTo(TransferTableStatus.COMPLETED);
        assertThat(results.get(0).failureCode()).isNull();
        // only the missing file fails, with AWS's code and message; the file after it still comes
        assertThat(results.get(1).statusCode()).isEqualTo(TransferTableStatus.FAILED);
        assertThat(results.get(1).failureCode()).isEqualTo("RETRIEVE_FILE_NOT_FOUND");
        assertThat(results.get(1).failureMessage()).isEqualTo("SFTP error (SSH_FX_NO_SUCH_FILE)");
        assertThat(results.get(2).statusCode()).isEqualTo(TransferTableStatus.COMPLETED);
        assertThat(object("local-bucket", "inbox/r1.txt")).isEqualTo("report one");
        assertThat(object("local-bucket", "inbox/b.csv")).isEqualTo("b,e,t,a\n");
        assertThat(objects.head("local-bucket", "inbox/missing.txt", null)).isEmpty();
    }

    @Test
    void aPlainSftpServerTakesFilesWithAPasswordIntoARemoteDirectory() throws IOException {
        String connectorId = plainConnector();
        Files.createDirectories(peerRoot.resolve("plain/upload"));
        put("local-bucket", "plain/one.txt", "1");
        put("local-bucket", "plain/two.txt", "22");
        String sent = transfer.startFileTransfer(r -> r.connectorId(connectorId).remoteDirectoryPath("/upload")
                .sendFilePaths("/local-bucket/plain/one.txt", "/local-bucket/plain/two.txt",
                        "/local-bucket/plain/none.txt")).transferId();
        List<ConnectorFileTransferResult> results = awaitEnded(transfer, connectorId, sent);
        assertThat(results).extracting(ConnectorFileTransferResult::statusCode).containsExactly(
                TransferTableStatus.COMPLETED, TransferTableStatus.COMPLETED, TransferTableStatus.FAILED);
        assertThat(results.get(2).failureCode()).isEqualTo("SEND_FILE_NOT_FOUND");
        assertThat(Files.readString(peerRoot.resolve("plain/upload/one.txt"))).isEqualTo("1");
        assertThat(Files.readString(peerRoot.resolve("plain/upload/two.txt"))).isEqualTo("22");

        Files.writeString(peerRoot.resolve("plain/upload/three.txt"), "333");
        String retrieved = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .retrieveFilePaths("/upload/three.txt").localDirectoryPath("/local-bucket")).transferId();
        assertThat(awaitEnded(transfer, connectorId, retrieved)).extracting(ConnectorFileTransferResult::statusCode)
                .containsExactly(TransferTableStatus.COMPLETED);
        assertThat(object("local-bucket", "three.txt")).isEqualTo("333");
    }

    @Test
    void aDirectoryListingIsWrittenToTheObjectStore() throws Exception {
        String connectorId = plainConnector();
        Path dir = Files.createDirectories(peerRoot.resolve("plain/listed"));
        Files.writeString(dir.resolve("what.txt"), "12345");
        Files.writeString(dir.resolve("how.pgp"), "x");
        Files.createDirectories(dir.resolve("magic"));
        var started = transfer.startDirectoryListing(r -> r.connectorId(connectorId).remoteDirectoryPath("/listed")
                .outputDirectoryPath("/local-bucket/listings"));
        assertThat(started.outputFileName()).isEqualTo(connectorId + "-" + started.listingId() + ".json");
        Path file = server.fixture().dataDir().resolve("objects/local-bucket/listings").resolve(started.outputFileName());
        await().atMost(WAIT).until(() -> Files.exists(file));
        JsonNode listing = Json.parse(Files.readString(file));
        List<String> files = new ArrayList<>();
        listing.path("files").forEach(f -> files.add(f.path("filePath").asText() + " " + f.path("size").asLong()));
        Collections.sort(files);
        assertThat(files).containsExactly("/listed/how.pgp 1", "/listed/what.txt 5");
        assertThat(listing.path("files").get(0).path("modifiedTimestamp").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(listing.path("paths")).hasSize(1);
        assertThat(listing.path("paths").get(0).path("path").asText()).isEqualTo("/listed/magic");
        assertThat(listing.path("truncated").asBoolean()).isFalse();

        var truncated = transfer.startDirectoryListing(r -> r.connectorId(connectorId).remoteDirectoryPath("/listed")
                .maxItems(2).outputDirectoryPath("local-bucket"));
        Path second = server.fixture().dataDir().resolve("objects/local-bucket").resolve(truncated.outputFileName());
        await().atMost(WAIT).until(() -> Files.exists(second));
        JsonNode cut = Json.parse(Files.readString(second));
        assertThat(cut.path("files").size() + cut.path("paths").size()).isEqualTo(2);
        assertThat(cut.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void remoteFilesAreMovedAndDeleted() throws IOException {
        String connectorId = plainConnector();
        Path dir = Files.createDirectories(peerRoot.resolve("plain/moves"));
        Files.writeString(dir.resolve("from.txt"), "m");
        Files.writeString(dir.resolve("gone.txt"), "d");
        assertThat(transfer.startRemoteMove(r -> r.connectorId(connectorId).sourcePath("/moves/from.txt")
                .targetPath("/moves/to.txt")).moveId()).isNotBlank();
        assertThat(transfer.startRemoteDelete(r -> r.connectorId(connectorId).deletePath("/moves/gone.txt"))
                .deleteId()).isNotBlank();
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("to.txt")) && !Files.exists(dir.resolve("gone.txt")));
        assertThat(dir.resolve("from.txt")).doesNotExist();
    }

    // ---- connections

    @Test
    void testConnectionSucceedsWithATrustedKeyAndReportsTheServersKey() {
        String connectorId = partnerConnector();
        TestConnectionResponse ok = transfer.testConnection(r -> r.connectorId(connectorId));
        assertThat(ok.connectorId()).isEqualTo(connectorId);
        assertThat(ok.status()).isEqualTo("OK");
        assertThat(ok.statusMessage()).isEqualTo("Connection succeeded");
        assertThat(ok.sftpConnectionDetails().hostKey()).isEqualTo(partnerHostKey).startsWith("ssh-rsa AAAA");
        assertThat(transfer.testConnection(r -> r.connectorId(plainConnector())).status()).isEqualTo("OK");
    }

    @Test
    void anUntrustedHostKeyFailsEveryFileAndTestConnectionSaysError() throws IOException {
        String other = SshKeys.publicKeyLine(SshKeys.generateRsa(2048).getPublic());
        String connectorId = connector("sftp://127.0.0.1:" + partnerPort, partnerSecret, List.of(other));
        TestConnectionResponse test = transfer.testConnection(r -> r.connectorId(connectorId));
        assertThat(test.status()).isEqualTo("ERROR");
        assertThat(test.statusMessage()).startsWith("Invalid trusted host keys");
        assertThat(test.sftpConnectionDetails().hostKey()).isEqualTo(partnerHostKey);

        put("local-bucket", "untrusted/x.txt", "x");
        String transferId = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .sendFilePaths("/local-bucket/untrusted/x.txt", "/local-bucket/untrusted/x.txt")).transferId();
        List<ConnectorFileTransferResult> results = awaitEnded(transfer, connectorId, transferId);
        assertThat(results).allSatisfy(f -> {
            assertThat(f.statusCode()).isEqualTo(TransferTableStatus.FAILED);
            assertThat(f.failureCode()).isEqualTo("HOST_KEY_ERROR");
            assertThat(f.failureMessage()).contains("not among the connector's TrustedHostKeys");
        });
        assertThat(objects.head("partner-bucket", "home/partner/x.txt", null)).isEmpty();

        // trusting the key the test reported makes the same connector work
        transfer.updateConnector(r -> r.connectorId(connectorId).sftpConfig(s -> s.trustedHostKeys(partnerHostKey)));
        assertThat(transfer.testConnection(r -> r.connectorId(connectorId)).status()).isEqualTo("OK");
    }

    @Test
    void testConnectionNamesWhatFails() {
        String wrongPassword = secret("wrong-password", Json.object().put("Username", "bob").put("Password", "nope"));
        String trusted = "127.0.0.1 " + SshKeys.publicKeyLine(PLAIN_HOST.getPublic());
        TestConnectionResponse refused = transfer.testConnection(r -> r.connectorId(connector(
                "sftp://127.0.0.1:" + plain.port(), wrongPassword, List.of(trusted))));
        assertThat(refused.status()).isEqualTo("ERROR");
        assertThat(refused.statusMessage()).startsWith("Authentication failed");

        TestConnectionResponse noSecret = transfer.testConnection(r -> r.connectorId(connector(
                "sftp://127.0.0.1:" + plain.port(), "arn:aws:secretsmanager:us-east-1:123456789012:secret:none-AbCdEf",
                List.of(trusted))));
        assertThat(noSecret.status()).isEqualTo("ERROR");
        assertThat(noSecret.statusMessage()).startsWith("Unable to access secrets manager");

        String noCredentials = secret("no-credentials", Json.object().put("Username", "bob"));
        TestConnectionResponse noKey = transfer.testConnection(r -> r.connectorId(connector(
                "sftp://127.0.0.1:" + plain.port(), noCredentials, List.of(trusted))));
        assertThat(noKey.statusMessage()).startsWith("Private key not found");

        TestConnectionResponse closed = transfer.testConnection(r -> r.connectorId(connector(
                "sftp://127.0.0.1:" + TransferWire.freePort(), plainSecret, List.of(trusted))));
        assertThat(closed.status()).isEqualTo("ERROR");
        assertThat(closed.statusMessage()).startsWith("Unknown Host/Connection failed");
        assertThat(closed.sftpConnectionDetails()).isNull();
    }

    // ---- results and requests

    @Test
    void fileTransferResultsArePagedInTheRequestsOrder() {
        String connectorId = plainConnector();
        String transferId = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .retrieveFilePaths("/nothing/1", "/nothing/2", "/nothing/3").localDirectoryPath("/local-bucket/p"))
                .transferId();
        awaitEnded(transfer, connectorId, transferId);
        List<String> paths = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListFileTransferResultsResponse page = transfer.listFileTransferResults(r -> r.connectorId(connectorId)
                    .transferId(transferId).maxResults(1).nextToken(next));
            assertThat(page.fileTransferResults()).hasSize(1);
            page.fileTransferResults().forEach(f -> paths.add(f.filePath()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paths).containsExactly("/nothing/1", "/nothing/2", "/nothing/3");
        // a token is good for its own listing only
        String first = transfer.listFileTransferResults(r -> r.connectorId(connectorId).transferId(transferId)
                .maxResults(1)).nextToken();
        String otherTransfer = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .retrieveFilePaths("/nothing/4", "/nothing/5").localDirectoryPath("/local-bucket/p")).transferId();
        expectError(() -> transfer.listFileTransferResults(r -> r.connectorId(connectorId).transferId(otherTransfer)
                .nextToken(first)), "InvalidNextTokenException", null);
    }

    @Test
    void unknownConnectorsAndTransfersAreNotFound() {
        String unknown = "c-0123456789abcdef0";
        expectNotFound(() -> transfer.describeConnector(r -> r.connectorId(unknown)), "Unknown connector", unknown,
                "Connector");
        expectNotFound(() -> transfer.testConnection(r -> r.connectorId(unknown)), "Unknown connector", unknown,
                "Connector");
        expectNotFound(() -> transfer.startFileTransfer(r -> r.connectorId(unknown).sendFilePaths("/b-1/k")),
                "Unknown connector", unknown, "Connector");
        expectNotFound(() -> transfer.listFileTransferResults(r -> r.connectorId(unknown)
                .transferId("0c7a2f3e-1b2c-4d5e-8f90-123456789abc")), "Unknown connector", unknown, "Connector");
        String connectorId = plainConnector();
        expectNotFound(() -> transfer.listFileTransferResults(r -> r.connectorId(connectorId)
                        .transferId("0c7a2f3e-1b2c-4d5e-8f90-123456789abc")), "Unknown transfer",
                "0c7a2f3e-1b2c-4d5e-8f90-123456789abc", "Transfer");
        // a transfer of another connector is not this one's
        String otherId = plainConnector();
        String transferId = transfer.startFileTransfer(r -> r.connectorId(otherId).retrieveFilePaths("/x")
                .localDirectoryPath("/local-bucket")).transferId();
        expectNotFound(() -> transfer.listFileTransferResults(r -> r.connectorId(connectorId).transferId(transferId)),
                "Unknown transfer", transferId, "Transfer");
        expectNotFound(() -> transfer.deleteConnector(r -> r.connectorId(unknown)), "Unknown connector", unknown,
                "Connector");
        // another region's connectors and transfers are not this region's
        TransferClient elsewhere = server.fixture().transfer("test", Region.EU_WEST_1);
        expectNotFound(() -> elsewhere.describeConnector(r -> r.connectorId(otherId)), "Unknown connector", otherId,
                "Connector");
        expectNotFound(() -> elsewhere.listFileTransferResults(r -> r.connectorId(otherId).transferId(transferId)),
                "Unknown connector", otherId, "Connector");
        assertThat(elsewhere.listConnectors(r -> { }).connectors()).isEmpty();
    }

    @Test
    void badTransferRequestsAreRefused() {
        String connectorId = plainConnector();
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId(connectorId).sendFilePaths("/b-1/k")
                .retrieveFilePaths("/r").localDirectoryPath("/b-1")), "InvalidRequestException", null);
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId(connectorId)), "InvalidRequestException",
                null);
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId(connectorId).retrieveFilePaths("/r")),
                "InvalidRequestException", "LocalDirectoryPath is required with RetrieveFilePaths: it names the "
                        + "Amazon S3 bucket and optional prefix (/bucket/prefix) the files are retrieved to.");
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId(connectorId).sendFilePaths("/just-a-bucket")),
                "InvalidRequestException", null);
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("/b-1/k" + i);
        }
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId(connectorId).sendFilePaths(eleven)),
                "ValidationException", "1 validation error detected: Value '" + eleven + "' at 'sendFilePaths' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 10");
        expectError(() -> transfer.startFileTransfer(r -> r.connectorId("c-1")), "ValidationException", null);
        expectError(() -> transfer.startDirectoryListing(r -> r.connectorId(connectorId).remoteDirectoryPath("/")
                .outputDirectoryPath("/Not_A_Bucket")), "InvalidRequestException", null);
    }

    // ---- the connector itself

    @Test
    void aConnectorIsCreatedDescribedListedUpdatedAndDeleted() {
        String connectorId = transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)
                .loggingRole("arn:aws:iam::123456789012:role/logs")
                .sftpConfig(s -> s.userSecretId(partnerSecret).maxConcurrentConnections(3))
                .tags(Tag.builder().key("team").value("ops").build())).connectorId();
        assertThat(connectorId).matches("c-[0-9a-f]{17}");
        DescribedConnector d = transfer.describeConnector(r -> r.connectorId(connectorId)).connector();
        assertThat(d.arn()).isEqualTo("arn:aws:transfer:us-east-1:123456789012:connector/" + connectorId);
        assertThat(d.url()).isEqualTo("sftp://partner.example.com");
        assertThat(d.accessRole()).isEqualTo(ROLE);
        assertThat(d.loggingRole()).isEqualTo("arn:aws:iam::123456789012:role/logs");
        assertThat(d.sftpConfig().userSecretId()).isEqualTo(partnerSecret);
        assertThat(d.sftpConfig().trustedHostKeys()).isEmpty();
        assertThat(d.sftpConfig().maxConcurrentConnections()).isEqualTo(3);
        assertThat(d.egressTypeAsString()).isEqualTo("SERVICE_MANAGED");
        assertThat(d.statusAsString()).isEqualTo("ACTIVE");
        assertThat(d.serviceManagedEgressIpAddresses()).containsExactly("127.0.0.1");
        assertThat(d.tags()).containsExactly(Tag.builder().key("team").value("ops").build());
        assertThat(d.as2Config()).isNull();

        transfer.updateConnector(r -> r.connectorId(connectorId).url("sftp://partner.example.com:2222")
                .sftpConfig(s -> s.trustedHostKeys(partnerHostKey)));
        DescribedConnector updated = transfer.describeConnector(r -> r.connectorId(connectorId)).connector();
        assertThat(updated.url()).isEqualTo("sftp://partner.example.com:2222");
        assertThat(updated.sftpConfig().trustedHostKeys()).containsExactly(partnerHostKey);
        // what the update did not name is kept
        assertThat(updated.sftpConfig().userSecretId()).isEqualTo(partnerSecret);
        assertThat(updated.sftpConfig().maxConcurrentConnections()).isEqualTo(3);
        assertThat(updated.loggingRole()).isEqualTo("arn:aws:iam::123456789012:role/logs");

        transfer.tagResource(r -> r.arn(d.arn()).tags(Tag.builder().key("env").value("test").build()));
        assertThat(transfer.listTagsForResource(r -> r.arn(d.arn())).tags()).extracting(Tag::key)
                .containsExactly("env", "team");

        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = transfer.listConnectors(r -> r.maxResults(1).nextToken(next));
            page.connectors().forEach(c -> listed.add(c.connectorId()));
            assertThat(page.connectors()).allSatisfy(c -> assertThat(c.arn()).endsWith(":connector/" + c.connectorId()));
            token = page.nextToken();
        } while (token != null);
        assertThat(listed).contains(connectorId).isSorted();
        ListedConnector mine = transfer.listConnectors(r -> { }).connectors().stream()
                .filter(c -> c.connectorId().equals(connectorId)).findFirst().orElseThrow();
        assertThat(mine.url()).isEqualTo("sftp://partner.example.com:2222");

        transfer.deleteConnector(r -> r.connectorId(connectorId));
        expectNotFound(() -> transfer.describeConnector(r -> r.connectorId(connectorId)), "Unknown connector",
                connectorId, "Connector");
        assertThat(transfer.listConnectors(r -> { }).connectors()).extracting(ListedConnector::connectorId)
                .doesNotContain(connectorId);
    }

    @Test
    void badConnectorsAreRefused() {
        expectError(() -> transfer.createConnector(r -> r.url("https://partner.example.com").accessRole(ROLE)
                .sftpConfig(s -> s.userSecretId(partnerSecret))), "InvalidRequestException",
                "Invalid Url https://partner.example.com: an SFTP connector's Url is sftp://host or sftp://host:port "
                        + "(port 22 when none is given).");
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)),
                "InvalidRequestException", "You must specify exactly one configuration object: either for AS2 "
                        + "(As2Config) or SFTP (SftpConfig).");
        expectError(() -> transfer.createConnector(r -> r.url("http://partner.example.com").accessRole(ROLE)
                .as2Config(a -> a.localProfileId("p-0123456789abcdef0").partnerProfileId("p-0123456789abcdef1"))),
                "InvalidRequestException", null);
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)
                .sftpConfig(s -> s.trustedHostKeys(partnerHostKey))), "InvalidRequestException",
                "SftpConfig.UserSecretId is required when creating an SFTP connector.");
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)
                .sftpConfig(s -> s.userSecretId(partnerSecret).trustedHostKeys(ED25519_KEY))),
                "InvalidRequestException", null);
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)
                .sftpConfig(s -> s.userSecretId(partnerSecret).maxConcurrentConnections(6))),
                "InvalidRequestException", "MaxConcurrentConnections must be between 1 and 5.");
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com")
                .sftpConfig(s -> s.userSecretId(partnerSecret))), "ValidationException",
                "1 validation error detected: Value null at 'accessRole' failed to satisfy constraint: Member must "
                        + "not be null");
        int before = transfer.listConnectors(r -> { }).connectors().size();
        expectError(() -> transfer.createConnector(r -> r.url("sftp://partner.example.com").accessRole(ROLE)
                .sftpConfig(s -> s.userSecretId(partnerSecret).maxConcurrentConnections(0))), "ValidationException",
                null);
        assertThat(transfer.listConnectors(r -> { }).connectors()).hasSize(before);
    }

    // ---- restarts

    @Test
    void aTransferCutOffByARestartEndsWithEveryFilesResult(@TempDir Path data) throws Exception {
        try (ServerFixture f = new ServerFixture();
             ConnectorPeers.PlainSftpServer held = new ConnectorPeers.PlainSftpServer(
                     Files.createDirectories(data.resolve("held")), PLAIN_HOST, "carol", "c4r0l")) {
            TransferClient client = f.transfer("test", Region.US_EAST_1);
            String secretArn;
            try (SecretsManagerClient sm = secrets(f.endpoint())) {
                secretArn = sm.createSecret(r -> r.name("held").secretString(Json.write(Json.object()
                        .put("Username", "carol").put("Password", "c4r0l")))).arn();
            }
            String connectorId = client.createConnector(r -> r.url("sftp://127.0.0.1:" + held.port()).accessRole(ROLE)
                    .sftpConfig(s -> s.userSecretId(secretArn)
                            .trustedHostKeys(SshKeys.publicKeyLine(PLAIN_HOST.getPublic())))).connectorId();
            ObjectStore store = new ObjectStore(f.dataDir().resolve("objects"));
            for (String name : List.of("f1.txt", "f2.txt", "f3.txt")) {
                store.put("local-bucket", name, new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8)),
                        Map.of());
            }
            held.hold = new CountDownLatch(1);
            String transferId = client.startFileTransfer(r -> r.connectorId(connectorId)
                    .sendFilePaths("/local-bucket/f1.txt", "/local-bucket/f2.txt", "/local-bucket/f3.txt"))
                    .transferId();
            // the first file is being written when Stepwise stops; the others wait their turn
            assertThat(held.opening.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            assertThat(client.listFileTransferResults(r -> r.connectorId(connectorId).transferId(transferId))
                    .fileTransferResults()).extracting(ConnectorFileTransferResult::statusCode).containsExactly(
                    TransferTableStatus.IN_PROGRESS, TransferTableStatus.QUEUED, TransferTableStatus.QUEUED);

            f.restart();
            held.hold.countDown();
            TransferClient after = f.transfer("test", Region.US_EAST_1);
            assertThat(awaitEnded(after, connectorId, transferId)).extracting(ConnectorFileTransferResult::statusCode)
                    .containsExactly(TransferTableStatus.COMPLETED, TransferTableStatus.COMPLETED,
                            TransferTableStatus.COMPLETED);
            for (String name : List.of("f1.txt", "f2.txt", "f3.txt")) {
                assertThat(Files.readString(data.resolve("held").resolve(name))).isEqualTo(name);
            }
        }
    }
}
