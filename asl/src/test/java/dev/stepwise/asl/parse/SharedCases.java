package dev.stepwise.asl.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a folder of ../shared/conformance (from the system property stepwise.shared). When it is
 * missing the test is skipped with a message, except under CI=true, where that is a failure.
 */
final class SharedCases {
    private SharedCases() {}

    /** The folder, or null when it is absent (for callers that only want to use it when there). */
    static Path find(String folder) {
        String shared = System.getProperty("stepwise.shared");
        Path path = shared == null ? null : Path.of(shared, "conformance", folder);
        return path != null && Files.isDirectory(path) ? path : null;
    }

    /** The folder; skips the test (fails it under CI=true) when it is absent. */
    static Path require(String folder) {
        Path path = find(folder);
        if (path == null) {
            String what = "the conformance folder '" + folder + "' is not beside the project (stepwise.shared="
                    + System.getProperty("stepwise.shared") + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + what);
            }
            Assumptions.abort("skipped: " + what);
        }
        return path;
    }
}
