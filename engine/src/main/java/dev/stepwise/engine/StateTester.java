package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ErrorHandling;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.PassState;
import dev.stepwise.asl.model.Retrier;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.StateType;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one state on its own, as the TestState API does: the state is entered with the given input
 * and variables and runs through the interpreter's own handlers and data flow, except that what
 * would wait does not. A Wait state ends at once; a Task's work is answered by the mock (or by
 * the task dispatcher); a Map's or a Parallel's iterations are replaced by the mock's result. An
 * error then meets the state's Retry and Catch once, as if {@code retrierRetryCount} retries had
 * already happened: it is RETRIABLE while the matching retrier has attempts left, CAUGHT_ERROR when
 * a catcher takes it (with the catcher's output and Next), FAILED otherwise.
 *
 * <p>Pure like the interpreter: time from the injected clock, randomness (retry jitter, task
 * tokens) from the injected source. Thread-safe: each run works on an execution of its own.
 */
public final class StateTester {
    /** How the tested state ended. */
    public enum Status { SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR }

    /** A mocked outcome of a Task's, Map's or Parallel's work. */
    public sealed interface Mock {
        /** The work succeeded with {@code value} (a Task's result, a Map's or Parallel's array of results). */
        record Result(JsonNode value) implements Mock {}

        /** The work failed with {@code error} and {@code cause} (either may be null). */
        record Error(String error, String cause) implements Mock {}
    }

    /**
     * TestState's stateConfiguration; null members were not given. {@code mapItemReaderData} is
     * what the Map's ItemReader would have read, already turned into items.
     */
    public record Configuration(Integer retrierRetryCount, Integer mapIterationFailureCount,
                                List<JsonNode> mapItemReaderData) {
        public static final Configuration NONE = new Configuration(null, null, null);
    }

    /** The state under test and the block (of states) it belongs to. */
    public record Target(Block block, State state) {}

    /**
     * What to run. {@code info} names the execution the state pretends to run in (the default
     * context object shows it); {@code context} replaces that context object when not null;
     * {@code mock} is null when the state's work is real.
     */
    public record Request(ExecutionInfo info, StateMachine machine, Target target, JsonNode input,
                          Map<String, JsonNode> variables, JsonNode context, Mock mock, Configuration configuration) {}

    /** Which Retry or Catch entry handled the error, and the backoff of a retry; null members do not apply. */
    public record ErrorDetails(Integer retryIndex, Integer retryBackoffIntervalSeconds, Integer catchIndex) {}

    /**
     * What the state did on the way: {@code data} holds the raw input ("input") and the documents
     * of the data flow stages this state type shows (afterInputPath, afterParameters,
     * afterArguments, result, afterResultSelector, afterResultPath, afterItemsPath,
     * afterItemSelector), in that order; the Map settings are null for other states.
     */
    public record Inspection(Map<String, JsonNode> data, Map<String, JsonNode> variables, ErrorDetails errorDetails,
                             Integer maxConcurrency, Long toleratedFailureCount, Double toleratedFailurePercentage) {}

    /** How the state ended: its output (SUCCEEDED, CAUGHT_ERROR), error and cause, and the state it goes to. */
    public record Result(Status status, JsonNode output, String error, String cause, String nextState,
                         Inspection inspection) {}

    /**
     * The request asks for something the state cannot do, found only while it runs (more failed Map
     * iterations than the Map has items): the caller's error, not the state's.
     */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Clock clock;
    private final RandomSource random;
    private final TaskDispatcher tasks;
    private final Interpreter interpreter;
    private final StateIO io;
    private final MapHandler maps;

    /** A tester whose unmocked Tasks {@code tasks} carries out (the call is waited for). */
    public StateTester(Clock clock, RandomSource random, TaskDispatcher tasks) {
        this.clock = clock;
        this.random = random;
        this.tasks = tasks;
        this.interpreter = new Interpreter(clock, random);
        this.io = new StateIO(interpreter);
        this.maps = new MapHandler(interpreter);
    }

    /** The state called {@code name} anywhere in the machine (inside branches and item processors too), or null. */
    public static Target find(StateMachine machine, String name) {
        return find(machine.block(), name);
    }

    /** The state called {@code name} in the block or in the blocks nested in its states, or null. */
    public static Target find(Block block, String name) {
        State state = block.state(name);
        if (state != null) {
            return new Target(block, state);
        }
        for (State s : block.states().values()) {
            List<Block> nested = switch (s) {
                case ParallelState p -> p.branches();
                case MapState m -> List.of(m.processor());
                default -> List.of();
            };
            for (Block b : nested) {
                Target found = find(b, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The settings a Map state evaluated, and what handled the error, as the run goes. */
    private static final class Run {
        final Request request;
        Integer maxConcurrency;
        Long toleratedFailureCount;
        Double toleratedFailurePercentage;
        Integer retryIndex;
        Integer retryBackoff;
        Integer catchIndex;

        Run(Request request) {
            this.request = request;
        }
    }

    public Result run(Request request) {
        Execution ex = new Execution(request.info(), request.machine());
        ex.trace = new DataFlowTrace();
        ex.fixedContext = request.context() != null ? request.context() : defaultContext(request);
        Step s = new Step(ex, clock, random);
        // the state's events follow an ExecutionStarted, as they do in an execution (its Entered event is #2)
        long started = s.append(EventType.ExecutionStarted, EventDetails.builder().input(request.info().input())
                .roleArn(request.info().roleArn()).build(), 0);
        Variables scope = new Variables(null);
        request.variables().forEach(scope::set);
        Frame f = new Frame(ex, request.target().block(), null, -1, scope, true, started);
        Run run = new Run(request);
        State state = request.target().state();
        Outcome o;
        if (request.mock() != null && (state instanceof MapState || state instanceof ParallelState)) {
            interpreter.entered(s, f, state.name(), request.input(), request.info().input());
            o = interpreter.guarded(s, f, () -> state instanceof MapState m ? map(s, f, m, run) : parallel(s, f,
                    (ParallelState) state, run));
        } else {
            o = interpreter.enter(s, f, state.name(), request.input(), request.info().input());
            o = resume(s, f, o, run);
        }
        return finish(s, f, o, run);
    }

    /** What would wait does not: a Wait ends now, a Task gets its answer now. */
    private Outcome resume(Step s, Frame f, Outcome o, Run run) {
        if (!(o instanceof Outcome.Suspend)) {
            return o;
        }
        StateHandler handler = interpreter.handler(f.state);
        if (f.state.type() == StateType.Wait) {
            Execution.Timer timer = s.execution.timers.remove(f.timerId);
            f.timerId = -1;
            return interpreter.guarded(s, f, () -> handler.timerFired(s, f, timer));
        }
        if (f.state.type() == StateType.Task && f.taskId != null) {
            Signal answer = switch (run.request.mock()) {
                case Mock.Result r -> new Signal.TaskSucceeded(f.taskId, r.value());
                case Mock.Error e -> new Signal.TaskFailed(f.taskId, e.error(), e.cause());
                case null -> tasks.callNow(new TaskDispatcher.TaskOrigin(s.execution.info.executionArn(),
                        s.execution.info.stateMachineArn(), null), startTask(s.execution, f.taskId));
            };
            return interpreter.guarded(s, f, () -> handler.task(s, f, answer));
        }
        throw new IllegalStateException("state " + f.state.name() + " waits for nothing TestState can answer");
    }

    private static Command.StartTask startTask(Execution ex, String taskId) {
        for (Command c : ex.commands) {
            if (c instanceof Command.StartTask t && t.taskId().equals(taskId)) {
                return t;
            }
        }
        throw new IllegalStateException("no task " + taskId);
    }

    /**
     * A Map whose iterations the mock replaces: its items and settings are evaluated as the Map
     * evaluates them (the ItemReader's items are the configured ones), then {@code
     * mapIterationFailureCount} is checked against the items (a request that fails more iterations
     * than there are items is refused, whatever the mock), a mocked error fails the Map, and
     * otherwise the failures are held against the tolerated-failure thresholds before the mock's
     * result goes through the Map's result processing.
     */
    private Outcome map(Step s, Frame f, MapState map, Run run) {
        Request r = run.request;
        JsonNode effective;
        List<JsonNode> items;
        if (map.itemReader() != null) {
            effective = map.common().jsonata() ? f.stateInput : io.effectiveInput(f, null);
            items = r.configuration().mapItemReaderData();
        } else {
            MapHandler.Selection selection = maps.select(f);
            effective = selection.effective();
            items = new ArrayList<>();
            selection.items().forEach(items::add);
        }
        f.effectiveInput = effective;
        StateEval ctx = io.eval(f, effective);
        run.maxConcurrency = MapHandler.maxConcurrency(map, ctx);
        long count = MapHandler.toleratedCount(map, ctx);
        double percentage = MapHandler.percentage(map, ctx);
        run.toleratedFailureCount = count == MapHandler.NO_THRESHOLD ? null : count;
        run.toleratedFailurePercentage = percentage == MapHandler.NO_THRESHOLD ? null : percentage;
        if (items != null && map.itemSelector() != null) {
            ArrayNode selected = Json.array();
            for (int i = 0; i < items.size(); i++) {
                selected.add(map.itemSelector().evaluate(io.eval(f, effective).withMapItem(IntNode.valueOf(i),
                        items.get(i))));
            }
            DataFlowTrace.record(f, "afterItemSelector", selected);
        }
        int failures = r.configuration().mapIterationFailureCount() == null ? 0
                : r.configuration().mapIterationFailureCount();
        if (items != null && failures > items.size()) {
            throw new Refused("mapIterationFailureCount cannot exceed the number of items the Map state processes.");
        }
        if (r.mock() instanceof Mock.Error e) {
            return new Outcome.Failed(Failure.of(e.error(), e.cause()), f.lastEventId);
        }
        JsonNode result = ((Mock.Result) r.mock()).value();
        // no failed iteration exceeds a threshold (an empty Map included); without a threshold a failed
        // iteration fails the Map with its own error, which a count cannot tell
        boolean thresholds = run.toleratedFailureCount != null || run.toleratedFailurePercentage != null;
        if (failures > 0 && thresholds) {
            int total = items != null ? items.size() : result.size();
            Frame.Children group = new Frame.Children(total, items, run.maxConcurrency, count, percentage);
            group.failed = failures;
            if (!MapHandler.tolerated(group)) {
                return new Outcome.Failed(Failure.of(StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded"), f.lastEventId);
            }
        }
        Common c = map.common();
        return io.complete(s, f, result, map.flow(), c.assign(), c.output(), result, c.next());
    }

    /** A Parallel whose branches the mock replaces: its effective input, then the mock's result processed. */
    private Outcome parallel(Step s, Frame f, ParallelState parallel, Run run) {
        f.effectiveInput = io.effectiveInput(f, parallel.flow().parameters());
        if (run.request.mock() instanceof Mock.Error e) {
            return new Outcome.Failed(Failure.of(e.error(), e.cause()), f.lastEventId);
        }
        JsonNode result = ((Mock.Result) run.request.mock()).value();
        Common c = parallel.common();
        return io.complete(s, f, result, parallel.flow(), c.assign(), c.output(), result, c.next());
    }

    private Result finish(Step s, Frame f, Outcome o, Run run) {
        return switch (o) {
            case Outcome.Next next -> result(Status.SUCCEEDED, next.input(), null, next.state(), f, run);
            case Outcome.End end -> result(Status.SUCCEEDED, end.output(), null, null, f, run);
            case Outcome.FrameFailed failed -> result(Status.FAILED, null, failed.failure(), null, f, run);
            case Outcome.Failed failed -> handle(s, f, failed.failure(), run);
            case Outcome.Suspend ignored -> throw new IllegalStateException("state " + f.state.name() + " did not end");
        };
    }

    /**
     * The state's error meets its Retry and Catch once. The retrier that decides is the first that
     * matches; with {@code retrierRetryCount} retries already made, it retries while its MaxAttempts
     * allow (RETRIABLE, with the backoff the next retry would wait). Otherwise the first matching
     * catcher takes the error (CAUGHT_ERROR, its output and Next); otherwise the state FAILED.
     */
    private Result handle(Step s, Frame f, Failure failure, Run run) {
        ErrorHandling handling = ErrorHandler.handling(f.state);
        int retries = run.request.configuration().retrierRetryCount() == null ? 0
                : run.request.configuration().retrierRetryCount();
        int r = ErrorHandler.retrierFor(handling, failure);
        if (r >= 0) {
            run.retryIndex = r;
            Retrier retrier = handling.retry().get(r);
            if (retries < retrier.maxAttempts()) {
                run.retryBackoff = (int) ErrorHandler.delaySeconds(retrier, retries, s);
                return result(Status.RETRIABLE, null, failure, null, f, run);
            }
        }
        int c = ErrorHandler.catcherFor(handling, failure);
        if (c < 0) {
            return result(Status.FAILED, null, failure, null, f, run);
        }
        run.catchIndex = c;
        Outcome caught = interpreter.guarded(s, f, () -> interpreter.errors().caught(s, f,
                handling.catchers().get(c), failure));
        return switch (caught) {
            case Outcome.Next next -> result(Status.CAUGHT_ERROR, next.input(), failure, next.state(), f, run);
            case Outcome.Failed failed -> result(Status.FAILED, null, failed.failure(), null, f, run);
            default -> throw new IllegalStateException("a catcher of " + f.state.name() + " did not transition");
        };
    }

    private Result result(Status status, JsonNode output, Failure failure, String next, Frame f, Run run) {
        ErrorDetails details = run.retryIndex == null && run.catchIndex == null ? null
                : new ErrorDetails(run.retryIndex, run.retryBackoff, run.catchIndex);
        Map<String, JsonNode> variables = new LinkedHashMap<>(f.variables.own());
        Inspection inspection = new Inspection(stages(f, run.request), variables, details, run.maxConcurrency,
                run.toleratedFailureCount, run.toleratedFailurePercentage);
        return new Result(status, output, failure == null ? null : failure.error(),
                failure == null ? null : failure.cause(), next, inspection);
    }

    /**
     * The raw input and the data flow stages the state's type goes through, in the order they
     * happen. JSONPath: a Pass with a Result shows it as its result and skips its input stages;
     * states without a result (Choice, Wait, Succeed, Fail) show the input after InputPath only.
     * JSONata states show Arguments and the result where they have them. A Map's or a Parallel's
     * result is what its iterations or branches returned (here the mock standing in for them), not
     * the raw result of a call: neither shows it, as AWS shows none for a mocked Map.
     */
    private static Map<String, JsonNode> stages(Frame f, Request request) {
        State state = f.state;
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("input", request.input());
        List<String> shown;
        if (state.common().jsonata()) {
            shown = switch (state.type()) {
                case Task -> List.of("afterArguments", "result");
                case Parallel -> List.of("afterArguments");
                case Map -> List.of("afterItemSelector");
                default -> List.of();
            };
        } else {
            shown = switch (state) {
                case PassState p when p.result() != null -> List.of("result", "afterResultSelector", "afterResultPath");
                case PassState p -> List.of("afterInputPath", "afterParameters", "afterResultSelector", "afterResultPath");
                case TaskState t -> List.of("afterInputPath", "afterParameters", "result", "afterResultSelector",
                        "afterResultPath");
                case ParallelState p -> List.of("afterInputPath", "afterParameters", "afterResultSelector",
                        "afterResultPath");
                case MapState m -> List.of("afterInputPath", "afterItemsPath", "afterItemSelector", "afterResultSelector",
                        "afterResultPath");
                default -> List.of("afterInputPath");
            };
            if (state.type() == StateType.Fail) {
                // a Fail state has no InputPath: its input is what it works on
                data.put("afterInputPath", request.input());
            }
        }
        DataFlowTrace trace = f.execution.trace;
        for (String stage : shown) {
            JsonNode value = trace.get(stage);
            if (value != null) {
                data.put(stage, value);
            }
        }
        return data;
    }

    /**
     * The context object TestState gives a state when the caller gives none: the execution's Id,
     * Input, Name, RoleArn and StartTime, the state machine's Id and Name, and the state's Name,
     * EnteredTime and RetryCount ({@code retrierRetryCount}); a callback Task also has its token.
     */
    private ObjectNode defaultContext(Request request) {
        ExecutionInfo info = request.info();
        ObjectNode root = Json.object();
        ObjectNode execution = root.putObject("Execution");
        execution.put("Id", info.executionArn());
        execution.set("Input", request.input());
        execution.put("Name", info.name());
        if (info.roleArn() != null) {
            execution.put("RoleArn", info.roleArn());
        }
        execution.put("StartTime", ContextObject.timestamp(info.startTime()));
        ObjectNode machine = root.putObject("StateMachine");
        machine.put("Id", info.stateMachineArn());
        machine.put("Name", info.stateMachineName());
        ObjectNode state = root.putObject("State");
        state.put("Name", request.target().state().name());
        state.put("EnteredTime", ContextObject.timestamp(clock.instant()));
        Integer retries = request.configuration().retrierRetryCount();
        state.put("RetryCount", retries == null ? 0 : retries);
        if (request.target().state() instanceof TaskState t && t.resource().waitsForTaskToken()) {
            root.putObject("Task").put("Token", random.uuid().toString());
        }
        return root;
    }
}
