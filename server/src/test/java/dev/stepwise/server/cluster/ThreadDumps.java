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

    /** How many threads have a frame of {@code method} ("Class.method", or "Outer$Inner.method") on their stack. */
    static int inMethod(String method) throws IOException {
        Path file = Files.createTempFile("threads", ".json");
        Files.delete(file);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        JsonNode dump = JSON.readTree(file.toFile());
        Files.delete(file);
        int count = 0;
        for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                for (JsonNode frame : thread.path("stack")) {
                    if (frame.asText().contains(method + "(")) {
                        count++;
                        break;
                    }
                }
            }
        }
        return count;
    }
}
