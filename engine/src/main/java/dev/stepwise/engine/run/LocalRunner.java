package dev.stepwise.engine.run;

import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.ExecutionStatus;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.history.Payload;
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
 * Runs one execution to its end in the calling thread, with the child executions it starts
 * (distributed Map runs): the interpreter's commands are carried out in process, timers from a
 * queue, tasks by a {@link TaskResource}. With a {@link ManualClock} time is simulated: when
 * nothing else can happen the clock jumps to the next timer, so an hour's Wait ends at once. With
 * any other clock timers fire at their real time.
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

    private record Armed(String executionArn, long id, Instant at) {}

    private record Addressed(String executionArn, Signal signal) {}

    /** The run's state: every execution it runs, their timers and the signals waiting for them. */
    private final class Run {
        final Map<String, Execution> executions = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final PriorityQueue<Armed> timers = new PriorityQueue<>(
                Comparator.comparing(Armed::at).thenComparing(Armed::executionArn).thenComparingLong(Armed::id));
        final Map<String, Armed> armed = new HashMap<>();
        final LinkedBlockingQueue<Addressed> signals = new LinkedBlockingQueue<>();

        void carryOut(Execution ex, Interpreter.StepResult step) {
            String arn = ex.info().executionArn();
            for (Command command : step.commands()) {
                switch (command) {
                    case Command.ArmTimer arm -> {
                        Armed a = new Armed(arn, arm.timerId(), arm.at());
                        timers.add(a);
                        armed.put(arn + "#" + a.id(), a);
                    }
                    case Command.CancelTimer cancel -> {
                        Armed a = armed.remove(arn + "#" + cancel.timerId());
                        if (a != null) {
                            timers.remove(a);
                        }
                    }
                    case Command.StartTask start -> tasks.start(start, s -> signals.add(new Addressed(arn, s)));
                    case Command.CancelTask cancel -> tasks.cancel(cancel.taskId());
                    case Command.StartChildExecution child -> startChild(ex, child);
                    case Command.StopChildExecution stop ->
                            signals.add(new Addressed(stop.executionArn(), new Signal.Stop(stop.error(), stop.cause())));
                    case Command.MapRunChanged ignored -> { }
                }
            }
            String parent = parents.get(arn);
            if (!ex.isOpen() && parent != null) {
                signals.add(new Addressed(parent, new Signal.ChildFinished(arn, ex.status().name(),
                        ex.status() == ExecutionStatus.SUCCEEDED ? ex.output() : null, ex.error(), ex.cause())));
            }
        }

        void startChild(Execution parent, Command.StartChildExecution child) {
            ParsedDefinition parsed = DefinitionParser.parse(child.definition());
            ExecutionInfo p = parent.info();
            ExecutionInfo info = new ExecutionInfo(child.executionArn(), child.name(), p.stateMachineArn(),
                    p.stateMachineName(), p.roleArn(), clock.instant(),
                    Payload.of(child.input(), Json.write(child.input())), null, null, 0);
            Execution ex = new Execution(info, parsed.machine());
            if ("EXPRESS".equals(child.type())) {
                ex.capTimeout(300);
            }
            executions.put(child.executionArn(), ex);
            parents.put(child.executionArn(), p.executionArn());
            carryOut(ex, interpreter.start(ex));
        }
    }

    public void run(Execution execution) throws InterruptedException {
        Run run = new Run();
        run.executions.put(execution.info().executionArn(), execution);
        run.carryOut(execution, interpreter.start(execution));
        while (execution.isOpen()) {
            Addressed next = run.signals.poll();
            if (next == null) {
                next = nextTimerOrSignal(run);
            }
            Execution target = run.executions.get(next.executionArn());
            if (target != null && target.isOpen()) {
                run.carryOut(target, interpreter.signal(target, next.signal()));
            }
        }
    }

    private Addressed nextTimerOrSignal(Run run) throws InterruptedException {
        while (true) {
            Armed first = run.timers.peek();
            if (first == null) {
                return run.signals.take();
            }
            if (clock instanceof ManualClock manual) {
                manual.advanceTo(first.at());
            } else {
                long waitNanos = Duration.between(clock.instant(), first.at()).toNanos();
                if (waitNanos > 0) {
                    Addressed s = run.signals.poll(waitNanos, TimeUnit.NANOSECONDS);
                    if (s != null) {
                        return s;
                    }
                    continue;
                }
            }
            run.timers.poll();
            run.armed.remove(first.executionArn() + "#" + first.id());
            return new Addressed(first.executionArn(), new Signal.TimerFired(first.id()));
        }
    }
}
