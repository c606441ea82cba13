package dev.stepwise.engine;

import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;

/** What Parallel and Map share about their child frames: stopping the ones still running. */
final class ChildFrames {
    private final Interpreter interpreter;

    ChildFrames(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /**
     * Stops every child that started and has not finished: its waiting states record that they
     * were aborted, its timers and tasks are cancelled, and a Map iteration records
     * MapIterationAborted.
     */
    void abortRunning(Step s, Frame parent, Frame.Children group, boolean mapIterations) {
        for (Frame child : group.frames) {
            if (child == null || child.done || child.state == null) {
                continue;
            }
            stop(s, child);
            if (mapIterations) {
                s.emit(child, EventType.MapIterationAborted,
                        EventDetails.mapIteration(parent.state.name(), child.index));
            }
        }
    }

    private void stop(Step s, Frame f) {
        if (f.children != null && f.children.mapRunArn == null) {
            // a distributed Map run's own abort stops its child executions, and closes the run
            f.children.closing = true;
            for (Frame child : f.children.frames) {
                if (child != null && !child.done && child.state != null) {
                    stop(s, child);
                }
            }
        }
        interpreter.handler(f.state).abort(s, f);
        if (f.timerId >= 0) {
            s.cancelTimer(f.timerId);
            f.timerId = -1;
        }
        if (f.heartbeatTimerId >= 0) {
            s.cancelTimer(f.heartbeatTimerId);
            f.heartbeatTimerId = -1;
        }
        if (f.taskId != null && s.execution.tasks.remove(f.taskId) != null) {
            s.command(new Command.CancelTask(f.taskId));
        }
        f.done = true;
    }
}
