package dev.stepwise.engine.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When the runtime's timers fire: at their time on the runtime's clock. {@link #realTime} waits
 * for the wall clock; {@link SimulatedTime} fires them when a manual clock is moved past them.
 */
public interface Timers extends AutoCloseable {

    /** Runs {@code action} once the clock reaches {@code at} (at once when it has); the result cancels it. */
    Runnable schedule(Instant at, Runnable action);

    @Override
    void close();

    /**
     * Timers for instants of {@code clock}, carried out by {@code timers}, which go by {@code
     * timersClock}: each instant is moved by how far the two clocks are apart when it is scheduled
     * (a node of a cluster runs on the database's time, its timers on its own clock).
     */
    static Timers rebased(Timers timers, Clock timersClock, Clock clock) {
        return new Timers() {
            @Override
            public Runnable schedule(Instant at, Runnable action) {
                return timers.schedule(at.plus(Duration.between(clock.instant(), timersClock.instant())), action);
            }

            @Override
            public void close() {
                timers.close();
            }
        };
    }

    /** Timers on one platform thread, each fired when {@code clock} says its time has come. */
    static Timers realTime(Clock clock) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stepwise-timers").factory());
        return new Timers() {
            @Override
            public Runnable schedule(Instant at, Runnable action) {
                long delayMs = Math.max(0, Duration.between(clock.instant(), at).toMillis());
                ScheduledFuture<?> f = executor.schedule(action, delayMs, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
