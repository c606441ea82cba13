package dev.stepwise.transfer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible service for tests: moto_server (the local AWS stand-in) on a port it picks
 * itself, started by the test and stopped with it. It takes any credentials. Without moto_server on
 * the PATH (a Python package, not every machine has it) the tests are skipped with a message.
 */
public final class MotoS3 implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "stepwise-test";
    public static final String SECRET_KEY = "stepwise-test-secret";
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final URI endpoint;

    private MotoS3(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoS3 start() throws Exception {
        Path command = onPath("moto_server");
        if (command == null) {
            Assumptions.abort("moto_server is not on the PATH (pip install 'moto[server]'): the tests of the S3 "
                    + "storage domain on an S3-compatible service need it");
        }
        Process process = new ProcessBuilder(command.toString(), "-H", "127.0.0.1", "-p", "0")
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = RUNNING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    } else if (!port.isDone()) {
                        log.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("moto_server stopped before it listened:\n" + log));
        }, "moto-s3-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new MotoS3(process, URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS)));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An SDK client of the service, to look at what landed there and to put things there. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
