package dev.stepwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.transfer.sftp.SshKeys;
import dev.stepwise.transfer.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * The Transfer face under load: SFTP clients upload files to a server whose every upload runs a
 * three-step managed workflow (COPY the file to an archive folder, TAG the copy, DELETE the
 * upload), on the embedded store with every commit durable. Prints "RESULT" lines: the uploads
 * per second the clients achieved, and the workflows per second from the first upload to the last
 * execution's end.
 *
 * <p>With {@code connector} first, it measures an SFTP connector instead: files in the object store sent
 * to a second SFTP server of the same Stepwise by StartFileTransfer calls of ten files each, {@code clients}
 * of them in flight at a time; it prints the files per second from the first call to the last file's
 * result (COMPLETED or FAILED, by ListFileTransferResults).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.TransferLoad [files] [clients] [bytes]
 *   java -cp bench/target/benchmarks.jar dev.stepwise.bench.TransferLoad connector [files] [clients] [bytes]
 * </pre>
 */
public final class TransferLoad {
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/transfer";

    private final HttpClient http = HttpClient.newHttpClient();
    private String endpoint;

    public static void main(String[] args) throws Exception {
        boolean connector = args.length > 0 && args[0].equals("connector");
        int at = connector ? 1 : 0;
        int files = args.length > at ? Integer.parseInt(args[at]) : 2000;
        int clients = args.length > at + 1 ? Integer.parseInt(args[at + 1]) : 8;
        int bytes = args.length > at + 2 ? Integer.parseInt(args[at + 2]) : 1024;
        if (connector) {
            new TransferLoad().runConnector(files, clients, bytes);
        } else {
            new TransferLoad().run(files, clients, bytes);
        }
        System.exit(0);
    }

    private void runConnector(int files, int clients, int bytes) throws Exception {
        Path data = BenchData.folder("stepwise-bench-connector");
        KeyPair key = SshKeys.generateRsa(2048);
        byte[] content = new byte[bytes];
        java.util.Arrays.fill(content, (byte) 'x');
        ObjectStore objects = new ObjectStore(data.resolve("objects"));
        for (int i = 0; i < files; i++) {
            objects.put("outgoing", "f" + i + ".dat", new java.io.ByteArrayInputStream(content), Map.of());
        }
        try (StepwiseServer server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", ACCOUNT,
                WaitScale.REAL, true))) {
            endpoint = "http://127.0.0.1:" + server.port();
            String partnerId = call("CreateServer", "{}").path("ServerId").asText();
            call("CreateUser", "{\"ServerId\": \"" + partnerId + "\", \"UserName\": \"partner\", \"Role\": \"" + ROLE
                    + "\", \"HomeDirectory\": \"/partner\", \"SshPublicKeyBody\": \""
                    + SshKeys.publicKeyLine(key.getPublic()) + "\"}");
            int port = call("DescribeServer", "{\"ServerId\": \"" + partnerId + "\"}").path("Server")
                    .path("ProtocolDetails").path("SftpPorts").path(0).path("SftpPort").asInt();
            String secret = Json.write(Json.object().put("Name", "bench/partner").put("SecretString",
                    Json.write(Json.object().put("Username", "partner").put("PrivateKey", SshKeys.privateKeyText(key)))));
            String secretArn = call("secretsmanager.", "CreateSecret", secret).path("ARN").asText();
            String connectorId = call("CreateConnector", "{\"Url\": \"sftp://127.0.0.1:" + port
                    + "\", \"AccessRole\": \"" + ROLE + "\", \"SftpConfig\": {\"UserSecretId\": \"" + secretArn + "\"}}")
                    .path("ConnectorId").asText();
            String hostKey = call("TestConnection", "{\"ConnectorId\": \"" + connectorId + "\"}")
                    .path("SftpConnectionDetails").path("HostKey").asText();
            call("UpdateConnector", "{\"ConnectorId\": \"" + connectorId + "\", \"SftpConfig\": {\"TrustedHostKeys\": [\""
                    + hostKey + "\"]}}");

            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<long[]>> transfers = new ArrayList<>();
            for (int first = 0; first < files; first += 10) {
                int from = first;
                transfers.add(pool.submit(() -> sendAndAwait(connectorId, from, Math.min(from + 10, files))));
            }
            long completed = 0;
            long failed = 0;
            for (Future<long[]> f : transfers) {
                long[] outcome = f.get();
                completed += outcome[0];
                failed += outcome[1];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            result("connector.files", files, "files of " + bytes + " bytes sent, 10 per StartFileTransfer, "
                    + clients + " transfers in flight");
            result("connector.files_per_second", files / seconds, "files/s (first call to the last file's result)");
            result("connector.files_completed", completed, "files");
            result("connector.files_failed", failed, "files");
        }
    }

    /** Sends files {@code from} to {@code to} in one StartFileTransfer and waits for their results: [completed, failed]. */
    private long[] sendAndAwait(String connectorId, int from, int to) throws Exception {
        StringBuilder paths = new StringBuilder();
        for (int i = from; i < to; i++) {
            paths.append(i == from ? "" : ", ").append("\"/outgoing/f").append(i).append(".dat\"");
        }
        String transferId = call("StartFileTransfer", "{\"ConnectorId\": \"" + connectorId
                + "\", \"SendFilePaths\": [" + paths + "], \"RemoteDirectoryPath\": \"/\"}").path("TransferId").asText();
        while (true) {
            JsonNode results = call("ListFileTransferResults", "{\"ConnectorId\": \"" + connectorId
                    + "\", \"TransferId\": \"" + transferId + "\"}").path("FileTransferResults");
            long completed = 0;
            long failed = 0;
            for (JsonNode r : results) {
                String status = r.path("StatusCode").asText();
                completed += status.equals("COMPLETED") ? 1 : 0;
                failed += status.equals("FAILED") ? 1 : 0;
            }
            if (completed + failed == to - from) {
                return new long[] {completed, failed};
            }
            Thread.sleep(20); // polling the API as a client would; no synchronisation depends on it
        }
    }

    private void run(int files, int clients, int bytes) throws Exception {
        Path data = BenchData.folder("stepwise-bench-transfer");
        KeyPair key = SshKeys.generateRsa(2048);
        try (StepwiseServer server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", ACCOUNT,
                WaitScale.REAL, true))) {
            endpoint = "http://127.0.0.1:" + server.port();
            String workflowId = call("CreateWorkflow", """
                    {"Steps": [
                      {"Type": "COPY", "CopyStepDetails": {"Name": "archive", "DestinationFileLocation":
                        {"S3FileLocation": {"Bucket": "archive", "Key": "${transfer:UserName}/"}}}},
                      {"Type": "TAG", "TagStepDetails": {"Name": "mark", "Tags": [{"Key": "stage", "Value": "archived"}]}},
                      {"Type": "DELETE", "DeleteStepDetails": {"Name": "clean", "SourceFileLocation": "${original.file}"}}
                    ]}""").path("WorkflowId").asText();
            String serverId = call("CreateServer", "{\"WorkflowDetails\": {\"OnUpload\": [{\"WorkflowId\": \""
                    + workflowId + "\", \"ExecutionRole\": \"" + ROLE + "\"}]}}").path("ServerId").asText();
            call("CreateUser", "{\"ServerId\": \"" + serverId + "\", \"UserName\": \"loader\", \"Role\": \"" + ROLE
                    + "\", \"HomeDirectory\": \"/incoming\", \"SshPublicKeyBody\": \""
                    + SshKeys.publicKeyLine(key.getPublic()) + "\"}");
            int port = call("DescribeServer", "{\"ServerId\": \"" + serverId + "\"}").path("Server")
                    .path("ProtocolDetails").path("SftpPorts").path(0).path("SftpPort").asInt();
            Path log = data.resolve("transfer-logs").resolve(serverId + ".log");

            byte[] content = new byte[bytes];
            java.util.Arrays.fill(content, (byte) 'x');
            SshClient ssh = SshClient.setUpDefaultClient();
            ssh.setServerKeyVerifier((session, address, k) -> true);
            ssh.start();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    upload(ssh, port, key, client, files / clients + (client < files % clients ? 1 : 0), content);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double uploadSeconds = (System.nanoTime() - start) / 1e9;
            // every execution ends with one ExecutionCompleted (or ExecutionErrored) line
            long ended;
            while ((ended = ended(log)) < files) {
                Thread.sleep(20); // polling a file the server appends to; no synchronisation depends on it
            }
            double allSeconds = (System.nanoTime() - start) / 1e9;
            long errored = Files.readAllLines(log).stream().filter(l -> l.contains("\"ExecutionErrored\"")).count();
            pool.shutdown();
            ssh.stop();
            result("transfer.files", files, "uploads of " + bytes + " bytes by " + clients + " SFTP clients");
            result("transfer.uploads_per_second", files / uploadSeconds, "uploads/s (closed, stored, workflow started)");
            result("transfer.workflows_per_second", ended / allSeconds,
                    "3-step workflows/s (COPY, TAG, DELETE; first upload to last execution end)");
            result("transfer.workflows_errored", errored, "executions");
        }
    }

    private static void upload(SshClient ssh, int port, KeyPair key, int client, int count, byte[] content)
            throws IOException {
        try (ClientSession session = ssh.connect("loader", "127.0.0.1", port).verify(Duration.ofSeconds(30))
                .getSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(Duration.ofSeconds(30));
            try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                for (int i = 0; i < count; i++) {
                    try (OutputStream out = sftp.write("/c" + client + "-" + i + ".dat")) {
                        out.write(content);
                    }
                }
            }
        }
    }

    private static long ended(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("\"ExecutionCompleted\"") || l.contains("\"ExecutionErrored\"")).count();
        }
    }

    private JsonNode call(String operation, String body) throws IOException, InterruptedException {
        return call("TransferService.", operation, body);
    }

    private JsonNode call(String targetPrefix, String operation, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("X-Amz-Target", targetPrefix + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.parse(r.body());
    }

    private static void result(String name, double value, String unit) {
        System.out.printf("RESULT stepwise %s %s %s%n", name,
                value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value), unit);
    }
}
