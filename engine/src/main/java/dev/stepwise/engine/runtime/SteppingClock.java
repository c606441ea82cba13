package dev.stepwise.engine.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock an execution's interpreter reads: set once per step, so that every event of a step
 * carries the step's time and a replay of the step log sees exactly the times the live run saw.
 */
final class SteppingClock extends Clock {
    private Instant now = Instant.EPOCH;

    void set(Instant t) {
        now = t;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
