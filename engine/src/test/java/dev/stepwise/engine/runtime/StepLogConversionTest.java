package dev.stepwise.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Converting an execution stored before snapshots maps the events this build's replay emits onto
 * the ones the older build stored: matched events keep the stored ids, an event the older build did
 * not emit stands for the stored event before it, and whatever the older build emitted that this
 * one does not is skipped.
 */
class StepLogConversionTest {

    @Test
    void identicalHistoriesMapEachEventToItself() {
        assertThat(StepLogConversion.align(List.of("A", "B", "C"), List.of("A", "B", "C")))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void anEventTheStoredHistoryLacksStandsForTheStoredEventBeforeIt() {
        // replay: Started, PassEntered, PassExited, WaitEntered; stored without PassExited
        assertThat(StepLogConversion.align(List.of("S", "PE", "PX", "WE"), List.of("S", "PE", "WE")))
                .containsExactly(0, 1, 2, 2, 3);
    }

    @Test
    void anEventOnlyTheStoredHistoryHasIsSkipped() {
        assertThat(StepLogConversion.align(List.of("S", "WE"), List.of("S", "EXTRA", "WE"))).containsExactly(0, 1, 3);
    }

    @Test
    void aChangedEventIsUnmatchedAndTheRestStillAligns() {
        assertThat(StepLogConversion.align(List.of("S", "X", "T", "U"), List.of("S", "Y", "T", "U")))
                .containsExactly(0, 1, 1, 3, 4);
    }

    @Test
    void longHistoriesWithAFewDifferencesAlignInOrder() {
        List<String> replayed = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            replayed.add("E" + i);
            if (i % 5000 != 7) {
                stored.add("E" + i);
            }
        }
        long[] map = StepLogConversion.align(replayed, stored);
        assertThat(map).hasSize(20_001);
        assertThat(map[20_000]).isEqualTo(stored.size());
        assertThat(map[8]).isEqualTo(map[7]);
        assertThat(map[9]).isEqualTo(8);
    }
}
