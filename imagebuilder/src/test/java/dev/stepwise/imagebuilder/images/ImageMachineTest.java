package dev.stepwise.imagebuilder.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageMachineTest {

    private static List<ImageMachine.Planned> runs(int from, int count) {
        List<ImageMachine.Planned> runs = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            runs.add(new ImageMachine.Planned(i, true));
        }
        return runs;
    }

    @Test
    void aParallelGroupRunsAtMostFiveTestWorkflowsAtTheSameTime() throws Exception {
        String definition = ImageMachine.definition(runs(0, 1), List.of(runs(1, 7), runs(8, 2)), List.of());
        assertThat(DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD).ok()).isTrue();
        JsonNode states = Json.parse(definition).path("States");
        List<Integer> branches = new ArrayList<>();
        List<Integer> firstRuns = new ArrayList<>();
        states.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("Parallel")) {
                branches.add(e.getValue().path("Branches").size());
                JsonNode first = e.getValue().path("Branches").get(0);
                String data = first.path("States").path(first.path("StartAt").asText()).path("Arguments")
                        .path("Data").asText();
                firstRuns.add(Integer.parseInt(data.replaceAll(".*runs\\[(\\d+)].*", "$1")));
            }
        });
        // the group of seven as five then two, in order; the next group after it
        assertThat(branches).containsExactly(5, 2, 2);
        assertThat(firstRuns).containsExactly(1, 6, 8);
        assertThat(states.path("Test0").path("Next").asText()).isEqualTo("Test1");
        assertThat(states.path("Test1").path("Next").asText()).isEqualTo("Test2");
        assertThat(states.path("Test2").path("Next").asText()).isEqualTo("Available");
    }
}
