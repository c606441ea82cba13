package dev.stepwise.engine.runtime;

import dev.stepwise.engine.run.ManualClock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Timers on a manual clock: nothing fires until the clock is moved ({@link #advanceTo}) or
 * jumped to the next timer ({@link #advanceToNext}), so an hour's Wait takes no time. Timers due
 * at the same instant fire in the order they were scheduled. Thread-safe.
 */
public final class SimulatedTime implements Timers {
    private record Pending(Instant at, long order, Runnable action) {}

    private final ManualClock clock;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparing(Pending::at).thenComparingLong(Pending::order));
    private long scheduled;

    public SimulatedTime(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    @Override
    public Runnable schedule(Instant at, Runnable action) {
        if (!at.isAfter(clock.instant())) {
            action.run();
            return () -> { };
        }
        Pending p;
        synchronized (this) {
            p = new Pending(at, scheduled++, action);
            pending.add(p);
        }
        return () -> {
            synchronized (this) {
                pending.remove(p);
            }
        };
    }

    /** When the next timer is due, if any is pending. */
    public synchronized Optional<Instant> next() {
        return Optional.ofNullable(pending.peek()).map(Pending::at);
    }

    /** Moves the clock to {@code t} (never back) and fires every timer due by then. */
    public void advanceTo(Instant t) {
        clock.advanceTo(t);
        fireDue();
    }

    /** Moves the clock to the next timer's time and fires the timers due then; false when none is pending. */
    public boolean advanceToNext() {
        Optional<Instant> next = next();
        next.ifPresent(this::advanceTo);
        return next.isPresent();
    }

    private void fireDue() {
        while (true) {
            Pending due;
            synchronized (this) {
                Pending first = pending.peek();
                if (first == null || first.at().isAfter(clock.instant())) {
                    return;
                }
                due = pending.poll();
            }
            due.action().run();
        }
    }

    @Override
    public synchronized void close() {
        pending.clear();
    }
}
