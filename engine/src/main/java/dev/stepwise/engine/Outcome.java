package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.engine.history.Payload;

/** What a state handler decided for its frame. */
sealed interface Outcome {

    /**
     * Enter {@code state} with {@code input} (the current state has already emitted its Exited
     * event); {@code payload}, when not null, is {@code input} as that event wrote it, so the
     * Entered event reuses its text instead of writing the document again.
     */
    record Next(String state, JsonNode input, Payload payload) implements Outcome {
        Next(String state, JsonNode input) {
            this(state, input, null);
        }
    }

    /** The block is finished with {@code output} (the last state has emitted its Exited event, {@code payload}). */
    record End(JsonNode output, Payload payload) implements Outcome {
        End(JsonNode output) {
            this(output, null);
        }
    }

    /**
     * The state failed; Retry and Catch decide what follows. {@code causeEventId} is the event the
     * failure follows (a retried or caught state's next event points back to it).
     */
    record Failed(Failure failure, long causeEventId) implements Outcome {}

    /** The frame fails with this failure, which Retry and Catch have already declined. */
    record FrameFailed(Failure failure) implements Outcome {}

    /** The frame waits for a timer, a task or its children. */
    record Suspend() implements Outcome {}

    Suspend SUSPEND = new Suspend();
}
