package dev.stepwise.asl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link DefinitionParser#parse} over generated definitions: valid machines of every
 * state type, the recorded conformance definitions, and mutations of both (fields deleted, values
 * of the wrong type, renamed targets, junk fields, deep nesting, truncated text, random strings).
 */
class DefinitionParserProperties {
    private static final List<String> SEEDS = seeds();

    /** Parsing never throws; a definition is accepted with a machine, or refused with a specific error. */
    @Property(tries = 1500)
    void everyDefinitionIsAcceptedOrRefusedForANamedReason(@ForAll("definitions") String text) {
        ParsedDefinition parsed = DefinitionParser.parse(text);
        if (parsed.errors().isEmpty()) {
            assertThat(parsed.machine()).as("an accepted definition has a machine").isNotNull();
        } else {
            assertThat(parsed.machine()).as("a refused definition has no machine").isNull();
        }
        for (Diagnostic d : parsed.diagnostics()) {
            assertThat(d.isError() ? DiagnosticCodes.ERRORS : DiagnosticCodes.WARNINGS).contains(d.code());
            assertThat(d.message()).isNotBlank().doesNotContain("Exception", "java.", "null pointer");
            assertThat(d.location() == null || d.location().startsWith("/") || d.location().startsWith("[Source"))
                    .as(d.toString()).isTrue();
        }
    }

    /** The generator's machines are valid, so the parser must accept every one of them. */
    @Property(tries = 300)
    void generatedValidMachinesAreAccepted(@ForAll("validMachines") String text) {
        assertThat(DefinitionParser.parse(text).errors()).isEmpty();
    }

    @Provide
    Arbitrary<String> validMachines() {
        return Arbitraries.randomValue(random -> Json.write(new MachineGenerator(random).machine()));
    }

    @Provide
    Arbitrary<String> definitions() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, validMachines()),
                net.jqwik.api.Tuple.of(6, Arbitraries.randomValue(DefinitionParserProperties::mutated)),
                net.jqwik.api.Tuple.of(2, Arbitraries.randomValue(DefinitionParserProperties::truncated)),
                net.jqwik.api.Tuple.of(1, Arbitraries.randomValue(DefinitionParserProperties::deeplyNested)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
    }

    // ---- sources

    private static JsonNode source(Random random) {
        if (!SEEDS.isEmpty() && random.nextBoolean()) {
            return parse(SEEDS.get(random.nextInt(SEEDS.size())));
        }
        return new MachineGenerator(random).machine();
    }

    private static List<String> seeds() {
        String shared = System.getProperty("stepwise.shared");
        if (shared == null) {
            return List.of();
        }
        try {
            List<String> texts = new ArrayList<>();
            for (Path p : ConformanceDefinitionsTest.definitions()) {
                texts.add(Files.readString(p));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- mutations

    /** One to four random edits of a valid definition. */
    static String mutated(Random random) {
        JsonNode root = source(random);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            List<Slot> slots = new ArrayList<>();
            collect(root, slots);
            if (slots.isEmpty()) {
                break;
            }
            slots.get(random.nextInt(slots.size())).mutate(random);
        }
        return Json.write(root);
    }

    static String truncated(Random random) {
        String text = Json.write(source(random));
        return text.substring(0, random.nextInt(text.length()));
    }

    /** Parallel states or Not conditions nested far deeper than any real machine. */
    static String deeplyNested(Random random) {
        int levels = 30 + random.nextInt(300);
        if (random.nextBoolean()) {
            String condition = "{\"Variable\": \"$.x\", \"IsNull\": true}";
            for (int i = 0; i < levels; i++) {
                condition = "{\"Not\": " + condition + "}";
            }
            return "{\"StartAt\": \"C\", \"States\": {\"C\": {\"Type\": \"Choice\", \"Choices\": [{\"Not\": " + condition
                    + ", \"Next\": \"D\"}], \"Default\": \"D\"}, \"D\": {\"Type\": \"Succeed\"}}}";
        }
        String block = "{\"StartAt\": \"L\", \"States\": {\"L\": {\"Type\": \"Succeed\"}}}";
        for (int i = 0; i < levels; i++) {
            block = "{\"StartAt\": \"P" + i + "\", \"States\": {\"P" + i + "\": {\"Type\": \"Parallel\", \"End\": true, "
                    + "\"Branches\": [" + block + "]}}}";
        }
        return block;
    }

    /** A place in a JSON tree: a member of an object or an element of an array. */
    private record Slot(JsonNode container, String key, int index) {
        void mutate(Random random) {
            switch (random.nextInt(6)) {
                case 0 -> delete();
                case 1 -> set(junk(random));
                case 2 -> set(Json.text(RANDOM_NAMES[random.nextInt(RANDOM_NAMES.length)]));
                case 3 -> insert(random);
                case 4 -> set(Json.NODES.numberNode(random.nextInt(200) - 100));
                default -> set(Json.text("{% " + RANDOM_NAMES[random.nextInt(RANDOM_NAMES.length)] + " %}"));
            }
        }

        private void delete() {
            if (container instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }

        private void set(JsonNode value) {
            if (container instanceof ObjectNode o) {
                o.set(key, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        private void insert(Random random) {
            if (container instanceof ObjectNode o) {
                o.set(FIELD_NAMES[random.nextInt(FIELD_NAMES.length)], junk(random));
            } else {
                ((ArrayNode) container).add(junk(random));
            }
        }
    }

    private static final String[] RANDOM_NAMES = {"", "Ghost", "A", "$", "$.x", "$$.Execution.Id", "States.ALL",
        "arn:aws:states:::lambda:invoke", "2016-03-14T01:59:00Z", "JSONata", "JSONPath", "Map", "Pass", "Choice",
        "x".repeat(90), "1 +", "$states.input", "States.Format('{}', $.a)", "a b", "\u0001"};
    private static final String[] FIELD_NAMES = {"Next", "End", "Type", "Output", "Arguments", "InputPath", "Result",
        "Parameters", "Retry", "Catch", "Label", "Iterator", "ItemProcessor", "Branches", "Choices", "Default",
        "QueryLanguage", "Seconds", "Timestamp", "Resource", "TimeoutSeconds", "HeartbeatSeconds", "Assign", "Junk",
        "Credentials", "ErrorPath", "Condition", "Variable", "And", "Not"};

    private static JsonNode junk(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> Json.NODES.nullNode();
            case 1 -> Json.NODES.booleanNode(random.nextBoolean());
            case 2 -> Json.NODES.numberNode(random.nextDouble() * 1e9 - 5e8);
            case 3 -> Json.array().add(RANDOM_NAMES[random.nextInt(RANDOM_NAMES.length)]);
            case 4 -> Json.object().put(FIELD_NAMES[random.nextInt(FIELD_NAMES.length)], "x");
            case 5 -> Json.array();
            default -> Json.text(RANDOM_NAMES[random.nextInt(RANDOM_NAMES.length)]);
        };
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode o) {
            Iterator<String> names = o.fieldNames();
            List<String> keys = new ArrayList<>();
            names.forEachRemaining(keys::add);
            for (String key : keys) {
                slots.add(new Slot(o, key, -1));
                collect(o.get(key), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i));
                collect(a.get(i), slots);
            }
        }
    }
}
