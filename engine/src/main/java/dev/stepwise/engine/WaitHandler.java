package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.eval.Timestamps;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ResultFlow;
import dev.stepwise.asl.model.WaitState;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Wait: holds the frame until a number of seconds has passed or a timestamp is reached. A wait
 * that is already over (zero seconds, a past timestamp) does not arm a timer.
 */
final class WaitHandler implements StateHandler {
    private final StateIO io;
    private final WaitScale scale;

    WaitHandler(Interpreter interpreter, WaitScale scale) {
        this.io = new StateIO(interpreter);
        this.scale = scale;
    }

    @Override
    public Outcome start(Step s, Frame f) {
        WaitState wait = (WaitState) f.state;
        Common c = wait.common();
        JsonNode effective = c.jsonata() ? f.stateInput : io.effectiveInput(f, null);
        f.effectiveInput = effective;
        StateEval ctx = io.eval(f, effective);
        Instant now = s.now();
        Instant until;
        if (wait.seconds() != null) {
            until = scale.after(now, seconds(wait.seconds(), ctx));
        } else if (wait.secondsPath() != null) {
            JsonNode v = ctx.read(wait.secondsPath());
            String shown = wait.secondsPath().text() + " == " + (v.isMissingNode() ? "null" : Json.write(v));
            if (v.isMissingNode() || !v.isIntegralNumber()) {
                throw runtime("The SecondsPath parameter cannot be parsed as a long value: " + shown);
            }
            if (v.longValue() < 0) {
                throw runtime("The SecondsPath parameter references a negative value: " + shown);
            }
            until = scale.after(now, v.longValue());
        } else if (wait.timestamp() != null) {
            until = scale.until(now, timestamp(wait.timestamp(), ctx));
        } else {
            JsonNode v = ctx.read(wait.timestampPath());
            OffsetDateTime t = v.isTextual() ? Timestamps.parse(v.asText()) : null;
            if (t == null) {
                throw runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                        + "date-time format string: " + wait.timestampPath().text() + " == "
                        + (v.isTextual() ? v.asText() : v.isMissingNode() ? "null" : Json.write(v)));
            }
            until = scale.until(now, t.toInstant());
        }
        if (!until.isAfter(now)) {
            return finish(s, f);
        }
        s.armTimer(f, Execution.TimerPurpose.WAIT, until);
        return Outcome.SUSPEND;
    }

    @Override
    public Outcome timerFired(Step s, Frame f, Execution.Timer timer) {
        return finish(s, f);
    }

    /** AWS records no WaitStateAborted when the execution stops during a Wait (see Interpreter#stop). */
    @Override
    public void executionStopped(Step s, Frame f) {}

    @Override
    public void abort(Step s, Frame f) {
        if (f.timerId >= 0) {
            s.emit(f, dev.stepwise.engine.history.EventType.WaitStateAborted,
                    dev.stepwise.engine.history.EventDetails.NONE);
        }
    }

    private Outcome finish(Step s, Frame f) {
        Common c = f.state.common();
        return io.complete(s, f, f.effectiveInput, ResultFlow.NONE, c.assign(), c.output(), f.stateInput, c.next());
    }

    private static long seconds(Template template, StateEval ctx) {
        JsonNode v = template.evaluate(ctx);
        if (!v.isIntegralNumber() || v.longValue() < 0) {
            throw Failure.of(template instanceof Template.Jsonata ? StatesErrors.QUERY_EVALUATION_ERROR : StatesErrors.RUNTIME,
                    "The Seconds field must be a non-negative integer, but was: " + Json.write(v)).raise("Seconds");
        }
        return v.longValue();
    }

    private static Instant timestamp(Template template, StateEval ctx) {
        JsonNode v = template.evaluate(ctx);
        OffsetDateTime t = v.isTextual() ? Timestamps.parse(v.asText()) : null;
        if (t == null) {
            throw Failure.of(template instanceof Template.Jsonata ? StatesErrors.QUERY_EVALUATION_ERROR : StatesErrors.RUNTIME,
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                            + (v.isTextual() ? v.asText() : Json.write(v))).raise("Timestamp");
        }
        return t.toInstant();
    }

    private static RuntimeException runtime(String cause) {
        return Failure.of(StatesErrors.RUNTIME, cause).raise();
    }
}
