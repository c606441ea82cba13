package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.json;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSON_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_END_STATE;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_TRANSITION_TARGET;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.model.ChoiceState;
import dev.stepwise.asl.model.QueryLanguage;
import org.junit.jupiter.api.Test;

/**
 * A state given alone (TestState without a stateName): it is the only state of a machine, under
 * the name it is given, and its transitions lead out of the definition.
 */
class LoneStateTest {

    private static ParsedDefinition parse(String singleQuoted) {
        return DefinitionParser.parseState(json(singleQuoted), "StateName");
    }

    @Test
    void theStateIsTheOnlyStateOfItsMachineUnderTheGivenName() {
        ParsedDefinition parsed = parse("{'Type': 'Pass', 'End': true}");
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.machine().startAt()).isEqualTo("StateName");
        assertThat(parsed.machine().block().states()).containsOnlyKeys("StateName");
    }

    @Test
    void transitionsLeadingOutOfTheDefinitionAreNotProblems() {
        ParsedDefinition pass = parse("{'Type': 'Pass', 'Next': 'Elsewhere'}");
        assertThat(pass.diagnostics()).isEmpty();
        assertThat(pass.machine().state("StateName").common().next()).isEqualTo("Elsewhere");

        ParsedDefinition choice = parse("{'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, "
                + "'Next': 'A'}], 'Default': 'B'}");
        assertThat(choice.diagnostics()).isEmpty();
        assertThat(((ChoiceState) choice.machine().state("StateName")).defaultNext()).isEqualTo("B");

        ParsedDefinition task = parse("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, "
                + "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Handler'}]}");
        assertThat(task.diagnostics()).isEmpty();
    }

    @Test
    void blocksNestedInTheStateAreCheckedInFull() {
        ParsedDefinition parsed = parse("{'Type': 'Parallel', 'End': true, 'Branches': "
                + "[{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'Next': 'Gone'}}}]}");
        assertThat(parsed.diagnostics()).containsExactly(
                error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: Gone", "/States/StateName/Branches[0]/States/B/Next"),
                error(MISSING_END_STATE, "Workflow has no terminal state", null));
        assertThat(parsed.machine()).isNull();
    }

    @Test
    void problemsOfTheStateAreLocatedUnderItsName() {
        assertThat(parse("{'Type': 'Parallel', 'Branches': [], 'End': true}").diagnostics()).containsExactly(
                error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", "/States/StateName/Branches"));
        assertThat(parse("{'Type': 'Nope', 'End': true}").diagnostics()).containsExactly(
                error(SCHEMA_VALIDATION_FAILED, "The field 'Type' should have one of these values: "
                        + "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]", "/States/StateName/Type"));
    }

    @Test
    void theStateKeepsItsOwnQueryLanguage() {
        ParsedDefinition parsed = parse("{'Type': 'Pass', 'QueryLanguage': 'JSONata', 'Output': '{% 1 %}', 'End': true}");
        assertThat(parsed.machine().state("StateName").common().queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
    }

    @Test
    void aStateThatIsNotAJsonObjectIsRefused() {
        assertThat(parse("[1]").diagnostics()).containsExactly(
                error(SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object", null));
        assertThat(DefinitionParser.parseState("{not json", "StateName").diagnostics())
                .extracting(Diagnostic::code).containsExactly(INVALID_JSON_DESCRIPTION);
    }
}
