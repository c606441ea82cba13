package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSONATA_EXPRESSION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A JSONata expression that does not parse: INVALID_JSONATA_EXPRESSION with the parser's message, at its field. */
class JsonataExpressionsTest {

    private static String machineWithOutput(String expression) {
        ObjectNode machine = Json.object().put("QueryLanguage", "JSONata").put("StartAt", "Main");
        ObjectNode state = machine.putObject("States").putObject("Main").put("Type", "Pass").put("End", true);
        state.putObject("Output").put("v", "{% " + expression + " %}");
        return Json.write(machine);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a[1,2)             | Expected \"]\", got \",\"",
        "\"unterminated     | String literal must be terminated by a matching quote",
        "1 +                | Unexpected end of expression",
        "{\"a\":}           | The symbol \"}\" cannot be used as a unary operator",
        "$x :=              | Unexpected end of expression",
        "$match(\"a\", /abc | No terminating / in regular expression",
    })
    void anExpressionThatDoesNotParseIsInvalid(String expression, String message) {
        assertThat(DefinitionParser.parse(machineWithOutput(expression)).diagnostics())
                .containsExactly(error(INVALID_JSONATA_EXPRESSION, message, "/States/Main/Output/v"));
    }
}
