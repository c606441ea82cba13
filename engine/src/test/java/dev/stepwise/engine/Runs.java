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
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.ExecutionIdentity;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionUpdate;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a definition on simulated time, on the runtime the server runs executions on (over an
 * execution log in memory), and shows what the API would: the execution's status, output, error
 * and cause, and its history (event types, ids, previousEventIds and the details members in
 * GetExecutionHistory's wire form).
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
    private TaskDispatcher tasks = TaskDispatcher.none();
    private String mockTestCase;
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

    Runs tasks(TaskDispatcher tasks) {
        this.tasks = tasks;
        return this;
    }

    /** Runs the execution as one of the mock configuration's test case {@code name}. */
    Runs mockTestCase(String name) {
        this.mockTestCase = name;
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
        ParsedDefinition parsed = parse(definition);
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(EXECUTION_ARN, NAME, MACHINE_ARN,
                MACHINE, "STANDARD", parsed.machine(), definition, ROLE_ARN, json(input), input, null, null, null,
                null);
        try (InProcess run = InProcess.simulated(START, tasks, b -> b.waitScale(scale).seeds(() -> 7)
                .randomness(seed -> random))) {
            return new Result(run.run(request, mockTestCase));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** What an execution ended with: its record and its history, as the API shows them. */
    static final class Result {
        final InProcess.Finished finished;

        Result(InProcess.Finished finished) {
            this.finished = finished;
        }

        /** An execution driven by hand (see {@link Stepper}), as the API would show it so far. */
        static Result of(Execution ex) {
            ExecutionInfo info = ex.info();
            ExecutionIdentity identity = new ExecutionIdentity(info.executionArn(), info.stateMachineArn(), info.name(),
                    "STANDARD", info.startTime(), info.input().text(), "{}", info.roleArn(), 0,
                    info.stateMachineVersionArn(), info.stateMachineAliasArn(), null, null, null);
            ExecutionUpdate state = new ExecutionUpdate(ex.status().name(), ex.stopDate(),
                    ex.status() == ExecutionStatus.SUCCEEDED ? Json.write(ex.output()) : null, ex.error(), ex.cause(),
                    ex.nextEventId(), ex.redriveCount(), ex.redriveDate());
            List<ObjectNode> history = new ArrayList<>();
            HistoryJson.events(ex.history()).forEach(e -> history.add((ObjectNode) e));
            return new Result(new InProcess.Finished(new ExecutionRecord(1, 1, "local",
                    ExecutionRecord.SIGNED_TOKENS, identity, state), history));
        }

        /** The events, in the API's wire form. */
        List<ObjectNode> events() {
            return finished.history();
        }

        ExecutionStatus status() {
            return finished.status();
        }

        JsonNode output() {
            return finished.output();
        }

        String error() {
            return finished.error();
        }

        String cause() {
            return finished.cause();
        }

        /** DescribeExecution's answer. */
        ObjectNode describe() {
            return ExecutionJson.describe(finished.record());
        }

        /** Each event as "id Type &lt;previousEventId". */
        List<String> trace() {
            List<String> out = new ArrayList<>();
            for (ObjectNode e : finished.history()) {
                out.add(e.get("id").asLong() + " " + e.get("type").asText() + " <" + e.get("previousEventId").asLong());
            }
            return out;
        }

        /** The event types in order. */
        List<String> types() {
            return finished.history().stream().map(e -> e.get("type").asText()).toList();
        }

        /** GetExecutionHistory's events. */
        ArrayNode wire() {
            ArrayNode events = Json.array();
            finished.history().forEach(events::add);
            return events;
        }

        /** The wire form of event {@code id}. */
        ObjectNode event(long id) {
            return finished.history().get((int) id - 1);
        }

        /** The details member of event {@code id} in wire form (null when the type has none). */
        JsonNode details(long id) {
            ObjectNode e = event(id);
            String field = EventType.valueOf(e.get("type").asText()).detailsField();
            return field == null ? null : e.get(field);
        }

        /** The last event, in wire form. */
        ObjectNode last() {
            return event(finished.history().size());
        }

        /** When the execution stopped, relative to its start. */
        Duration elapsed() {
            return Duration.between(START, finished.record().stop());
        }

        /** When event {@code id} happened, relative to the start. */
        Duration at(long id) {
            java.math.BigDecimal seconds = event(id).get("timestamp").decimalValue();
            Instant t = Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValue());
            return Duration.between(START, t);
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
