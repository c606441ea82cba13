package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** WaitScale: waits scaled by the factor, timestamps by the time left until them. */
class WaitScaleTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void secondsAreScaledByTheFactor() {
        assertThat(new WaitScale(0.1).after(NOW, 3600)).isEqualTo(NOW.plusSeconds(360));
        assertThat(new WaitScale(0).after(NOW, 3600)).isEqualTo(NOW);
        assertThat(WaitScale.REAL.after(NOW, 1.5)).isEqualTo(NOW.plusMillis(1500));
    }

    @Test
    void aTimestampIsReachedAfterTheTimeLeftScaled() {
        assertThat(new WaitScale(0.5).until(NOW, NOW.plusSeconds(10))).isEqualTo(NOW.plusSeconds(5));
        assertThat(new WaitScale(0.5).until(NOW, NOW.minusSeconds(10))).isEqualTo(NOW);
    }

    @Test
    void aTimestampCenturiesAheadDoesNotOverflow() {
        Instant far = Instant.parse("2999-01-01T00:00:00Z");
        assertThat(new WaitScale(0).until(NOW, far)).isEqualTo(NOW);
        assertThat(WaitScale.REAL.until(NOW, far)).isEqualTo(far);
        assertThat(new WaitScale(0.5).until(NOW, far)).isBetween(NOW.plusSeconds(15_000_000_000L),
                NOW.plusSeconds(16_000_000_000L));
    }
}
