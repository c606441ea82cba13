package dev.stepwise.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Scales waiting (Wait states and retry intervals) for tests: 0 skips waits, 0.1 makes them ten
 * times shorter, 1 keeps them. Task and execution time-outs are never scaled.
 */
public record WaitScale(double factor) {
    public static final WaitScale REAL = new WaitScale(1.0);

    public WaitScale {
        if (factor < 0 || Double.isNaN(factor) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the wait-time scale must be a finite number >= 0");
        }
    }

    /** The instant {@code seconds} (scaled) after {@code now}. */
    Instant after(Instant now, double seconds) {
        return now.plus(scaled(seconds));
    }

    /**
     * The instant at which a wait for {@code target} ends: the time left until it, scaled. Unscaled,
     * the target itself (however far: a timestamp centuries ahead is a valid one).
     */
    Instant until(Instant now, Instant target) {
        if (!target.isAfter(now)) {
            return now;
        }
        if (factor == 1.0) {
            return target;
        }
        Duration left = Duration.between(now, target);
        return now.plus(scaled(left.getSeconds() + left.getNano() / 1e9));
    }

    /** Seconds and nanoseconds apart, so that durations beyond the 292 years a long of nanoseconds holds stay exact. */
    private Duration scaled(double seconds) {
        double s = seconds * factor;
        long whole = (long) Math.floor(s);
        return Duration.ofSeconds(whole, Math.round((s - whole) * 1e9));
    }
}
