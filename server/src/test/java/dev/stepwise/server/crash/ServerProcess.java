package dev.stepwise.server.crash;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A server in a process of its own, on a temporary data folder: started, killed as kill -9 kills
 * it, and started again on the same folder. Its output goes to {@code server.log} in that folder.
 */
final class ServerProcess implements AutoCloseable {
    private final Path data;
    /** What the test adds to the command (another store, more options). */
    private final Consumer<ProcessBuilder> configure;
    private Process process;

    ServerProcess(String prefix, Consumer<ProcessBuilder> configure) throws IOException {
        this.data = Files.createTempDirectory(prefix);
        this.configure = configure;
    }

    /**
     * A server started with these arguments after the ones every start gives (a cluster node's
     * {@code --database}, {@code --node-id}, lease, …): each start, restarts included, gives them.
     */
    ServerProcess(String prefix, List<String> arguments) throws IOException {
        this(prefix, command -> command.command().addAll(arguments));
    }

    /** Starts the server and waits until it listens: its endpoint. */
    URI start(Duration within) throws IOException {
        Path portFile = data.resolve("port");
        Files.deleteIfExists(portFile);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder command = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.stepwise.server.Main", "server", "--port", "0", "--data", data.resolve("store").toString(),
                "--port-file", portFile.toString());
        configure.accept(command);
        process = command.redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> !Files.readString(portFile).isBlank());
        return URI.create("http://127.0.0.1:" + Integer.parseInt(Files.readString(portFile).trim()));
    }

    /** The server's output so far (what a failing test shows). */
    String log() throws IOException {
        Path log = data.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills the process without warning (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
