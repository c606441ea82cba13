package dev.stepwise.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.integrations.IntegrationConfig;
import dev.stepwise.server.api.ServerFixture;
import dev.stepwise.transfer.MotoS3;
import dev.stepwise.transfer.pgp.BcPgp;
import dev.stepwise.transfer.sftp.SshKeys;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.ConnectorFileTransferResult;
import software.amazon.awssdk.services.transfer.model.CopyStepDetails;
import software.amazon.awssdk.services.transfer.model.DecryptStepDetails;
import software.amazon.awssdk.services.transfer.model.Domain;
import software.amazon.awssdk.services.transfer.model.EncryptionType;
import software.amazon.awssdk.services.transfer.model.InputFileLocation;
import software.amazon.awssdk.services.transfer.model.OverwriteExisting;
import software.amazon.awssdk.services.transfer.model.S3InputFileLocation;
import software.amazon.awssdk.services.transfer.model.S3Tag;
import software.amazon.awssdk.services.transfer.model.TagStepDetails;
import software.amazon.awssdk.services.transfer.model.TransferTableStatus;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;
import software.amazon.awssdk.services.transfer.model.WorkflowStep;
import software.amazon.awssdk.services.transfer.model.WorkflowStepType;

/**
 * With {@code --service-endpoint s3=URL} the S3 domain of SFTP connectors is that S3-compatible
 * service (here a real moto_server): a retrieved file lands in its bucket, a sent file is read from
 * it, a directory listing is written to it; an S3 server's upload lands in it and its workflow's
 * steps copy and tag there; an EFS server's workflow decrypts into it; nothing goes to the embedded
 * object store.
 */
class TransferRemoteS3Test {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final KeyPair PLAIN_HOST = ConnectorPeers.ecdsa();
    private static final KeyPair ALICE = SshKeys.generateRsa(2048);
    private static final String EFS_ID = "fs-12345678";
    private static final String ROLE = "arn:aws:iam::123456789012:role/transfer-workflow";

    @TempDir
    static Path peerRoot;
    private static MotoS3 moto;
    private static S3Client s3;
    private static ServerFixture server;
    private static TransferClient transfer;
    private static ConnectorPeers.PlainSftpServer plain;
    private static String connectorId;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoS3.start();
        s3 = moto.client();
        Path efs = Files.createDirectories(peerRoot.resolve("efs/home/alice")).getParent().getParent();
        server = new ServerFixture(c -> c.withIntegrations(IntegrationConfig.none()
                .withServiceEndpoints(Map.of("s3", moto.endpoint())))
                .withTransfer(c.transfer().withEfsFileSystems(Map.of(EFS_ID, efs))));
        transfer = server.transfer("test", Region.US_EAST_1);
        plain = new ConnectorPeers.PlainSftpServer(Files.createDirectories(peerRoot.resolve("plain")), PLAIN_HOST,
                "bob", "b0b-secret");
        String secretArn;
        try (SecretsManagerClient secrets = TransferConnectorTest.secrets(server.endpoint())) {
            secretArn = secrets.createSecret(r -> r.name("plain-sftp").secretString(Json.write(Json.object()
                    .put("Username", "bob").put("Password", "b0b-secret")))).arn();
        }
        connectorId = transfer.createConnector(r -> r.url("sftp://127.0.0.1:" + plain.port())
                .accessRole("arn:aws:iam::123456789012:role/connector")
                .sftpConfig(s -> s.userSecretId(secretArn)
                        .trustedHostKeys(List.of(SshKeys.publicKeyLine(PLAIN_HOST.getPublic()))))).connectorId();
    }

    @AfterAll
    static void stop() throws Exception {
        if (plain != null) {
            plain.close();
        }
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static List<ConnectorFileTransferResult> awaitEnded(String transferId) {
        return TransferConnectorTest.awaitEnded(transfer, connectorId, transferId);
    }

    /** Uploads a file as alice over SFTP, into her home. */
    private static void upload(String serverId, String name, byte[] content) throws Exception {
        int port = TransferWire.sftpPorts(server.endpoint(), serverId).get(0);
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier((session, address, key) -> true);
            ssh.start();
            try (ClientSession session = ssh.connect("alice", "127.0.0.1", port).verify(WAIT).getSession()) {
                session.addPublicKeyIdentity(ALICE);
                session.auth().verify(WAIT);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                     OutputStream out = sftp.write(name)) {
                    out.write(content);
                }
            }
        }
    }

    private static WorkflowStep tagPrevious() {
        return WorkflowStep.builder().type(WorkflowStepType.TAG).tagStepDetails(TagStepDetails.builder()
                .sourceFileLocation("${previous.file}").tags(S3Tag.builder().key("stage").value("archived")
                        .build()).build()).build();
    }

    private static boolean taggedArchived(String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .anyMatch(t -> t.key().equals("stage") && t.value().equals("archived"));
    }

    private static String remoteObject(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void aRetrievedFileLandsInTheRemoteBucketAndNotInTheEmbeddedStore() throws Exception {
        Files.createDirectories(peerRoot.resolve("plain/outbox"));
        Files.writeString(peerRoot.resolve("plain/outbox/report.csv"), "a,b\n1,2\n");
        String retrieved = transfer.startFileTransfer(r -> r.connectorId(connectorId)
                .retrieveFilePaths("/outbox/report.csv", "/outbox/missing.csv")
                .localDirectoryPath("/remote-inbox/in")).transferId();
        List<ConnectorFileTransferResult> results = awaitEnded(retrieved);
        assertThat(results).extracting(ConnectorFileTransferResult::statusCode)
                .as(results.toString()).containsExactly(TransferTableStatus.COMPLETED, TransferTableStatus.FAILED);
        assertThat(results.get(1).failureCode()).isEqualTo("RETRIEVE_FILE_NOT_FOUND");
        assertThat(remoteObject("remote-inbox", "in/report.csv")).isEqualTo("a,b\n1,2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remoteObject("remote-inbox", "in/missing.csv"))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(server.dataDir().resolve("objects/remote-inbox")).doesNotExist();
    }

    @Test
    void aSentFileIsReadFromTheRemoteBucket() throws Exception {
        s3.createBucket(b -> b.bucket("remote-outbox"));
        s3.putObject(b -> b.bucket("remote-outbox").key("out/send.txt"), RequestBody.fromString("from remote S3"));
        Files.createDirectories(peerRoot.resolve("plain/upload"));
        String sent = transfer.startFileTransfer(r -> r.connectorId(connectorId).remoteDirectoryPath("/upload")
                .sendFilePaths("/remote-outbox/out/send.txt", "/remote-outbox/out/absent.txt")).transferId();
        List<ConnectorFileTransferResult> results = awaitEnded(sent);
        assertThat(results).extracting(ConnectorFileTransferResult::statusCode)
                .as(results.toString()).containsExactly(TransferTableStatus.COMPLETED, TransferTableStatus.FAILED);
        assertThat(results.get(1).failureCode()).isEqualTo("SEND_FILE_NOT_FOUND");
        assertThat(Files.readString(peerRoot.resolve("plain/upload/send.txt"))).isEqualTo("from remote S3");
    }

    @Test
    void aDirectoryListingIsWrittenToTheRemoteBucket() throws Exception {
        Path dir = Files.createDirectories(peerRoot.resolve("plain/listed"));
        Files.writeString(dir.resolve("what.txt"), "12345");
        var started = transfer.startDirectoryListing(r -> r.connectorId(connectorId).remoteDirectoryPath("/listed")
                .outputDirectoryPath("/remote-listings/runs"));
        String key = "runs/" + started.outputFileName();
        await().atMost(WAIT).ignoreExceptions().until(() -> s3.listObjectsV2(b -> b.bucket("remote-listings")).contents().stream()
                .anyMatch(o -> o.key().equals(key)));
        JsonNode listing = Json.parse(remoteObject("remote-listings", key));
        assertThat(listing.path("files").get(0).path("filePath").asText()).isEqualTo("/listed/what.txt");
        assertThat(listing.path("files").get(0).path("size").asLong()).isEqualTo(5);
    }

    @Test
    void aWorkflowDecryptsAnUploadIntoTheRemoteBucketAndTagsItThere() throws Exception {
        String workflowId = transfer.createWorkflow(r -> r.steps(
                WorkflowStep.builder().type(WorkflowStepType.DECRYPT).decryptStepDetails(DecryptStepDetails.builder()
                        .name("open").type(EncryptionType.PGP).destinationFileLocation(InputFileLocation.builder()
                                .s3FileLocation(S3InputFileLocation.builder().bucket("remote-archive")
                                        .key("${transfer:UserName}/").build()).build())
                        .overwriteExisting(OverwriteExisting.FALSE).build()).build(),
                tagPrevious())).workflowId();
        // an EFS server: its uploads are local files (COPY takes S3 files only, DECRYPT either), and the
        // workflow's S3 destination is the remote service
        String serverId = transfer.createServer(r -> r.domain(Domain.EFS).workflowDetails(w -> w.onUpload(
                WorkflowDetail.builder().workflowId(workflowId).executionRole(ROLE).build()))).serverId();
        transfer.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE)
                .homeDirectory("/" + EFS_ID + "/home/alice").posixProfile(p -> p.uid(1001L).gid(1001L))
                .sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic())));
        BcPgp.TestKey pgp = BcPgp.generate(BcPgp.KeyType.X25519, "open sesame");
        try (SecretsManagerClient secrets = TransferConnectorTest.secrets(server.endpoint())) {
            secrets.createSecret(r -> r.name("aws/transfer/" + serverId + "/alice").secretString(BcPgp.secretJson(
                    "PGPPrivateKey", pgp.armoredPrivateKey(), "PGPPassphrase", pgp.passphrase())));
        }
        upload(serverId, "report.csv.gpg", BcPgp.encrypt("a,b\n".getBytes(StandardCharsets.UTF_8),
                BcPgp.Options.plain(), pgp.encryptionKey()));
        await().atMost(WAIT).ignoreExceptions().until(() -> taggedArchived("remote-archive", "alice/report.csv.gpg"));
        assertThat(remoteObject("remote-archive", "alice/report.csv.gpg")).isEqualTo("a,b\n");
        assertThat(server.dataDir().resolve("objects/remote-archive")).doesNotExist();
    }

    @Test
    void anUploadToAnS3ServerLandsInTheRemoteBucketAndItsWorkflowCopiesItThere() throws Exception {
        String workflowId = transfer.createWorkflow(r -> r.steps(
                WorkflowStep.builder().type(WorkflowStepType.COPY).copyStepDetails(CopyStepDetails.builder()
                        .name("archive").destinationFileLocation(InputFileLocation.builder().s3FileLocation(
                                S3InputFileLocation.builder().bucket("remote-copies").key("${transfer:UserName}/")
                                        .build()).build()).overwriteExisting(OverwriteExisting.FALSE).build()).build(),
                tagPrevious())).workflowId();
        String serverId = transfer.createServer(r -> r.workflowDetails(w -> w.onUpload(
                WorkflowDetail.builder().workflowId(workflowId).executionRole(ROLE).build()))).serverId();
        transfer.createUser(r -> r.serverId(serverId).userName("alice").role(ROLE)
                .homeDirectory("/remote-uploads/home/alice")
                .sshPublicKeyBody(SshKeys.publicKeyLine(ALICE.getPublic())));
        upload(serverId, "data.csv", "x,y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(remoteObject("remote-uploads", "home/alice/data.csv")).isEqualTo("x,y\n");
        await().atMost(WAIT).ignoreExceptions().until(() -> taggedArchived("remote-copies", "alice/data.csv"));
        assertThat(remoteObject("remote-copies", "alice/data.csv")).isEqualTo("x,y\n");
        assertThat(server.dataDir().resolve("objects/remote-uploads")).doesNotExist();
    }
}
