package dev.stepwise.engine.run;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one execution to its end in the calling thread: the interpreter's commands are carried out
 * in process, timers from a queue, tasks by a {@link TaskResource}. With a {@link ManualClock}
 * time is simulated: when nothing else can happen the clock jumps to the next timer, so an hour's
 * Wait ends at once. With any other clock timers fire at their real time.
 */
public final class LocalRunner {
    private final Interpreter interpreter;
    private final Clock clock;
    private final TaskResource tasks;

    public LocalRunner(Interpreter interpreter, Clock clock, TaskResource tasks) {
        this.interpreter = interpreter;
        this.clock = clock;
        this.tasks = tasks;
    }

    private record Armed(long id, Instant at) {}

    public void run(Execution execution) throws InterruptedException {
        PriorityQueue<Armed> timers = new PriorityQueue<>(
                Comparator.comparing(Armed::at).thenComparingLong(Armed::id));
        Map<Long, Armed> byId = new HashMap<>();
        LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        Interpreter.StepResult step = interpreter.start(execution);
        while (true) {
            for (Command command : step.commands()) {
                switch (command) {
                    case Command.ArmTimer arm -> {
                        Armed a = new Armed(arm.timerId(), arm.at());
                        timers.add(a);
                        byId.put(a.id(), a);
                    }
                    case Command.CancelTimer cancel -> {
                        Armed a = byId.remove(cancel.timerId());
                        if (a != null) {
                            timers.remove(a);
                        }
                    }
                    case Command.StartTask start -> tasks.start(start, signals::add);
                    case Command.CancelTask cancel -> tasks.cancel(cancel.taskId());
                }
            }
            if (!execution.isOpen()) {
                return;
            }
            Signal next = signals.poll();
            if (next == null) {
                next = nextTimerOrSignal(timers, byId, signals);
            }
            step = interpreter.signal(execution, next);
        }
    }

    private Signal nextTimerOrSignal(PriorityQueue<Armed> timers, Map<Long, Armed> byId,
                                     LinkedBlockingQueue<Signal> signals) throws InterruptedException {
        while (true) {
            Armed first = timers.peek();
            if (first == null) {
                return signals.take();
            }
            if (clock instanceof ManualClock manual) {
                manual.advanceTo(first.at());
            } else {
                long waitNanos = Duration.between(clock.instant(), first.at()).toNanos();
                if (waitNanos > 0) {
                    Signal s = signals.poll(waitNanos, TimeUnit.NANOSECONDS);
                    if (s != null) {
                        return s;
                    }
                    continue;
                }
            }
            timers.poll();
            byId.remove(first.id());
            return new Signal.TimerFired(first.id());
        }
    }
}
