package dev.stepwise.engine;

import dev.stepwise.engine.history.EventType;

/**
 * Runs one state type. {@link #start} is called after the state's Entered event (and again for a
 * retry); the other methods resume a state that is waiting. Handlers keep no state of their own:
 * everything lives in the frame.
 */
interface StateHandler {

    Outcome start(Step s, Frame f);

    default Outcome timerFired(Step s, Frame f, Execution.Timer timer) {
        throw new IllegalStateException("no timer expected in " + f.state.name());
    }

    default Outcome task(Step s, Frame f, Signal signal) {
        throw new IllegalStateException("no task expected in " + f.state.name());
    }

    default Outcome childFinished(Step s, Frame f, Frame child) {
        throw new IllegalStateException("no child expected in " + f.state.name());
    }

    /** A child execution the state started has ended (distributed Map runs). */
    default Outcome childExecutionFinished(Step s, Frame f, Signal.ChildFinished finished) {
        throw new IllegalStateException("no child execution expected in " + f.state.name());
    }

    /** New settings for the state's running Map run. */
    default Outcome mapRunUpdated(Step s, Frame f, Signal.UpdateMapRun update) {
        throw new IllegalStateException("no Map run in " + f.state.name());
    }

    /** The event recorded when the state fails for good (MapStateFailed, …), or null. */
    default EventType failedEvent() {
        return null;
    }

    /** Records that the state was stopped while running (a sibling branch or iteration failed). */
    default void abort(Step s, Frame f) {}

    /** Records that the state was still running when the execution stopped or timed out. */
    default void executionStopped(Step s, Frame f) {
        abort(s, f);
    }
}
