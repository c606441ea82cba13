package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Catcher;
import dev.stepwise.asl.model.ErrorHandling;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.Retrier;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.engine.history.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retry and Catch. The first retrier whose ErrorEquals matches decides: it retries after its
 * backoff while attempts remain, and once they are spent the error falls through to Catch. The
 * first matching catcher sends the error output to its Next; otherwise the frame fails.
 */
final class ErrorHandler {
    private final Interpreter interpreter;
    private final StateIO io;
    private WaitScale scale = WaitScale.REAL;

    ErrorHandler(Interpreter interpreter) {
        this.interpreter = interpreter;
        this.io = new StateIO(interpreter);
    }

    void scale(WaitScale scale) {
        this.scale = scale;
    }

    Outcome onFailure(Step s, Frame f, Outcome.Failed failed) {
        Failure failure = failed.failure();
        State state = f.state;
        ErrorHandling handling = handling(state);
        f.lastEventId = failed.causeEventId();
        int i = retrierFor(handling, failure);
        if (i >= 0) {
            Retrier retrier = handling.retry().get(i);
            if (f.retryCounts == null) {
                f.retryCounts = new int[handling.retry().size()];
            }
            int attempt = f.retryCounts[i];
            if (attempt < retrier.maxAttempts()) {
                f.retryCounts[i] = attempt + 1;
                f.retryCount++;
                Instant at = scale.after(s.now(), delaySeconds(retrier, attempt, s));
                s.armTimer(f, Execution.TimerPurpose.RETRY, at);
                return Outcome.SUSPEND;
            }
        }
        EventType failedEvent = interpreter.handler(state).failedEvent();
        // States.Runtime ends the execution as it stands: no retry, no catch-all, no XStateFailed event
        if (failedEvent != null && !StatesErrors.RUNTIME.equals(failure.error())) {
            s.emit(f, failedEvent, dev.stepwise.engine.history.EventDetails.NONE);
        }
        int c = catcherFor(handling, failure);
        if (c >= 0) {
            Catcher catcher = handling.catchers().get(c);
            return interpreter.guarded(s, f, () -> caught(s, f, catcher, failure));
        }
        return new Outcome.FrameFailed(failure);
    }

    /** The index of the retrier that decides about {@code failure}: the first whose ErrorEquals matches; -1 for none. */
    static int retrierFor(ErrorHandling handling, Failure failure) {
        for (int i = 0; i < handling.retry().size(); i++) {
            if (ErrorMatching.matches(handling.retry().get(i).errorEquals(), failure.error())) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first catcher whose ErrorEquals matches {@code failure}; -1 for none. */
    static int catcherFor(ErrorHandling handling, Failure failure) {
        for (int i = 0; i < handling.catchers().size(); i++) {
            if (ErrorMatching.matches(handling.catchers().get(i).errorEquals(), failure.error())) {
                return i;
            }
        }
        return -1;
    }

    /** Sends the error output to the catcher's Next: its ResultPath (JSONPath) or Output (JSONata), and its Assign. */
    Outcome caught(Step s, Frame f, Catcher catcher, Failure failure) {
        ObjectNode errorOutput = Json.object();
        errorOutput.put("Error", failure.error());
        if (failure.cause() != null) {
            errorOutput.put("Cause", failure.cause());
        }
        JsonNode output;
        Map<String, JsonNode> assigned = null;
        if (f.state.common().jsonata()) {
            StateEval ctx = io.eval(f, f.stateInput).withErrorOutput(errorOutput);
            if (catcher.assign() != null) {
                assigned = fields(catcher.assign().evaluate(ctx));
            }
            output = catcher.output() == null ? errorOutput : catcher.output().evaluate(ctx);
        } else {
            if (catcher.assign() != null) {
                assigned = fields(catcher.assign().evaluate(io.eval(f, errorOutput)));
            }
            output = DataFlow.place(catcher.resultPath(), f.stateInput, errorOutput);
        }
        return io.exit(s, f, output, assigned, catcher.next());
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter drawn from [0, delay). */
    static double delaySeconds(Retrier retrier, int attempt, Step s) {
        double delay = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempt);
        if (retrier.maxDelaySeconds() != null) {
            delay = Math.min(delay, retrier.maxDelaySeconds());
        }
        if (retrier.jitterStrategy() == Retrier.JitterStrategy.FULL) {
            delay = delay * s.random.nextDouble();
        }
        return delay;
    }

    static ErrorHandling handling(State state) {
        return switch (state) {
            case TaskState t -> t.errors();
            case ParallelState p -> p.errors();
            case MapState m -> m.errors();
            default -> ErrorHandling.NONE;
        };
    }
}
