package dev.stepwise.engine.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock an offset ahead of a base clock (behind, when negative), the offset set from outside as
 * it is measured: the nodes of a cluster keep the database's time on their own clocks this way.
 * A change of offset moves the clock at once, forwards or back; what needs time to go forwards
 * (an execution's events) keeps it so itself.
 */
public final class OffsetClock extends Clock {
    private final Clock base;
    private volatile long offsetMillis;

    public OffsetClock(Clock base, long offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    /** The clock this one is an offset of. */
    public Clock base() {
        return base;
    }

    /** How far this clock is ahead of its base, in milliseconds. */
    public long offsetMillis() {
        return offsetMillis;
    }

    public void setOffsetMillis(long offsetMillis) {
        this.offsetMillis = offsetMillis;
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis);
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis;
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
