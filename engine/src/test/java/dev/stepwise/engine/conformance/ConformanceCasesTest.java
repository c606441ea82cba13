package dev.stepwise.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.Diagnostic;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.ExecutionJson;
import dev.stepwise.engine.run.Arns;
import dev.stepwise.engine.run.InProcess;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every conformance case (definitions, inputs and the histories AWS recorded for them) on the
 * engine, on simulated time, and compares the result with AWS's recording using the conformance
 * runner's own normalisation and comparison (a small python adapter parses our responses with
 * botocore, as boto3 would). Cases listed in conformance-passing.txt must pass; the others are
 * reported as skipped until they do.
 */
class ConformanceCasesTest {
    private static final String ROLE_ARN = "arn:aws:iam::000000000000:role/sfn-role";
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";

    @TestFactory
    Stream<DynamicTest> conformanceCases() throws Exception {
        Path shared = SharedFolder.require();
        Path cases = shared.resolve("conformance/cases");
        Path out = Path.of("target/conformance-actual");
        deleteTree(out);
        List<String> names;
        try (Stream<Path> walk = Files.walk(cases)) {
            names = walk.filter(p -> Files.exists(p.resolve("expected.json")) && Files.exists(p.resolve("definition.json")))
                    .map(p -> cases.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        for (String name : names) {
            Path file = out.resolve(name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(runCase(cases.resolve(name))));
        }
        Map<String, JsonNode> verdicts = compare(shared, out);
        Set<String> baseline = baseline();
        List<String> passing = new ArrayList<>();
        verdicts.forEach((name, v) -> {
            if ("PASS".equals(v.path("status").asText())) {
                passing.add(name);
            }
        });
        Files.writeString(Path.of("target/conformance-passing.txt"), String.join("\n", passing) + "\n");
        System.out.printf("conformance: %d of %d cases pass on the engine (baseline %d)%n",
                passing.size(), names.size(), baseline.size());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode verdict = verdicts.get(name);
            assertThat(verdict).as("verdict for %s", name).isNotNull();
            boolean pass = "PASS".equals(verdict.path("status").asText());
            String diff = verdict.path("diff").toString();
            if (baseline.contains(name)) {
                if (!pass) {
                    fail(name + " is in conformance-passing.txt but now differs from AWS: " + diff);
                }
            } else {
                Assumptions.assumeTrue(pass, () -> "not passing yet: " + diff);
            }
        }));
    }

    private static JsonNode runCase(Path dir) throws IOException, InterruptedException {
        JsonNode expected = Json.parse(Files.readString(dir.resolve("expected.json")));
        if ("outputs".equals(expected.path("mode").asText())) {
            ObjectNode result = Json.object();
            result.put("account", ACCOUNT);
            ArrayNode executions = result.putArray("executions");
            for (JsonNode ex : Json.parse(Files.readString(dir.resolve("executions.json")))) {
                ObjectNode one = run(Json.write(ex.get("definition")), ex.get("input").asText());
                one.put("input", ex.get("input").asText());
                executions.add(one);
            }
            return result;
        }
        JsonNode input = Json.parse(Files.readString(dir.resolve("input.json"))).path("input");
        return run(Files.readString(dir.resolve("definition.json")), input.isNull() ? null : input.asText());
    }

    /** Runs a definition once, as CreateStateMachine + StartExecution would, and returns what the API would show. */
    private static ObjectNode run(String definition, String input) throws IOException, InterruptedException {
        ObjectNode result = Json.object();
        String smName = "conf" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String execName = UUID.randomUUID().toString();
        result.put("sm_name", smName);
        result.put("exec_name", execName);
        result.put("account", ACCOUNT);
        ParsedDefinition parsed = DefinitionParser.parse(definition);
        if (!parsed.ok()) {
            result.put("error", "create_state_machine failed: InvalidDefinition: "
                    + parsed.errors().stream().map(Diagnostic::render).collect(Collectors.joining(", ")));
            return result;
        }
        String inputText = input == null ? "{}" : input;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ExecutionRuntime.StartRequest request = new ExecutionRuntime.StartRequest(
                Arns.execution(REGION, ACCOUNT, smName, execName), execName, Arns.stateMachine(REGION, ACCOUNT, smName),
                smName, "STANDARD", parsed.machine(), definition, ROLE_ARN, Json.parse(inputText), inputText, null,
                null, null, null);
        InProcess.Finished finished;
        try (InProcess run = InProcess.simulated(start, TaskDispatcher.none(),
                b -> b.seeds(() -> 7).randomness(seed -> RandomSource.seeded(7)))) {
            finished = run.run(request, null);
        }
        ObjectNode history = Json.object();
        ArrayNode events = history.putArray("events");
        finished.history().forEach(events::add);
        result.set("history", history);
        result.set("describe", ExecutionJson.describe(finished.record()));
        return result;
    }

    private static Map<String, JsonNode> compare(Path shared, Path actual) throws IOException, InterruptedException {
        Path script = Path.of("src/test/python/compare_engine_cases.py").toAbsolutePath();
        Path report = Path.of("target/conformance-report.json").toAbsolutePath();
        Process p = new ProcessBuilder(SharedFolder.python(), script.toString(), "--shared", shared.toString(),
                "--actual", actual.toAbsolutePath().toString(), "--report", report.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("the comparison script failed:\n" + output);
        }
        System.out.print(output);
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (JsonNode v : Json.parse(Files.readString(report))) {
            verdicts.put(v.get("case").asText(), v);
        }
        return verdicts;
    }

    private static Set<String> baseline() throws IOException {
        Path file = SharedFolder.projectRoot().resolve("conformance-passing.txt");
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        return names;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
