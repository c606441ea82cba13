package dev.stepwise.asl.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs every intrinsic call of the recorded AWS executions in
 * {@code <stepwise.shared>/conformance/cases/intrinsic_functions} (single Pass-state machines) on
 * the recorded input and compares with the output AWS produced. Values the recording normalised
 * (RandomNumberGenerated, {@code <uuid:N>}-style placeholders) only have to be of the right kind.
 * Cases that need more than Parameters, ResultPath and OutputPath (JSONata states, other
 * payload-template features, failed executions) are reported as skipped.
 */
class RecordedCasesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]+>");
    private static final String RANDOM_NUMBER = "RandomNumberGenerated";

    @TestFactory
    Stream<DynamicTest> intrinsicCallsGiveTheOutputsAwsRecorded() throws IOException {
        String shared = System.getProperty("stepwise.shared");
        Assumptions.assumeTrue(shared != null, "stepwise.shared is not set");
        Path cases = Path.of(shared, "conformance", "cases", "intrinsic_functions");
        Assumptions.assumeTrue(Files.isDirectory(cases), cases + " does not exist");
        List<Path> dirs;
        try (Stream<Path> list = Files.list(cases)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).isNotEmpty();
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
    }

    private static void runCase(Path dir) {
        JsonNode definition = read(dir.resolve("definition.json"));
        JsonNode input = parse(read(dir.resolve("input.json")).get("input").textValue());
        JsonNode expected = read(dir.resolve("expected.json")).get("final");

        skipUnless(expected.path("status").asText().equals("SUCCEEDED"), "the execution did not succeed");
        skipUnless(!definition.path("QueryLanguage").asText().equals("JSONata"), "JSONata machine");
        JsonNode states = definition.get("States");
        skipUnless(states.size() == 1, "more than one state");
        String name = names(states).get(0);
        JsonNode state = states.get(name);
        skipUnless(state.path("Type").asText().equals("Pass"), "not a Pass state");
        skipUnless(!state.path("QueryLanguage").asText().equals("JSONata"), "JSONata state");
        skipUnless(state.has("Parameters"), "no Parameters");
        skipUnless(!state.has("InputPath") && !state.has("ResultSelector") && !state.has("Assign"), "other fields");

        ObjectNode context = Json.object();
        context.putObject("Execution").put("Name", "<ExecArnPart_0idx>").set("Input", input);
        context.putObject("StateMachine").put("Name", "<ArnPart_0idx>");
        context.putObject("State").put("Name", name);
        EvalContext ctx = IntrinsicTesting.context(input, context, Map.of(), RandomSource.seeded(dir.getFileName().hashCode()));

        JsonNode result = template(state.get("Parameters"), ctx);
        JsonNode output = applyResultPath(state, input, result);
        if (state.hasNonNull("OutputPath")) {
            output = JsonPathExpr.compile(state.get("OutputPath").textValue(), false).read(output);
        }
        assertMatches(expected.get("output"), output, "$");
    }

    /** A payload template whose ".$" members are all intrinsic calls. */
    private static JsonNode template(JsonNode node, EvalContext ctx) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                if (key.endsWith(".$")) {
                    String text = field.getValue().asText();
                    skipUnless(IntrinsicExpression.isIntrinsic(text), "Parameters use a plain path");
                    out.set(key.substring(0, key.length() - 2), IntrinsicExpression.parse(text).evaluate(ctx));
                } else {
                    out.set(key, template(field.getValue(), ctx));
                }
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.array();
            array.forEach(item -> out.add(template(item, ctx)));
            return out;
        }
        return node;
    }

    private static JsonNode applyResultPath(JsonNode state, JsonNode input, JsonNode result) {
        if (!state.has("ResultPath")) {
            return result;
        }
        JsonNode resultPath = state.get("ResultPath");
        if (resultPath.isNull()) {
            return input;
        }
        List<String> members = JsonPathExpr.compile(resultPath.textValue(), false).members();
        skipUnless(members != null, "ResultPath is not a member chain");
        if (members.isEmpty()) {
            return result;
        }
        skipUnless(input.isObject(), "ResultPath on a non-object input");
        ObjectNode out = input.deepCopy();
        ObjectNode at = out;
        for (String member : members.subList(0, members.size() - 1)) {
            at = at.get(member) instanceof ObjectNode o ? o : at.putObject(member);
        }
        at.set(members.get(members.size() - 1), result);
        return out;
    }

    private static void assertMatches(JsonNode expected, JsonNode actual, String where) {
        if (expected.isTextual() && expected.textValue().equals(RANDOM_NUMBER)) {
            assertThat(actual.isIntegralNumber()).as("%s should be a random integer, was %s", where, actual).isTrue();
        } else if (expected.isTextual() && PLACEHOLDER.matcher(expected.textValue()).matches()) {
            assertThat(actual.isTextual()).as("%s should be a string, was %s", where, actual).isTrue();
        } else if (expected.isArray()) {
            assertThat(actual.isArray() && actual.size() == expected.size())
                    .as("%s: expected %s, was %s", where, Json.write(expected), Json.write(actual)).isTrue();
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        } else if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s: expected %s, was %s", where, Json.write(expected), Json.write(actual)).isTrue();
            assertThat(names(actual)).as(where).containsExactlyInAnyOrderElementsOf(names(expected));
            for (String key : names(expected)) {
                assertMatches(expected.get(key), actual.get(key), where + "." + key);
            }
        } else {
            assertThat(Json.write(actual)).as(where).isEqualTo(Json.write(expected));
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            throw new TestAbortedException("skipped: " + reason);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
