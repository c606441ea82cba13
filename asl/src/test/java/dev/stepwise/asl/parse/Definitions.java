package dev.stepwise.asl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.parse.Diagnostic.Severity;
import java.util.List;

/** Helpers for the validation tests: definitions written with single quotes, and exact expectations. */
final class Definitions {
    private Definitions() {}

    /** JSON from a test's readable form: ' becomes ". */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static ParsedDefinition parse(String singleQuoted) {
        return DefinitionParser.parse(json(singleQuoted));
    }

    static Diagnostic error(String code, String message, String location) {
        return Diagnostic.error(code, message, location);
    }

    static Diagnostic warning(String code, String message, String location) {
        return Diagnostic.warning(code, message, location);
    }

    /** The definition yields exactly these diagnostics, in this order. */
    static void assertDiagnostics(String singleQuoted, Diagnostic... expected) {
        ParsedDefinition parsed = parse(singleQuoted);
        assertThat(parsed.diagnostics()).containsExactly(expected);
        boolean failed = List.of(expected).stream().anyMatch(d -> d.severity() == Severity.ERROR);
        assertThat(parsed.ok()).isEqualTo(!failed);
        assertThat(parsed.machine() == null).isEqualTo(failed);
    }

    /** The definition yields these diagnostics among others. */
    static void assertContains(String singleQuoted, Diagnostic... expected) {
        assertThat(parse(singleQuoted).diagnostics()).contains(expected);
    }

    /** A machine whose only state is the given JSON, named S. */
    static String single(String state) {
        return "{'StartAt': 'S', 'States': {'S': " + state + "}}";
    }

    /** A JSONata machine whose only state is the given JSON, named S. */
    static String singleJsonata(String state) {
        return "{'QueryLanguage': 'JSONata', 'StartAt': 'S', 'States': {'S': " + state + "}}";
    }
}
