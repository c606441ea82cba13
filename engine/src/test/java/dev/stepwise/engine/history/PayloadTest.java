package dev.stepwise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import org.junit.jupiter.api.Test;

class PayloadTest {
    /**
     * A state that passes its input on records the same tree as its output: the Entered event's
     * payload serves the Exited event too, text and all, so a chain of such states writes each
     * document once. Text a client wrote keeps its spacing in the Entered event only; the output is
     * written out compact (see PassStateTest.executionInputKeepsTheCallersExactText).
     */
    @Test
    void aPayloadIsReusedForItsOwnTreeOnlyAndOnlyInTheFormItWouldBeWrittenIn() throws Exception {
        JsonNode tree = Json.parse("{\"a\":[1,2]}");
        Payload written = Payload.of(tree);
        assertThat(written.reusedFor(tree)).isSameAs(written);

        JsonNode equalButAnother = Json.parse("{\"a\":[1,2]}");
        Payload other = written.reusedFor(equalButAnother);
        assertThat(other).isNotSameAs(written);
        assertThat(other.node()).isSameAs(equalButAnother);

        Payload asTheClientWroteIt = Payload.of(tree, "{ \"a\" : [1, 2] }");
        Payload output = asTheClientWroteIt.reusedFor(tree);
        assertThat(output).isNotSameAs(asTheClientWroteIt);
        assertThat(output.text()).isEqualTo("{\"a\":[1,2]}");
    }
}
