package dev.stepwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary data folder for a benchmark's server, deleted when the benchmark's JVM exits: a
 * million closed executions or a 30-minute soak leave gigabytes behind otherwise.
 */
final class BenchData {
    private BenchData() {}

    static Path folder(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "stepwise-bench-cleanup"));
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("# could not delete " + dir + ": " + e.getMessage());
        }
    }
}
