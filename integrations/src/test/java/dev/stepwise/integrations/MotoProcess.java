package dev.stepwise.integrations;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A moto_server process (the local AWS stand-in) on 127.0.0.1 and a port it picks itself, for the
 * tests that need a real AWS-style service (here and in other modules, through the test-jar).
 * Without moto_server on the PATH (a Python package, not every machine has it) the calling test is
 * skipped with a message that says what needs it.
 */
public final class MotoProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto_server with {@code environment} added to its own, once it listens; {@code neededBy} names who needs it. */
    public static MotoProcess start(String neededBy, Map<String, String> environment) throws Exception {
        Path command = onPath("moto_server");
        if (command == null) {
            Assumptions.abort("moto_server is not on the PATH (pip install 'moto[server]'): " + neededBy + " need it");
        }
        ProcessBuilder pb = new ProcessBuilder(command.toString(), "-H", "127.0.0.1", "-p", "0")
                .redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process process = pb.start();
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
        }, "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new MotoProcess(process, URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS)));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
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
