package dev.stepwise.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.transfer.sftp.MinaSftpEndpoints;
import dev.stepwise.transfer.sftp.SftpServerSpec;
import dev.stepwise.transfer.sftp.SftpUser;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.sftp.Upload;
import dev.stepwise.transfer.sftp.UploadListener;
import dev.stepwise.transfer.storage.ObjectStorage;
import dev.stepwise.transfer.storage.ObjectStore;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** A real SFTP endpoint on a temporary data folder and MINA's own client, for the SFTP tests. */
final class SftpFixture implements AutoCloseable {
    static final String SERVER_ID = "s-0123456789abcdef0";
    static final KeyPair HOST = SshKeys.generateRsa(2048);
    static final KeyPair ALICE = SshKeys.generateRsa(2048);

    final TransferConfig config;
    final ObjectStore store;
    final MinaSftpEndpoints endpoints;
    final RecordingUploads uploads = new RecordingUploads();
    final SshClient client;

    SftpFixture(TransferConfig config, Duration idleTimeout) throws IOException {
        this(config, idleTimeout, null);
    }

    /** An endpoint whose S3 servers keep their files in {@code s3} (null: the embedded store). */
    SftpFixture(TransferConfig config, Duration idleTimeout, ObjectStorage s3) throws IOException {
        this.config = config;
        this.store = new ObjectStore(config.objectRoot());
        this.endpoints = new MinaSftpEndpoints(config, store, s3 == null ? store : s3, idleTimeout,
                new java.security.SecureRandom());
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> key.equals(HOST.getPublic()));
        client.start();
    }

    SftpFixture(TransferConfig config) throws IOException {
        this(config, MinaSftpEndpoints.IDLE_TIMEOUT);
    }

    /** Opens the server with the one user alice, on a free port; the port. */
    int open(String domain, SftpUser alice) throws IOException {
        SftpServerSpec spec = new SftpServerSpec(SERVER_ID, domain, List.of(), List.of(HOST),
                name -> name.equals(alice.userName()) ? Optional.of(alice) : Optional.empty(), uploads);
        return endpoints.open(spec).getFirst();
    }

    static SftpUser pathUser(String home) {
        return new SftpUser("alice", List.of(ALICE.getPublic()), "PATH", home, List.of());
    }

    static SftpUser logicalUser(List<SftpUser.HomeMapping> mappings) {
        return new SftpUser("alice", List.of(ALICE.getPublic()), "LOGICAL", null, mappings);
    }

    ClientSession login(int port) throws IOException {
        ClientSession session = client.connect("alice", "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession();
        session.addPublicKeyIdentity(ALICE);
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    static SftpClient sftp(ClientSession session) throws IOException {
        return SftpClientFactory.instance().createSftpClient(session);
    }

    @Override
    public void close() {
        client.stop();
        endpoints.close();
    }

    /** Remembers the uploads reported, in order. */
    static final class RecordingUploads implements UploadListener {
        final BlockingQueue<Upload> completed = new LinkedBlockingQueue<>();
        final BlockingQueue<Upload> partial = new LinkedBlockingQueue<>();

        @Override
        public void completed(Upload upload) {
            completed.add(upload);
        }

        @Override
        public void partial(Upload upload) {
            partial.add(upload);
        }

        Upload nextCompleted() throws InterruptedException {
            return next(completed, "completed");
        }

        Upload nextPartial() throws InterruptedException {
            return next(partial, "partial");
        }

        private static Upload next(BlockingQueue<Upload> queue, String what) throws InterruptedException {
            Upload upload = queue.poll(10, TimeUnit.SECONDS);
            assertThat(upload).as("a " + what + " upload within 10 s").isNotNull();
            return upload;
        }
    }

    static Map<String, java.nio.file.Path> efs(String id, java.nio.file.Path folder) {
        return Map.of(id, folder);
    }
}
