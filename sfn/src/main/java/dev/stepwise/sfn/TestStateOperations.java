package dev.stepwise.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.StateType;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.StateTester;
import dev.stepwise.engine.history.Payload;
import dev.stepwise.integrations.HttpTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TestState: runs one state, given alone or named in a whole state machine, on an input, with
 * variables, a mocked result or error, a context object and a state configuration, and answers
 * how it ended (status, output, error, next state) and, at DEBUG and TRACE, what its data flow
 * did. Nothing is stored. The request is checked as AWS checks it before the state runs; the
 * state runs in the engine ({@link StateTester}).
 */
final class TestStateOperations {
    /** The name a state given alone takes: AWS locates its problems at "/States/StateName/…". */
    static final String LONE_STATE = "StateName";
    private static final int MAX_DEFINITION = 1_048_576;
    private static final int MAX_PAYLOAD = 262_144;
    private static final List<String> LEVELS = List.of("INFO", "DEBUG", "TRACE");
    private static final List<String> VALIDATION_MODES = List.of("STRICT", "PRESENT", "NONE");

    private final SfnContext ctx;
    private final RandomSource random;
    private final TaskRouter router;

    TestStateOperations(SfnContext ctx, RandomSource random, TaskRouter router) {
        this.ctx = ctx;
        this.random = random;
        this.router = router;
    }

    /**
     * A tester whose unmocked Tasks make their calls for real, as TestState does on AWS; an HTTP
     * task's exchange goes to {@code trace} (TRACE) when it is not null.
     */
    private StateTester tester(HttpTrace trace) {
        return new StateTester(ctx.clock(), random,
                trace == null ? router.integrations() : router.integrations().tracing(trace));
    }

    void register(Map<String, Operation> ops) {
        ops.put("TestState", this::testState);
    }

    /**
     * The mock as the request gives it: a result text or an error output (either may be absent),
     * and how strictly the result is checked (null for the default).
     */
    private record MockRequest(String result, boolean hasErrorOutput, String error, String cause,
                               String validationMode) {}

    /** stateConfiguration as the request gives it. */
    private record ConfigRequest(Integer retrierRetryCount, String errorCausedByState,
                                 Integer mapIterationFailureCount, String mapItemReaderData) {
        static final ConfigRequest NONE = new ConfigRequest(null, null, null, null);
    }

    private ObjectNode testState(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String definition = r.requiredString("definition", 1, MAX_DEFINITION);
        String roleArn = r.string("roleArn", 1, 256);
        String input = r.string("input", 0, MAX_PAYLOAD);
        String level = r.enumValue("inspectionLevel", LEVELS);
        boolean revealSecrets = Boolean.TRUE.equals(r.bool("revealSecrets"));
        String variables = r.string("variables", 0, MAX_PAYLOAD);
        String stateName = r.string("stateName", 1, 80);
        MockRequest mock = mock(r);
        String context = r.string("context", 0, MAX_PAYLOAD);
        ConfigRequest config = configuration(r);
        r.check();

        checkMockShape(mock, revealSecrets);
        if (roleArn != null) {
            StateMachineOperations.checkRoleArn(roleArn);
        }
        StateMachine machine = parse(definition, stateName);
        StateTester.Target target = StateTester.find(machine, stateName == null ? LONE_STATE : stateName);
        if (target == null) {
            throw validation("State '" + stateName + "' does not exist in the state machine definition.");
        }
        State state = target.state();
        checkMockFits(state, mock);
        if (mock == null && state instanceof TaskState task) {
            checkRealTask(task, roleArn);
        }
        JsonNode mockResult = mockResult(state, mock);
        JsonNode contextObject = null;
        if (context != null) {
            if (mock == null) {
                throw validation("A Context object can only be specified when a mock is specified.");
            }
            contextObject = MockedContext.parse(context);
        }
        String inputText = input == null ? "{}" : input;
        JsonNode inputNode = ExecutionOperations.parseInput(inputText);
        Map<String, JsonNode> scope = variables(variables);
        StateTester.Configuration configuration = configuration(config, state, mock);

        StateTester.Mock engineMock = mock == null ? null : mockResult != null ? new StateTester.Mock.Result(mockResult)
                : new StateTester.Mock.Error(mock.error(), mock.cause());
        String machineName = random.uuid().toString();
        String executionName = random.uuid().toString();
        ExecutionInfo info = new ExecutionInfo(SfnContext.expressExecutionArn(caller, machineName, executionName),
                executionName, SfnContext.stateMachineArn(caller, machineName), machineName, roleArn, ctx.clock().instant(),
                Payload.of(inputNode, inputText), null, null, 0);
        List<HttpTrace.Exchange> exchanges = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpTrace trace = "TRACE".equals(level) ? new HttpTrace(revealSecrets, exchanges::add) : null;
        StateTester.Result result;
        try {
            result = tester(trace).run(new StateTester.Request(info, machine, target, inputNode, scope,
                    contextObject, engineMock, configuration));
        } catch (StateTester.Refused e) {
            throw validation(e.getMessage());
        }
        Texts texts = new Texts(inputNode, inputText, mockResult, mock == null ? null : mock.result());
        ObjectNode response = response(result, level == null ? "INFO" : level, texts);
        if (!exchanges.isEmpty()) {
            HttpTrace.Exchange last = exchanges.getLast();
            ((ObjectNode) response.get("inspectionData")).set("request", last.request());
            ((ObjectNode) response.get("inspectionData")).set("response", last.response());
        }
        return response;
    }

    // ---- reading the request

    private static MockRequest mock(RequestReader r) {
        JsonNode mock = r.object("mock");
        if (mock == null) {
            return null;
        }
        RequestReader m = new RequestReader(mock);
        String result = m.string("result");
        if (result != null) {
            r.lengthAt("mock.result", result, 0, MAX_PAYLOAD);
        }
        String mode = m.string("fieldValidationMode");
        if (mode != null && !VALIDATION_MODES.contains(mode)) {
            r.violation("Value '" + mode + "' at 'mock.fieldValidationMode' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: " + VALIDATION_MODES);
        }
        JsonNode errorOutput = m.object("errorOutput");
        String error = null;
        String cause = null;
        if (errorOutput != null) {
            RequestReader e = new RequestReader(errorOutput);
            error = e.string("error");
            cause = e.string("cause");
            if (error != null) {
                r.lengthAt("mock.errorOutput.error", error, 0, 256);
            }
            if (cause != null) {
                r.lengthAt("mock.errorOutput.cause", cause, 0, 32_768);
            }
        }
        return new MockRequest(result, errorOutput != null, error, cause, mode);
    }

    private static ConfigRequest configuration(RequestReader r) {
        JsonNode config = r.object("stateConfiguration");
        if (config == null) {
            return ConfigRequest.NONE;
        }
        RequestReader c = new RequestReader(config);
        Integer retries = nonNegative(r, c, "retrierRetryCount");
        String errorCausedBy = c.string("errorCausedByState");
        if (errorCausedBy != null) {
            r.lengthAt("stateConfiguration.errorCausedByState", errorCausedBy, 1, 80);
        }
        Integer failures = nonNegative(r, c, "mapIterationFailureCount");
        String readerData = c.string("mapItemReaderData");
        if (readerData != null) {
            r.lengthAt("stateConfiguration.mapItemReaderData", readerData, 0, MAX_PAYLOAD);
        }
        return new ConfigRequest(retries, errorCausedBy, failures, readerData);
    }

    /** An integer member of stateConfiguration, at least 0 (a violation otherwise). */
    private static Integer nonNegative(RequestReader r, RequestReader c, String member) {
        Integer v = c.integer(member, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (v != null && v < 0) {
            r.violation("Value '" + v + "' at 'stateConfiguration." + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        return v;
    }

    // ---- checks, in the order AWS applies them

    /** A mock has exactly one of result and errorOutput, and hides nothing RevealSecrets could show. */
    private static void checkMockShape(MockRequest mock, boolean revealSecrets) {
        if (mock == null) {
            return;
        }
        if ((mock.result() != null) == mock.hasErrorOutput()) {
            throw validation("A test mock should have only one of the following fields: [result, errorOutput].");
        }
        if (revealSecrets) {
            throw validation("TestState does not support RevealSecrets when a mock is specified.");
        }
    }

    /**
     * The definition: one state (no stateName), or a whole state machine holding the named state.
     * Its problems are InvalidDefinition, worded as CreateStateMachine words them.
     */
    private static StateMachine parse(String definition, String stateName) {
        if (stateName == null) {
            ParsedDefinition parsed = DefinitionParser.parseState(definition, LONE_STATE);
            StateMachineOperations.refuseErrors(parsed);
            return parsed.machine();
        }
        return StateMachineOperations.parseDefinition(definition, "STANDARD").machine();
    }

    /**
     * Only a Task, Map or Parallel state does work a mock can stand in for; a Map or Parallel state
     * is only tested with a mock (AWS then words it as it did before mocks existed).
     */
    private static void checkMockFits(State state, MockRequest mock) {
        StateType type = state.type();
        boolean mockable = type == StateType.Task || type == StateType.Map || type == StateType.Parallel;
        if (mock != null && !mockable) {
            throw validation("State type '" + type.name() + "' is not supported when a mock is specified");
        }
        if (mock == null && (type == StateType.Map || type == StateType.Parallel)) {
            throw ServiceException.sfn("InvalidDefinition", "TestState API does not support Map or Parallel states. "
                    + "Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
        }
    }

    /**
     * A Task whose work really runs: activities and the .sync and .waitForTaskToken patterns only
     * run mocked, and the call needs a role to run as.
     */
    private static void checkRealTask(TaskState task, String roleArn) {
        boolean waits = task.resource() instanceof TaskResource.ServiceIntegration s
                && s.pattern() != TaskResource.Pattern.REQUEST_RESPONSE;
        if (task.resource() instanceof TaskResource.Activity || waits) {
            throw ServiceException.sfn("InvalidDefinition", "TestState API does not support Activity tasks or the "
                    + ".sync and .waitForTaskToken service integration patterns without a mock.");
        }
        if (roleArn == null) {
            throw validation("A roleArn is required to test a Task state without a mock.");
        }
    }

    /**
     * The mocked result as JSON (null for an error mock), of the shape the state's work returns
     * ({@link MockShapes}); a Task's conforms to the result of the API it calls, as
     * fieldValidationMode asks.
     */
    private static JsonNode mockResult(State state, MockRequest mock) {
        if (mock == null || mock.result() == null) {
            return null;
        }
        JsonNode result;
        try {
            result = Json.parse(mock.result());
        } catch (JsonProcessingException e) {
            throw validation("Mocked result must be valid JSON");
        }
        MockShapes.check(state, result);
        MockResultValidator.check(state, result, mock.validationMode());
        return result;
    }

    /** The variables the state starts with: a JSON object of names and values. */
    private static Map<String, JsonNode> variables(String text) {
        Map<String, JsonNode> scope = new LinkedHashMap<>();
        if (text == null) {
            return scope;
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw validation("Variables must be a valid JSON object.");
        }
        if (!parsed.isObject()) {
            throw validation("Variables must be a valid JSON object.");
        }
        parsed.fields().forEachRemaining(e -> scope.put(e.getKey(), e.getValue()));
        return scope;
    }

    /**
     * stateConfiguration for the engine. Failed Map iterations need a mock (no more can fail than
     * the Map has items, which the engine checks once it has them); the reader's data is turned
     * into items; the state an error comes from must be one of the Map's or Parallel's own states.
     */
    private static StateTester.Configuration configuration(ConfigRequest config, State state, MockRequest mock) {
        if (config.mapIterationFailureCount() != null && mock == null) {
            throw validation("mapIterationFailureCount can only be specified when a mock is specified.");
        }
        if (config.errorCausedByState() != null && !nested(state, config.errorCausedByState())) {
            throw validation("errorCausedByState '" + config.errorCausedByState()
                    + "' does not name a state of the tested Map or Parallel state.");
        }
        List<JsonNode> readerItems = null;
        if (config.mapItemReaderData() != null && state instanceof MapState map && map.itemReader() != null) {
            readerItems = ItemReaderData.items(map.itemReader(), config.mapItemReaderData());
        }
        return new StateTester.Configuration(config.retrierRetryCount(), config.mapIterationFailureCount(), readerItems);
    }

    /** Whether {@code name} is a state inside {@code state}'s branches or item processor. */
    private static boolean nested(State state, String name) {
        List<Block> blocks = switch (state) {
            case ParallelState p -> p.branches();
            case MapState m -> List.of(m.processor());
            default -> List.of();
        };
        for (Block b : blocks) {
            if (StateTester.find(b, name) != null) {
                return true;
            }
        }
        return false;
    }

    private static ServiceException validation(String message) {
        return ServiceException.sfn("ValidationException", message);
    }

    // ---- the answer

    /**
     * The texts the request gave: a document that reaches the answer unchanged is shown as it was
     * written (AWS echoes a mocked result "[1, 1, 1]" as written); others in compact JSON.
     */
    private record Texts(JsonNode input, String inputText, JsonNode mockResult, String mockText) {
        String of(JsonNode node) {
            if (node == mockResult && mockText != null) {
                return mockText;
            }
            if (node == input) {
                return inputText;
            }
            return Json.write(node);
        }
    }

    private static ObjectNode response(StateTester.Result result, String level, Texts texts) {
        ObjectNode o = Json.object();
        if (result.output() != null) {
            o.put("output", texts.of(result.output()));
        }
        if (result.error() != null) {
            o.put("error", result.error());
        }
        if (result.cause() != null) {
            o.put("cause", result.cause());
        }
        if (!level.equals("INFO")) {
            o.set("inspectionData", inspection(result.inspection(), texts));
        }
        if (result.nextState() != null) {
            o.put("nextState", result.nextState());
        }
        o.put("status", result.status().name());
        return o;
    }

    /**
     * DEBUG and TRACE: the data flow stages, the variables after the state, the Map's settings and
     * which Retry or Catch entry took the error. (TRACE adds the HTTP request and response of an
     * HTTP Task; see {@link #testState}.)
     */
    private static ObjectNode inspection(StateTester.Inspection inspection, Texts texts) {
        ObjectNode o = Json.object();
        inspection.data().forEach((stage, value) -> o.put(stage, texts.of(value)));
        if (!inspection.variables().isEmpty()) {
            ObjectNode variables = Json.object();
            inspection.variables().forEach(variables::set);
            o.put("variables", Json.write(variables));
        }
        StateTester.ErrorDetails details = inspection.errorDetails();
        if (details != null) {
            ObjectNode d = o.putObject("errorDetails");
            if (details.catchIndex() != null) {
                d.put("catchIndex", details.catchIndex());
            }
            if (details.retryIndex() != null) {
                d.put("retryIndex", details.retryIndex());
            }
            if (details.retryBackoffIntervalSeconds() != null) {
                d.put("retryBackoffIntervalSeconds", details.retryBackoffIntervalSeconds());
            }
        }
        if (inspection.maxConcurrency() != null) {
            o.put("maxConcurrency", inspection.maxConcurrency());
        }
        if (inspection.toleratedFailureCount() != null) {
            o.put("toleratedFailureCount", inspection.toleratedFailureCount());
        }
        if (inspection.toleratedFailurePercentage() != null) {
            o.put("toleratedFailurePercentage", inspection.toleratedFailurePercentage());
        }
        return o;
    }
}
