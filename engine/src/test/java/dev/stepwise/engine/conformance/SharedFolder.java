package dev.stepwise.engine.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds ../shared (the conformance cases) and a python3 with boto3. Under CI=true a missing piece
 * fails the build; elsewhere the tests that need it are skipped with a message.
 */
public final class SharedFolder {
    private SharedFolder() {}

    public static Path projectRoot() {
        String root = System.getProperty("stepwise.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    public static Path require() {
        String configured = System.getProperty("stepwise.shared");
        Path shared = configured != null ? Path.of(configured) : projectRoot().resolve("../shared");
        shared = shared.toAbsolutePath().normalize();
        if (!Files.isDirectory(shared.resolve("conformance/cases"))) {
            missing("the conformance cases (" + shared.resolve("conformance/cases") + ") are not there");
        }
        String python = python();
        try {
            Process p = new ProcessBuilder(python, "-c", "import boto3, jsonpath_ng").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing(python + " cannot import boto3 and jsonpath_ng");
            }
        } catch (IOException | InterruptedException e) {
            missing("python3 is not available: " + e.getMessage());
        }
        return shared;
    }

    public static String python() {
        return System.getenv().getOrDefault("PYTHON", "python3");
    }

    private static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + what);
        }
        Assumptions.abort("skipped: " + what);
    }
}
