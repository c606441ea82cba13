package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.LocalRunner;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.run.TaskResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a definition on simulated time and shows what the API would: the execution's status,
 * output, error and cause, and its history (event types, ids, previousEventIds and the details
 * members in GetExecutionHistory's wire form).
 *
 * <pre>
 * Runs.Result r = Runs.of(definition).input("{\"a\":1}").run();
 * assertThat(r.trace()).containsExactly("1 ExecutionStarted &lt;0", "2 PassStateEntered &lt;0", …);
 * </pre>
 */
final class Runs {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String MACHINE = "machine";
    static final String NAME = "run1";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/sfn";
    static final String EXECUTION_ARN = Arns.execution(REGION, ACCOUNT, MACHINE, NAME);
    static final String MACHINE_ARN = Arns.stateMachine(REGION, ACCOUNT, MACHINE);

    private final String definition;
    private String input = "{}";
    private TaskResource tasks = TaskResource.none();
    private WaitScale scale = WaitScale.REAL;
    private RandomSource random = RandomSource.seeded(7);

    private Runs(String definition) {
        this.definition = definition;
    }

    static Runs of(String definition) {
        return new Runs(definition);
    }

    Runs input(String json) {
        this.input = json;
        return this;
    }

    Runs tasks(TaskResource tasks) {
        this.tasks = tasks;
        return this;
    }

    Runs waitScale(double factor) {
        this.scale = new WaitScale(factor);
        return this;
    }

    Runs random(RandomSource random) {
        this.random = random;
        return this;
    }

    /** Runs the execution to its end on a manual clock starting at {@link #START}. */
    Result run() {
        Execution execution = execution(definition, input);
        ManualClock clock = new ManualClock(START);
        try {
            new LocalRunner(new Interpreter(clock, random, scale), clock, tasks).run(execution);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(execution);
    }

    static ParsedDefinition parse(String definition) {
        ParsedDefinition parsed = DefinitionParser.parse(definition);
        assertThat(parsed.ok()).as("definition is valid: %s",
                parsed.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("; "))).isTrue();
        return parsed;
    }

    static Execution execution(String definition, String input) {
        ParsedDefinition parsed = parse(definition);
        ExecutionInfo info = new ExecutionInfo(EXECUTION_ARN, NAME, MACHINE_ARN, MACHINE, ROLE_ARN, START,
                Payload.of(json(input), input), null, null, 0);
        return new Execution(info, parsed.machine());
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    /** Compares JSON documents by value, whatever the member order or the numeric node class. */
    static void assertJson(JsonNode actual, String expected) {
        assertThat(actual).as("JSON value").isNotNull();
        assertThat(json(Json.write(actual))).as("%s", Json.write(actual)).isEqualTo(json(expected));
    }

    /** What an execution ended with. */
    static final class Result {
        final Execution execution;

        Result(Execution execution) {
            this.execution = execution;
        }

        ExecutionStatus status() {
            return execution.status();
        }

        JsonNode output() {
            return execution.output();
        }

        String error() {
            return execution.error();
        }

        String cause() {
            return execution.cause();
        }

        List<HistoryEvent> events() {
            return execution.history();
        }

        /** Each event as "id Type &lt;previousEventId". */
        List<String> trace() {
            return trace(events());
        }

        static List<String> trace(List<HistoryEvent> events) {
            List<String> out = new ArrayList<>();
            for (HistoryEvent e : events) {
                out.add(e.id() + " " + e.type() + " <" + e.previousEventId());
            }
            return out;
        }

        /** The event types in order. */
        List<String> types() {
            return events().stream().map(e -> e.type().name()).toList();
        }

        /** GetExecutionHistory's events. */
        ArrayNode wire() {
            return HistoryJson.events(events());
        }

        /** The wire form of event {@code id}. */
        ObjectNode event(long id) {
            return HistoryJson.event(events().get((int) id - 1));
        }

        /** The details member of event {@code id} in wire form (null when the type has none). */
        JsonNode details(long id) {
            HistoryEvent e = events().get((int) id - 1);
            String field = e.type().detailsField();
            return field == null ? null : HistoryJson.event(e).get(field);
        }

        /** The last event, in wire form. */
        ObjectNode last() {
            return event(events().size());
        }

        /** When the execution stopped, relative to its start. */
        Duration elapsed() {
            return Duration.between(START, execution.stopDate());
        }

        /** When event {@code id} happened, relative to the start. */
        Duration at(long id) {
            return Duration.between(START, events().get((int) id - 1).timestamp());
        }

        void assertSucceeded(String output) {
            assertThat(status()).as("status; error %s, cause %s", error(), cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertJson(output(), output);
        }

        void assertFailed(String error, String cause) {
            assertThat(status()).as("status; output %s", output()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(error()).isEqualTo(error);
            assertThat(cause()).isEqualTo(cause);
        }
    }
}
