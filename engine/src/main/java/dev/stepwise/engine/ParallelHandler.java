package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;

/**
 * Parallel: runs every branch on the state's effective input, each in a frame and variable scope
 * of its own. The result is the array of branch outputs in branch order; the first branch to fail
 * fails the state and stops the others.
 */
final class ParallelHandler implements StateHandler {
    private final Interpreter interpreter;
    private final StateIO io;
    private final ChildFrames children;

    ParallelHandler(Interpreter interpreter) {
        this.interpreter = interpreter;
        this.io = new StateIO(interpreter);
        this.children = new ChildFrames(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        ParallelState parallel = (ParallelState) f.state;
        JsonNode effective = io.effectiveInput(f, parallel.flow().parameters());
        f.effectiveInput = effective;
        s.emit(f, EventType.ParallelStateStarted, EventDetails.NONE);
        int n = parallel.branches().size();
        Frame.Children group = new Frame.Children(n, null, 0, 0, 0);
        f.children = group;
        long startedId = f.lastEventId;
        Frame[] frames = new Frame[n];
        for (int i = 0; i < n; i++) {
            Block branch = parallel.branches().get(i);
            frames[i] = new Frame(f.execution, branch, f, i, new Variables(f.variables), f.recorded, startedId);
            group.frames[i] = frames[i];
        }
        group.started = n;
        // the agenda is a stack: push the last branch first so that branch 0 runs first
        for (int i = n - 1; i >= 0; i--) {
            Frame child = frames[i];
            s.later(() -> {
                if (!group.closing && f.children == group) {
                    interpreter.advance(s, child, interpreter.enter(s, child, child.block.startAt(), effective, null));
                }
            });
        }
        return Outcome.SUSPEND;
    }

    @Override
    public Outcome childFinished(Step s, Frame f, Frame child) {
        Frame.Children group = f.children;
        if (group == null || group.closing) {
            return Outcome.SUSPEND;
        }
        group.finished++;
        group.lastChildEventId = child.lastEventId;
        if (child.failure != null) {
            group.closing = true;
            children.abortRunning(s, f, group, false);
            return new Outcome.Failed(child.failure, child.lastEventId);
        }
        group.results[child.index] = child.output;
        if (group.finished < group.frames.length) {
            return Outcome.SUSPEND;
        }
        ArrayNode results = Json.array();
        for (JsonNode r : group.results) {
            results.add(r);
        }
        f.children = null;
        f.lastEventId = group.lastChildEventId;
        s.emit(f, EventType.ParallelStateSucceeded, EventDetails.NONE, f.lastEventId);
        Common c = f.state.common();
        ParallelState parallel = (ParallelState) f.state;
        return io.complete(s, f, results, parallel.flow(), c.assign(), c.output(), results, c.next());
    }

    @Override
    public EventType failedEvent() {
        return EventType.ParallelStateFailed;
    }

    @Override
    public void abort(Step s, Frame f) {
        s.emit(f, EventType.ParallelStateAborted, EventDetails.NONE);
    }
}
