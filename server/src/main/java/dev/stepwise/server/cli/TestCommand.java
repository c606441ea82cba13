package dev.stepwise.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.mock.MockConfigException;
import dev.stepwise.engine.mock.MockDispatcher;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.run.Arns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stepwise test FILE --mock-config FILE}: runs every test case the mock configuration
 * defines for the state machine, in process, on simulated time (Waits and retry intervals take no
 * real time), with a fixed random seed, so a run is fast and gives the same result every time.
 * Prints {@code PASS|FAIL <case> <status> <output or error>} per case. A case passes when it ends
 * as its expectation says, or, without one, when it succeeds. Exit 0 when every case passes, 1
 * when one does not, 2 for a bad definition, mock configuration or expectations file.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Runs each test case of a mock configuration file on a definition and checks the results.")
public final class TestCommand implements Callable<Integer> {
    /** When the simulated clock of every run starts: runs do not depend on the day they happen. */
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Set<String> EXPECTATION_FIELDS = Set.of("status", "output", "error", "cause", "input");
    private static final Set<String> STATUSES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    @Parameters(index = "0", paramLabel = "FILE", description = "the definition (Amazon States Language JSON)")
    Path file;

    @Option(names = "--mock-config", paramLabel = "FILE",
            defaultValue = "${env:STEPWISE_MOCK_CONFIG:-${env:SFN_MOCK_CONFIG}}",
            description = "the mock configuration file (Step Functions Local's format; also SFN_MOCK_CONFIG)")
    Path mockConfig;

    @Option(names = "--state-machine", paramLabel = "NAME",
            description = "the state machine of the mock configuration to test (default: the definition file's "
                    + "base name, or the only one the file configures)")
    String stateMachine;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "expected results: {\"<case>\": {\"status\": …, \"output\": …, \"error\": …, \"cause\": …, "
                    + "\"input\": …}}")
    Path expect;

    @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}",
            description = "the execution input of cases whose expectation names none (default {})")
    String input;

    @Option(names = "--wait-time-scale", paramLabel = "FACTOR",
            defaultValue = "${env:STEPWISE_WAIT_TIME_SCALE:-${env:WAIT_TIME_SCALE:-1}}",
            description = "scale Wait states and retry intervals on the simulated clock: 0 skips them (default 1)")
    double waitTimeScale;

    @Mixin
    ArnOptions arns;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The definition as the file holds it (read by {@link #definition}). */
    private String definitionText;

    /** What a case is expected to end with; null members are not checked. */
    private record Expectation(String status, JsonNode output, String error, String cause, JsonNode input) {}

    /** A setup problem: exit 2 with this message. */
    private static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ParsedDefinition parsed = definition(err);
            if (parsed == null) {
                return 2;
            }
            if (mockConfig == null) {
                throw new Unusable("name the mock configuration file with --mock-config FILE (or SFN_MOCK_CONFIG)");
            }
            MockConfig config;
            try {
                config = MockConfig.load(mockConfig);
            } catch (MockConfigException e) {
                throw new Unusable(e.getMessage());
            }
            String machine = machineName(config);
            List<String> cases = config.testCaseNames(machine);
            if (cases.isEmpty()) {
                throw new Unusable("the mock configuration " + mockConfig + " defines no test cases for " + machine);
            }
            Map<String, Expectation> expectations = expectations(cases);
            WaitScale scale = new WaitScale(waitTimeScale);
            JsonNode defaultInput = parse(input, "--input");
            boolean allPassed = true;
            for (String testCase : cases) {
                Expectation expected = expectations.get(testCase);
                JsonNode caseInput = expected != null && expected.input() != null ? expected.input() : defaultInput;
                InProcess.Finished execution = run(parsed, config, machine, testCase, caseInput, scale);
                List<String> mismatches = mismatches(execution, expected);
                allPassed &= mismatches.isEmpty();
                out.println((mismatches.isEmpty() ? "PASS " : "FAIL ") + testCase + " " + execution.status() + " "
                        + result(execution));
                for (String m : mismatches) {
                    err.println("  " + testCase + ": " + m);
                }
            }
            out.flush();
            return allPassed ? 0 : 1;
        } catch (Unusable | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private ParsedDefinition definition(PrintWriter err) throws Unusable {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Unusable("cannot read " + file + ": " + e.getMessage());
        }
        definitionText = text;
        ParsedDefinition parsed = DefinitionParser.parse(text);
        if (!parsed.errors().isEmpty()) {
            for (Diagnostic d : parsed.errors()) {
                err.println(d.render());
            }
            return null;
        }
        return parsed;
    }

    /** --state-machine, else the definition file's base name, else the only machine configured. */
    private String machineName(MockConfig config) throws Unusable {
        List<String> names = config.machineNames();
        if (stateMachine != null) {
            if (!config.hasMachine(stateMachine)) {
                throw new Unusable("the mock configuration " + mockConfig + " configures no state machine '"
                        + stateMachine + "' (it configures " + listed(names) + ")");
            }
            return stateMachine;
        }
        String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (config.hasMachine(base)) {
            return base;
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        throw new Unusable("the mock configuration " + mockConfig + " configures no state machine named after "
                + file.getFileName() + " ('" + base + "'): choose one of " + listed(names) + " with --state-machine");
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private Map<String, Expectation> expectations(List<String> cases) throws Unusable {
        Map<String, Expectation> result = new LinkedHashMap<>();
        if (expect == null) {
            return result;
        }
        JsonNode root;
        try {
            root = Json.parse(Files.readString(expect));
        } catch (IOException e) {
            throw new Unusable("cannot read the expectations file " + expect + ": " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new Unusable("the expectations file " + expect + " must hold a JSON object of test cases");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "expectations " + expect + ": " + e.getKey();
            if (!cases.contains(e.getKey())) {
                throw new Unusable(at + " is not a test case of the mock configuration (its cases: "
                        + listed(cases) + ")");
            }
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new Unusable(at + " must be an object with status, output, error, cause or input");
            }
            for (Iterator<String> f = v.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!EXPECTATION_FIELDS.contains(field)) {
                    throw new Unusable(at + ": unknown field '" + field + "' (expected status, output, error, cause "
                            + "or input)");
                }
            }
            String status = text(v, "status", at);
            if (status != null && !STATUSES.contains(status)) {
                throw new Unusable(at + ".status must be SUCCEEDED, FAILED, TIMED_OUT or ABORTED, not " + status);
            }
            result.put(e.getKey(), new Expectation(status, v.get("output"), text(v, "error", at), text(v, "cause", at),
                    v.get("input")));
        }
        return result;
    }

    private static String text(JsonNode v, String field, String at) throws Unusable {
        JsonNode n = v.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new Unusable(at + "." + field + " must be a string");
        }
        return n.asText();
    }

    private static JsonNode parse(String text, String what) throws Unusable {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new Unusable(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Runs the test case on the runtime, in memory, on simulated time, with the same randomness every time. */
    private InProcess.Finished run(ParsedDefinition parsed, MockConfig config, String machine, String testCase,
                                   JsonNode caseInput, WaitScale scale) throws InterruptedException {
        String executionName = testCase.replaceAll("[^A-Za-z0-9_-]", "-");
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(
                Arns.execution(arns.region, arns.account, machine, executionName), executionName,
                Arns.stateMachine(arns.region, arns.account, machine), machine, "STANDARD", parsed.machine(),
                definitionText, "arn:aws:iam::" + arns.account + ":role/stepwise", caseInput,
                Json.write(caseInput), null, null, null, null);
        try (InProcess run = InProcess.simulated(START, MockDispatcher.alone(config), b -> b.waitScale(scale)
                .seeds(() -> 0).randomness(seed -> RandomSource.seeded(0)))) {
            return run.run(request, testCase);
        }
    }

    private static String error(InProcess.Finished e) {
        return e.status() == ExecutionStatus.TIMED_OUT && e.error() == null ? StatesErrors.TIMEOUT : e.error();
    }

    /** The output of a success, else {"Error", "Cause"} as {@code stepwise run} prints them. */
    private static String result(InProcess.Finished e) {
        if (e.status() == ExecutionStatus.SUCCEEDED) {
            return Json.write(e.output());
        }
        ObjectNode failure = Json.object();
        if (error(e) != null) {
            failure.put("Error", error(e));
        }
        if (e.cause() != null) {
            failure.put("Cause", e.cause());
        }
        return Json.write(failure);
    }

    private static List<String> mismatches(InProcess.Finished e, Expectation expected) {
        List<String> problems = new ArrayList<>();
        if (expected == null) {
            if (e.status() != ExecutionStatus.SUCCEEDED) {
                problems.add("expected SUCCEEDED (no expectation given), got " + e.status());
            }
            return problems;
        }
        if (expected.status() != null && !expected.status().equals(e.status().name())) {
            problems.add("expected status " + expected.status() + ", got " + e.status());
        }
        if (expected.output() != null) {
            JsonNode actual = e.status() == ExecutionStatus.SUCCEEDED ? e.output() : null;
            if (actual == null || !same(actual, expected.output())) {
                problems.add("expected output " + Json.write(expected.output()) + ", got "
                        + (actual == null ? "none" : Json.write(actual)));
            }
        }
        if (expected.error() != null && !expected.error().equals(error(e))) {
            problems.add("expected error " + expected.error() + ", got " + (error(e) == null ? "none" : error(e)));
        }
        if (expected.cause() != null && !expected.cause().equals(e.cause())) {
            problems.add("expected cause " + expected.cause() + ", got " + (e.cause() == null ? "none" : e.cause()));
        }
        return problems;
    }

    /** JSON equality by value, whatever the member order or the numeric node class. */
    private static boolean same(JsonNode a, JsonNode b) {
        try {
            return Json.parse(Json.write(a)).equals(Json.parse(Json.write(b)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
