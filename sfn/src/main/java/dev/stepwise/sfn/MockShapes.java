package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.State;

/**
 * The shape a TestState mock result must have when it stands in for more than one call: a
 * Parallel's result is an array with one item per branch; a Map's is the array of its iterations'
 * results, unless a ResultWriter writes those away, when it is the object the writer answers
 * (MapRunArn, ResultWriterDetails). A Task's result is checked against its service's model
 * elsewhere.
 */
final class MockShapes {
    private MockShapes() {}

    /** Refuses {@code result} with a ValidationException when it cannot be {@code state}'s result. */
    static void check(State state, JsonNode result) {
        switch (state) {
            case ParallelState p when !result.isArray() || result.size() != p.branches().size() ->
                    throw invalid("Mocked result must contain the same number of items as number of Parallel branches.");
            case MapState m when m.resultWriter() == null && !result.isArray() ->
                    throw invalid("Mocked result must be an array when the Map state has no ResultWriter.");
            case MapState m when m.resultWriter() != null && !result.isObject() ->
                    throw invalid("Mocked result must be an object when the Map state has a ResultWriter.");
            default -> { }
        }
    }

    private static ServiceException invalid(String message) {
        return ServiceException.sfn("ValidationException", message);
    }
}
