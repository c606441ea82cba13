package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.TOO_DEEPLY_NESTED;

import org.junit.jupiter.api.Test;

/** Parallel and Map states nest at most {@link DefinitionValidator#MAX_NESTING} levels deep. */
class NestingTest {

    /** A Pass state inside {@code levels} nested Parallel states, each the only state of its branch. */
    static String nested(int levels) {
        String block = "{'StartAt': 'Leaf', 'States': {'Leaf': {'Type': 'Pass', 'End': true}}}";
        for (int i = levels; i >= 1; i--) {
            block = "{'StartAt': 'P" + i + "', 'States': {'P" + i + "': {'Type': 'Parallel', 'End': true, 'Branches': ["
                    + block + "]}}}";
        }
        return block;
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        assertDiagnostics(nested(DefinitionValidator.MAX_NESTING));
    }

    @Test
    void nestingBeyondTheLimitIsTooDeep() {
        StringBuilder location = new StringBuilder();
        for (int i = 1; i <= DefinitionValidator.MAX_NESTING + 1; i++) {
            location.append("/States/P").append(i).append("/Branches[0]");
        }
        assertDiagnostics(nested(DefinitionValidator.MAX_NESTING + 1),
                error(TOO_DEEPLY_NESTED, "The states are too deeply nested", location.toString()));
    }
}
