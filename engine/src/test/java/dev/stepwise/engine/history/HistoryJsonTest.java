package dev.stepwise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
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

    /**
     * Writing events takes a buffer recycler from Jackson's shared pool and gives it back, buffers
     * and all. One kept drains the pool, and then every parser and generator of the process
     * (request bodies, answers, payloads) allocates its 8 KB buffers anew: once, that was two
     * fifths of what the server allocated per StartExecution.
     */
    @Test
    void writingEventsGivesTheirBufferRecyclerBackToTheSharedPool() {
        HistoryEvent event = new HistoryEvent(2, 1, Instant.ofEpochMilli(1796597397558L), EventType.PassStateEntered,
                EventDetails.stateEntered("P0", Payload.of(dev.stepwise.asl.json.Json.object().put("a", 1))));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1_000; i++) { // the first calls load classes and fill the pool
            HistoryJson.text(event);
            HistoryJson.arrayBytes(List.of(event, event));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            HistoryJson.text(event);
            HistoryJson.arrayBytes(List.of(event, event));
        }
        long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 2_000;
        // what the events' own text and bytes take; a generator's new buffers alone are over 8 KB
        assertThat(perCall).isLessThan(3_000);
    }
}
