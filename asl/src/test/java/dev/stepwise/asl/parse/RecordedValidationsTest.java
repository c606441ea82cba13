package dev.stepwise.asl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The answers AWS recorded for bad definitions (../shared/conformance/cases_scenarios): each
 * ValidateStateMachineDefinition response, and each InvalidDefinition message of
 * CreateStateMachine and TestState, reproduced exactly.
 */
class RecordedValidationsTest {
    private static final Pattern INVALID = Pattern.compile("Invalid State Machine Definition: '.*'", Pattern.DOTALL);

    private static List<Path> scenarios() throws IOException {
        Path root = SharedCases.require("cases_scenarios");
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("scenario.json")).sorted().toList();
        }
    }

    @Test
    void validateStateMachineDefinitionAnswersAsRecorded() throws IOException {
        List<Path> scenarios = scenarios();
        int compared = 0;
        for (Path scenario : scenarios) {
            JsonNode steps = Json.parse(Files.readString(scenario)).path("steps");
            JsonNode expected = Json.parse(Files.readString(scenario.resolveSibling("expected.json"))).path("expected");
            for (JsonNode step : steps) {
                if (!step.path("op").asText().equals("ValidateStateMachineDefinition")) {
                    continue;
                }
                JsonNode params = step.path("params");
                DefinitionParser.MachineType type = params.path("type").asText("STANDARD").equals("EXPRESS")
                        ? DefinitionParser.MachineType.EXPRESS : DefinitionParser.MachineType.STANDARD;
                ParsedDefinition parsed = DefinitionParser.parse(params.path("definition").asText(), type);
                JsonNode recorded = expected.path("validation_response");
                assertThat(response(parsed)).as(scenario.getParent().getFileName().toString())
                        .isEqualTo(withoutMetadata(recorded));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(8);
    }

    @Test
    void invalidDefinitionMessagesAreAsRecorded() throws IOException {
        List<Path> scenarios = scenarios();
        int compared = 0;
        for (Path scenario : scenarios) {
            String expectedText = Files.readString(scenario.resolveSibling("expected.json"));
            List<String> recorded = recordedMessages(Json.parse(expectedText));
            if (recorded.isEmpty()) {
                continue;
            }
            List<String> ours = new ArrayList<>();
            for (JsonNode step : Json.parse(Files.readString(scenario)).path("steps")) {
                JsonNode definition = step.path("params").path("definition");
                if (definition.isTextual()) {
                    ParsedDefinition parsed = DefinitionParser.parse(asMachine(definition.asText()));
                    if (!parsed.ok()) {
                        ours.add(invalidDefinitionMessage(parsed));
                    }
                }
            }
            assertThat(ours).as(scenario.getParent().getFileName().toString()).containsAll(recorded);
            compared += recorded.size();
        }
        assertThat(compared).isGreaterThanOrEqualTo(11);
    }

    /** TestState accepts a single state; AWS validates it as the state "StateName" of a machine. */
    private static String asMachine(String definition) {
        try {
            JsonNode node = Json.parse(definition);
            if (node.has("Type")) {
                ObjectNode machine = Json.object().put("StartAt", "StateName");
                machine.putObject("States").set("StateName", node);
                return Json.write(machine);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: validated as it is
        }
        return definition;
    }

    /** CreateStateMachine's InvalidDefinition message: every error, rendered, joined by ", ". */
    static String invalidDefinitionMessage(ParsedDefinition parsed) {
        return "Invalid State Machine Definition: '"
                + parsed.errors().stream().map(Diagnostic::render).collect(Collectors.joining(", ")) + "'";
    }

    private static List<String> recordedMessages(JsonNode expected) {
        List<String> found = new ArrayList<>();
        collect(expected, found);
        return found.stream().distinct().toList();
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isTextual()) {
            Matcher m = INVALID.matcher(node.asText());
            if (m.find()) {
                found.add(m.group());
            }
        }
        node.forEach(child -> collect(child, found));
    }

    private static JsonNode response(ParsedDefinition parsed) {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("diagnostics");
        for (Diagnostic d : parsed.diagnostics()) {
            ObjectNode o = list.addObject();
            o.put("code", d.code());
            if (d.location() != null) {
                o.put("location", d.location());
            }
            o.put("message", d.message());
            o.put("severity", d.severity().name());
        }
        response.put("result", parsed.ok() ? "OK" : "FAIL");
        response.put("truncated", false);
        return response;
    }

    private static JsonNode withoutMetadata(JsonNode recorded) {
        ObjectNode copy = recorded.deepCopy();
        copy.remove("ResponseMetadata");
        return copy;
    }
}
