package dev.stepwise.asl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every definition AWS ran in the conformance recordings is valid here too. */
class ConformanceDefinitionsTest {

    /** The recorded definitions, or an empty list when ../shared is not beside the project. */
    static List<Path> definitions() throws IOException {
        Path cases = SharedCases.find("cases");
        return cases == null ? List.of() : definitions(cases);
    }

    private static List<Path> definitions(Path cases) throws IOException {
        try (Stream<Path> files = Files.walk(cases, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("definition.json")).sorted().toList();
        }
    }

    @Test
    void everyRecordedDefinitionParsesWithoutError() throws IOException {
        List<Path> definitions = definitions(SharedCases.require("cases"));
        assertThat(definitions).isNotEmpty();
        Map<String, List<Diagnostic>> refused = new TreeMap<>();
        for (Path definition : definitions) {
            ParsedDefinition parsed = DefinitionParser.parse(Files.readString(definition));
            if (!parsed.ok()) {
                refused.put(definition.getParent().getFileName().toString(), parsed.errors());
            }
        }
        assertThat(refused).isEmpty();
    }
}
