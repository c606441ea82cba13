package dev.stepwise.engine;

import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The working context of one interpreter step on one execution: it appends events, arms timers
 * and keeps the agenda of frames to advance. Frames run depth first: a frame spawned by another
 * runs before the spawner's later siblings, which gives the event order of a sequential run.
 */
final class Step {
    final Execution execution;
    final Clock clock;
    final RandomSource random;
    private final Deque<Runnable> agenda = new ArrayDeque<>();

    Step(Execution execution, Clock clock, RandomSource random) {
        this.execution = execution;
        this.clock = clock;
        this.random = random;
    }

    Instant now() {
        return clock.instant();
    }

    /** Appends an event after the frame's latest one and makes it the frame's latest. */
    long emit(Frame frame, EventType type, EventDetails details) {
        long id = emit(frame, type, details, frame.lastEventId);
        if (id > 0) {
            frame.lastEventId = id;
        }
        return id;
    }

    /** Appends an event with an explicit previous event id; the frame's latest event is unchanged. */
    long emit(Frame frame, EventType type, EventDetails details, long previousEventId) {
        if (frame != null && !frame.recorded) {
            return 0;
        }
        return append(type, details, previousEventId);
    }

    long append(EventType type, EventDetails details, long previousEventId) {
        Execution ex = execution;
        long id = ex.nextEventId++;
        ex.history.add(new HistoryEvent(id, previousEventId, now(), type, details));
        return id;
    }

    long armTimer(Frame frame, Execution.TimerPurpose purpose, Instant at) {
        long id = execution.nextTimerId++;
        execution.timers.put(id, new Execution.Timer(id, purpose, frame, at));
        execution.commands.add(new Command.ArmTimer(id, at));
        if (frame != null && purpose == Execution.TimerPurpose.HEARTBEAT_TIMEOUT) {
            frame.heartbeatTimerId = id;
        } else if (frame != null && purpose != Execution.TimerPurpose.EXECUTION_TIMEOUT) {
            frame.timerId = id;
        }
        return id;
    }

    void cancelTimer(long id) {
        if (execution.timers.remove(id) != null) {
            execution.commands.add(new Command.CancelTimer(id));
        }
    }

    void command(Command command) {
        execution.commands.add(command);
    }

    void mapRunChanged(MapRunState state) {
        execution.mapRunChanges.add(state);
    }

    void later(Runnable work) {
        agenda.push(work);
    }

    void drain() {
        Runnable next;
        while ((next = agenda.poll()) != null) {
            next.run();
        }
    }
}
