package dev.stepwise.server.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine in process, on simulated time, as a server that never crashed runs a definition: the
 * histories and outputs the crash tests hold the server's to. One run at a time (its runs share a
 * simulated clock); one per thread when several check at once.
 */
final class CrashFreeRun implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private final String roleArn;
    private final InProcess engine;

    /** Runs whose Task states {@code tasks} carries out, as the test's workers do on the server. */
    CrashFreeRun(String roleArn, TaskDispatcher tasks) {
        this.roleArn = roleArn;
        this.engine = InProcess.simulated(Instant.parse("2026-01-01T00:00:00Z"), tasks, b -> { });
    }

    /** The execution {@code arn} of machine {@code machine} (its name) with this input, run to its end. */
    synchronized InProcess.Finished run(String definition, String machine, String arn, String input)
            throws Exception {
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(arn, name,
                "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + machine, machine, "STANDARD",
                DefinitionParser.parse(definition).machine(), definition, roleArn, Json.parse(input), input, null,
                null, null, null);
        return engine.run(request, null);
    }

    /** A run's history as GetExecutionHistory carries it, timestamps removed (they differ between runs). */
    static List<JsonNode> events(InProcess.Finished run) {
        List<JsonNode> events = new ArrayList<>();
        run.history().forEach(e -> events.add(withoutTimestamp(e)));
        return events;
    }

    static ObjectNode withoutTimestamp(ObjectNode event) {
        event.remove("timestamp");
        return event;
    }

    /**
     * The reference history with the worker's name left out of each ActivityStarted that names none
     * in {@code actual}: a task handed out just before the kill, whose ActivityStarted was not yet
     * committed, is answered after the restart by the worker that holds it, and its start is then
     * recorded without the name, lost with the step (ExecutionRuntime.deliverStart). Every other
     * event, and that one's type, id and place, must be the same.
     */
    static List<JsonNode> withLostWorkerNames(List<JsonNode> actual, List<JsonNode> reference) {
        List<JsonNode> expected = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            JsonNode event = reference.get(i);
            boolean lost = i < actual.size() && "ActivityStarted".equals(event.path("type").asText())
                    && "ActivityStarted".equals(actual.get(i).path("type").asText())
                    && actual.get(i).path("activityStartedEventDetails").isEmpty();
            if (lost) {
                ObjectNode copy = ((ObjectNode) event).deepCopy();
                copy.putObject("activityStartedEventDetails");
                event = copy;
            }
            expected.add(event);
        }
        return expected;
    }

    @Override
    public void close() {
        engine.close();
    }
}
