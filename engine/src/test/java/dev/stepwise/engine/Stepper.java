package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.engine.run.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the interpreter by hand, one signal at a time, on a manual clock: for rules about what
 * happens between signals (heartbeats, time-outs, cancelled timers and tasks). It keeps the
 * runtime's side of the commands: the armed timers, the started and the cancelled tasks.
 */
final class Stepper {
    final Execution execution;
    final ManualClock clock = new ManualClock(Runs.START);
    final Interpreter interpreter;
    /** Timers armed and neither fired nor cancelled, by id. */
    final Map<Long, Instant> timers = new LinkedHashMap<>();
    final List<Command.StartTask> started = new ArrayList<>();
    final List<String> cancelledTasks = new ArrayList<>();
    final List<Long> cancelledTimers = new ArrayList<>();
    /** Every command, in the order the interpreter gave them. */
    final List<Command> commands = new ArrayList<>();
    /** Every Map run change, in order. */
    final List<MapRunState> mapRuns = new ArrayList<>();

    Stepper(String definition, String input) {
        this(definition, input, WaitScale.REAL);
    }

    Stepper(String definition, String input, WaitScale scale) {
        this.execution = Runs.execution(definition, input);
        this.interpreter = new Interpreter(clock, RandomSource.seeded(7), scale);
    }

    Stepper start() {
        take(interpreter.start(execution));
        return this;
    }

    Stepper signal(Signal signal) {
        take(interpreter.signal(execution, signal));
        return this;
    }

    /** The task started most recently. */
    Command.StartTask task() {
        assertThat(started).as("started tasks").isNotEmpty();
        return started.get(started.size() - 1);
    }

    /** Moves the clock forward, firing every timer that falls due on the way, in order. */
    Stepper advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Map.Entry<Long, Instant> next = timers.entrySet().stream()
                    .filter(e -> !e.getValue().isAfter(target))
                    .min(Map.Entry.<Long, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElse(null);
            if (next == null || !execution.isOpen()) {
                break;
            }
            timers.remove(next.getKey());
            clock.advanceTo(next.getValue());
            take(interpreter.signal(execution, new Signal.TimerFired(next.getKey())));
        }
        clock.advanceTo(target);
        return this;
    }

    /** The instants of the timers still armed, soonest first. */
    List<Duration> armed() {
        return timers.values().stream().sorted(Comparator.naturalOrder())
                .map(t -> Duration.between(Runs.START, t)).toList();
    }

    Runs.Result result() {
        return Runs.Result.of(execution);
    }

    private void take(Interpreter.StepResult step) {
        mapRuns.addAll(step.mapRuns());
        for (Command c : step.commands()) {
            commands.add(c);
            switch (c) {
                case Command.ArmTimer arm -> timers.put(arm.timerId(), arm.at());
                case Command.CancelTimer cancel -> {
                    timers.remove(cancel.timerId());
                    cancelledTimers.add(cancel.timerId());
                }
                case Command.StartTask start -> started.add(start);
                case Command.CancelTask cancel -> cancelledTasks.add(cancel.taskId());
                case Command.StartChildExecution child -> { }
                case Command.StopChildExecution stop -> { }
            }
        }
    }
}
