package dev.stepwise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {
    /** Events store their timestamps as this text; histories written before it was made by hand hold BigDecimal's. */
    @Test
    void aTimestampIsWrittenAsBigDecimalWritesEpochSecondsWithMilliseconds() {
        for (long millis : new long[] {0, 1, 9, 10, 99, 100, 550, 999, 1000, 1001, 1796597397000L, 1796597397005L,
                1796597397050L, 1796597397558L, -1, -1001, -1796597397558L}) {
            Instant t = Instant.ofEpochMilli(millis);
            assertThat(HistoryJson.epochSecondsText(t)).as("%d ms", millis)
                    .isEqualTo(HistoryJson.epochSeconds(t).toString());
        }
    }
}
