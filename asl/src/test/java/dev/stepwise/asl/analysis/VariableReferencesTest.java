package dev.stepwise.asl.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stepwise.asl.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables a state reads, as DescribeStateMachine reports them. */
class VariableReferencesTest {

    /** ErrorPath and CausePath hold a path or an intrinsic call, whose arguments may read variables. */
    @Test
    void errorPathAndCausePathReadVariablesInPathsAndIntrinsicArguments() throws JsonProcessingException {
        var definition = Json.parse("""
                {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$code",
                  "CausePath":"States.Format('{} at {}', $why.text, $$.State.Name)"}}}""");

        assertThat(VariableReferences.of(definition)).isEqualTo(Map.of("F", List.of("code", "why")));
    }
}
