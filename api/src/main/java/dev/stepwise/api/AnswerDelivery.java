package dev.stepwise.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operation leaves until its answer has reached the client's connection: an action once
 * the answer was written, and one for when it could not be (the client went away, the node
 * stopped under the call). GetActivityTask uses it so that a task whose answer never left this
 * node is offered again rather than lost.
 *
 * <p>Contract: the HTTP layer {@linkplain #open opens} a scope on the request's thread before the
 * operation runs and, after writing the answer, runs the scope's actions. An operation called
 * outside such a scope (directly, as some tests do) has its {@code written} action run at once.
 */
public final class AnswerDelivery {
    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    private AnswerDelivery() {}

    /** The actions of one request; run one of {@link #written} or {@link #undelivered} once. */
    public static final class Pending {
        private final List<Runnable> written = new ArrayList<>(1);
        private final List<Runnable> undelivered = new ArrayList<>(1);

        public boolean isEmpty() {
            return written.isEmpty() && undelivered.isEmpty();
        }

        public void written() {
            written.forEach(Runnable::run);
        }

        public void undelivered() {
            undelivered.forEach(Runnable::run);
        }
    }

    /** Starts collecting the actions of the request on this thread; {@link #close} ends it. */
    public static Pending open() {
        Pending pending = new Pending();
        CURRENT.set(pending);
        return pending;
    }

    public static void close() {
        CURRENT.remove();
    }

    /** Registers what to do once the current answer was written, and if it could not be. */
    public static void afterAnswer(Runnable written, Runnable undelivered) {
        Pending pending = CURRENT.get();
        if (pending == null) {
            written.run();
            return;
        }
        pending.written.add(written);
        pending.undelivered.add(undelivered);
    }
}
