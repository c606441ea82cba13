package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "key.$" members of payload templates hold a JSONPath or an intrinsic call; paths elsewhere are JSONPaths. */
class PayloadTemplatesTest {
    private static final String INVALID = "' must be a valid JSONPath or a valid intrinsic function call";

    @Test
    void aDollarMemberMustHoldAPathOrAnIntrinsic() {
        assertDiagnostics(single("{'Type': 'Pass', 'Assign': {'Variable.$': 'foo'}, 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'Variable.$" + INVALID, "/States/S/Assign"));
    }

    @Test
    void nestedMembersArePointedAtTheirObject() {
        assertDiagnostics(single("{'Type': 'Pass', 'Parameters': {'a': {'b.$': 42}, 'c': [{'d.$': 'States.Nope()'}]}, 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'b.$" + INVALID, "/States/S/Parameters/a"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'd.$" + INVALID, "/States/S/Parameters/c[0]"));
    }

    /**
     * A string literal of an intrinsic call may only escape ' { } and \\ (the States Language's
     * reserved characters); AWS refuses a definition whose call holds any other backslash.
     */
    @Test
    void anIntrinsicWithAnOpenEscapeIsRefused() {
        for (String call : List.of("States.Format('\\\\q')", "States.Format('a\\\\')", "States.Array('\\\\n')")) {
            ParsedDefinition parsed = DefinitionParser.parse("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
                    + "\"Parameters\":{\"x.$\":\"" + call + "\"},\"End\":true}}}");
            assertThat(parsed.diagnostics()).as(call).containsExactly(error(SCHEMA_VALIDATION_FAILED,
                    "The value for the field 'x.$" + INVALID, "/States/S/Parameters"));
        }
    }

    @Test
    void escapedQuotesBracesAndBackslashesAreAccepted() {
        ParsedDefinition parsed = DefinitionParser.parse("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"x.$\":\"States.Format('\\\\'\\\\{\\\\}\\\\\\\\ {}', $.a)\"},\"End\":true}}}");
        assertThat(parsed.diagnostics()).isEmpty();
    }

    /** Bracketed names may hold any character, quotes and backslashes escaped, in ResultPath as in other paths. */
    @Test
    void resultPathTakesBracketedNamesWithEscapes() {
        ParsedDefinition parsed = DefinitionParser.parse("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
                + "\"InputPath\":\"$['it\\\\'s']\",\"ResultPath\":\"$.o.['a.b'][\\\"quo\\\\\\\"te\\\"]['back\\\\\\\\slash']\","
                + "\"End\":true}}}");
        assertThat(parsed.diagnostics()).isEmpty();
    }

    @Test
    void inputPathMustBeAJsonPath() {
        assertDiagnostics(single("{'Type': 'Pass', 'InputPath': 'input', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'InputPath' must be a valid JSONPath",
                        "/States/S/InputPath"));
    }

    @Test
    void resultPathIsAReferencePath() {
        assertDiagnostics(single("{'Type': 'Pass', 'ResultPath': '$.items[*]', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "The value for the field 'ResultPath' must be a valid JSONPath",
                        "/States/S/ResultPath"));
    }

    @Test
    void parametersMustBeAnObjectInJsonPath() {
        assertDiagnostics(single("{'Type': 'Pass', 'Parameters': 'x', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", "/States/S/Parameters"));
    }
}
