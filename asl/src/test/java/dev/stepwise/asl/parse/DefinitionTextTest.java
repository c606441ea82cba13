package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSON_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static dev.stepwise.asl.parse.DiagnosticCodes.TOO_DEEPLY_NESTED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What AWS answers for a definition that is not a JSON object at all. */
class DefinitionTextTest {

    @Test
    void anEmptyDefinitionIsMissing() {
        assertThat(DefinitionParser.parse("").diagnostics())
                .containsExactly(error(MISSING_DESCRIPTION, "The definition is empty", null));
        assertThat(DefinitionParser.parse(null).diagnostics())
                .containsExactly(error(MISSING_DESCRIPTION, "The definition is empty", null));
    }

    @Test
    void whitespaceIsNotAJsonObjectAndHasNoLocation() {
        assertThat(DefinitionParser.parse(" ").diagnostics())
                .containsExactly(error(SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object", null));
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        for (String text : new String[] {"[]", "42", "\"text\"", "null", "true"}) {
            assertThat(DefinitionParser.parse(text).diagnostics()).as(text)
                    .containsExactly(error(SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object", null));
        }
    }

    @Test
    void textThatIsNotJsonGetsTheParsersMessageAndSourceLocation() {
        String location = "[Source: (String)\"not a definition\"; line: 1, column: 4]";
        assertThat(DefinitionParser.parse("not a definition").diagnostics()).containsExactly(error(INVALID_JSON_DESCRIPTION,
                "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
                        + "'false')\n at " + location, location));
    }

    @Test
    void truncatedJsonIsInvalidJson() {
        ParsedDefinition parsed = DefinitionParser.parse("{\"StartAt\": \"A\"");
        assertThat(parsed.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(INVALID_JSON_DESCRIPTION);
            assertThat(d.message()).startsWith("Unexpected end-of-input");
            assertThat(d.location()).isEqualTo("[Source: (String)\"{\"StartAt\": \"A\"\"; line: 1, column: 16]");
        });
    }

    @Test
    void contentAfterTheObjectIsInvalidJson() {
        assertThat(DefinitionParser.parse("{} {}").diagnostics()).singleElement()
                .extracting(Diagnostic::code).isEqualTo(INVALID_JSON_DESCRIPTION);
    }

    @Test
    void jsonNestedBeyondTheParsersLimitIsTooDeeplyNested() {
        String deep = "[".repeat(1200) + "]".repeat(1200);
        assertThat(DefinitionParser.parse(deep).diagnostics())
                .containsExactly(error(TOO_DEEPLY_NESTED, "The definition is too deeply nested", null));
    }
}
