package dev.stepwise.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the threads of this JVM (virtual ones included) are doing, from a thread dump: what tests wait on. */
final class ThreadDumps {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThreadDumps() {}

    /**
     * The ids of the threads with a frame of {@code method} ("Class.method", or
     * "Outer$Inner.method") on their stack: a thread that came in
     * since an earlier look is one whose id that look did not have (threads of other tests of the
     * JVM may leave meanwhile).
     */
    static java.util.Set<String> threadsIn(String method) throws IOException {
        Path file = Files.createTempFile("threads", ".json");
        Files.delete(file);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        JsonNode dump = JSON.readTree(file.toFile());
        Files.delete(file);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                for (JsonNode frame : thread.path("stack")) {
                    if (frame.asText().contains(method + "(")) {
                        ids.add(thread.path("tid").asText());
                        break;
                    }
                }
            }
        }
        return ids;
    }
}
