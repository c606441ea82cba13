package dev.stepwise.server.sfn;

import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.DiagnosticCodes;
import dev.stepwise.asl.parse.ParsedDefinition;
import java.util.ArrayList;
import java.util.List;

/** What a machine's type forbids: EXPRESS machines cannot wait for callbacks or run .sync jobs. */
final class TypeRules {
    private TypeRules() {}

    static List<Diagnostic> check(ParsedDefinition parsed, String type) {
        List<Diagnostic> out = new ArrayList<>();
        if ("EXPRESS".equals(type) && parsed.machine() != null) {
            block(parsed.machine().block(), out);
        }
        return out;
    }

    private static void block(Block block, List<Diagnostic> out) {
        for (State state : block.states().values()) {
            switch (state) {
                case TaskState t -> {
                    String resource = t.resource() == null ? "" : t.resource();
                    String location = t.common().location() + "/Resource";
                    if (resource.endsWith(".waitForTaskToken")) {
                        out.add(Diagnostic.error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED,
                                "Express state machine does not support '.waitForTaskToken' service integration ", location));
                    } else if (resource.contains(".sync")) {
                        out.add(Diagnostic.error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED,
                                "Express state machine does not support '.sync' service integration ", location));
                    }
                }
                case ParallelState p -> p.branches().forEach(b -> block(b, out));
                case MapState m -> block(m.processor(), out);
                default -> { }
            }
        }
    }
}
