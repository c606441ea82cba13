package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.eval.StatesErrors;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.history.EventDetails;
import dev.stepwise.engine.history.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Map: runs its item processor once per item, each iteration in a frame and variable scope of its
 * own, at most MaxConcurrency at a time (0: no limit). The result is the array of iteration
 * outputs in item order. Inline iterations record their events in the execution's history; a
 * distributed map run records MapRun events instead and keeps its iterations' events apart.
 */
final class MapHandler implements StateHandler {
    /** A tolerated-failure setting the state does not have. */
    static final int NO_THRESHOLD = -1;

    private final Interpreter interpreter;
    private final StateIO io;
    private final ChildFrames childFrames;

    MapHandler(Interpreter interpreter) {
        this.interpreter = interpreter;
        this.io = new StateIO(interpreter);
        this.childFrames = new ChildFrames(interpreter);
    }

    @Override
    public Outcome start(Step s, Frame f) {
        MapState map = (MapState) f.state;
        Selection selection = select(f);
        JsonNode effective = selection.effective();
        JsonNode items = selection.items();
        f.effectiveInput = effective;
        StateEval ctx = io.eval(f, effective);
        int maxConcurrency = maxConcurrency(map, ctx);
        s.emit(f, EventType.MapStateStarted, EventDetails.builder().length(items.size()).build());
        long toleratedCount = toleratedCount(map, ctx);
        double toleratedPercentage = percentage(map, ctx);
        boolean distributed = map.mode() == MapState.Mode.DISTRIBUTED;
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        Frame.Children group = new Frame.Children(list.size(), list, maxConcurrency, toleratedCount, toleratedPercentage);
        f.children = group;
        if (distributed) {
            group.mapRunArn = mapRunArn(f, map, s);
            group.mapRunStart = s.now();
            f.execution.mapRuns.put(group.mapRunArn, f);
            s.emit(f, EventType.MapRunStarted, EventDetails.builder().mapRunArn(group.mapRunArn).build());
            mapRunChanged(s, f, group, "RUNNING");
        }
        if (list.isEmpty()) {
            return succeed(s, f, group, f.lastEventId);
        }
        startMore(s, f, group, f.lastEventId);
        return Outcome.SUSPEND;
    }

    /** The Map's effective input and the array of items it iterates over. */
    record Selection(JsonNode effective, JsonNode items) {}

    /**
     * The effective input (JSONPath: after InputPath) and the items: what JSONata's Items gives
     * (the input when absent), or what ItemsPath selects; an array, or the state fails. The
     * EvaluationFailed event of a JSONata Map names the field as its location only when the state
     * has an Items field: without one, no field of the state failed.
     */
    Selection select(Frame f) {
        MapState map = (MapState) f.state;
        JsonNode effective;
        JsonNode items;
        if (map.common().jsonata()) {
            effective = f.stateInput;
            items = map.items() == null ? effective : map.items().evaluate(io.eval(f, effective));
            if (!items.isArray()) {
                String text = map.items() instanceof Template.Jsonata j ? j.expression().text() : "$states.input";
                throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The JSONata expression '" + text
                        + "' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '"
                        + Json.typeName(items) + "' for value: " + Json.write(items))
                        .raise(map.items() != null ? "Items" : null);
            }
        } else {
            effective = io.effectiveInput(f, null);
            items = DataFlow.select(map.itemsPath(), "ItemsPath", effective, io.eval(f, effective));
            DataFlowTrace.record(f, "afterItemsPath", items);
            if (!items.isArray()) {
                throw Failure.of(StatesErrors.RUNTIME, "Item path " + map.itemsPath()
                        + " must point to a JSON array, but was: " + Json.write(items)).raise();
            }
        }
        return new Selection(effective, items);
    }

    /** MaxConcurrency (0, no limit, when absent or negative). */
    static int maxConcurrency(MapState map, StateEval ctx) {
        return (int) Math.max(0, integer(map.maxConcurrency(), map.maxConcurrencyPath(), "MaxConcurrency", ctx, 0));
    }

    /** ToleratedFailureCount, or {@link #NO_THRESHOLD} when the state sets none. */
    static long toleratedCount(MapState map, StateEval ctx) {
        if (map.toleratedFailureCount() == null && map.toleratedFailureCountPath() == null) {
            return NO_THRESHOLD;
        }
        long count = integer(map.toleratedFailureCount(), map.toleratedFailureCountPath(), "ToleratedFailureCount",
                ctx, 0);
        if (count < 0) {
            throw Failure.of(StatesErrors.RUNTIME, "ToleratedFailureCount cannot be negative.").raise();
        }
        return count;
    }

    /** Starts iterations while there are items left and room under MaxConcurrency. */
    private void startMore(Step s, Frame f, Frame.Children group, long previousEventId) {
        MapState map = (MapState) f.state;
        boolean distributed = map.mode() == MapState.Mode.DISTRIBUTED;
        if (distributed) {
            startChildExecutions(s, f, group);
            return;
        }
        List<Frame> starting = new ArrayList<>();
        while (group.started < group.frames.length
                && (group.maxConcurrency == 0 || group.running() < group.maxConcurrency)) {
            int i = group.started++;
            Frame child = new Frame(f.execution, map.processor(), f, i, new Variables(f.variables),
                    f.recorded && !distributed, previousEventId);
            group.frames[i] = child;
            starting.add(child);
        }
        // the agenda is a stack: push the last iteration first so that they run in item order
        for (int k = starting.size() - 1; k >= 0; k--) {
            Frame child = starting.get(k);
            s.later(() -> startIteration(s, f, group, child));
        }
    }

    private void startIteration(Step s, Frame f, Frame.Children group, Frame child) {
        if (group.closing || f.children != group) {
            return;
        }
        MapState map = (MapState) f.state;
        int i = child.index;
        JsonNode input;
        try {
            input = itemInput(f, group, i, s.random);
        } catch (dev.stepwise.asl.eval.EvaluationException e) {
            group.closing = true;
            childFrames.abortRunning(s, f, group, true);
            interpreter.advance(s, f, interpreter.evaluationFailed(s, f, e));
            return;
        }
        s.emit(child, EventType.MapIterationStarted, EventDetails.mapIteration(map.name(), i));
        interpreter.advance(s, child, interpreter.enter(s, child, child.block.startAt(), input, null));
    }

    /**
     * A distributed Map run's iterations are child executions, each running the item processor as
     * a definition of its own; their events are in their own histories, not the parent's.
     */
    private void startChildExecutions(Step s, Frame f, Frame.Children group) {
        MapState map = (MapState) f.state;
        String type = childType(map);
        String prefix = childArnPrefix(f.execution.info, group.mapRunArn, type);
        while (group.started < group.frames.length && !group.closing
                && (group.maxConcurrency == 0 || group.running() < group.maxConcurrency)) {
            int i = group.started++;
            JsonNode input = itemInput(f, group, i, s.random);
            String name = s.random.uuid().toString();
            String arn = "EXPRESS".equals(type) ? prefix + name + ":" + s.random.uuid() : prefix + name;
            group.childIndex.put(arn, i);
            f.execution.children.put(arn, f);
            s.command(startChild(f, group, arn, input));
        }
    }

    /**
     * The input of item {@code i}: the item, or what ItemSelector makes of it. Evaluated again for
     * a restarted runtime ({@link Execution#pendingChildren}); an ItemSelector that draws random
     * values then draws new ones from {@code random}.
     */
    static JsonNode itemInput(Frame f, Frame.Children group, int i, RandomSource random) {
        MapState map = (MapState) f.state;
        JsonNode item = group.items.get(i);
        return map.itemSelector() == null ? item : map.itemSelector().evaluate(
                new StateEval(f, f.effectiveInput, random).withMapItem(IntNode.valueOf(i), item));
    }

    /** The command that starts child execution {@code arn} of {@code f}'s Map run on {@code input}. */
    static Command.StartChildExecution startChild(Frame f, Frame.Children group, String arn, JsonNode input) {
        MapState map = (MapState) f.state;
        String type = childType(map);
        String tail = arn.substring(childArnPrefix(f.execution.info, group.mapRunArn, type).length());
        int colon = tail.indexOf(':');
        String name = colon < 0 ? tail : tail.substring(0, colon);
        return new Command.StartChildExecution(arn, name, map.processorDefinition(), input, group.mapRunArn, type);
    }

    /** The type of a distributed Map run's child executions: EXPRESS or STANDARD. */
    static String childType(MapState map) {
        return "EXPRESS".equals(map.executionType()) ? "EXPRESS" : "STANDARD";
    }

    /**
     * What every child execution ARN of a Map run starts with
     * ("arn:aws:states:{region}:{account}:execution:{machine}/{label}:"); the child's name follows,
     * then (EXPRESS) ":" and a UUID.
     */
    static String childArnPrefix(ExecutionInfo info, String mapRunArn, String type) {
        String run = Arn.of(mapRunArn).resourceName();
        return info.arnPrefix() + ("EXPRESS".equals(type) ? "express:" : "execution:") + run + ":";
    }

    @Override
    public Outcome childExecutionFinished(Step s, Frame f, Signal.ChildFinished finished) {
        Frame.Children group = f.children;
        Integer i = group == null ? null : group.childIndex.get(finished.executionArn());
        if (i == null || group.closing) {
            return Outcome.SUSPEND;
        }
        group.finished++;
        if ("SUCCEEDED".equals(finished.status())) {
            group.results[i] = finished.output();
        } else {
            group.failed++;
            String error = "TIMED_OUT".equals(finished.status()) ? StatesErrors.TIMEOUT : finished.error();
            group.results[i] = errorOutput(Failure.of(error, finished.cause()));
            if (!tolerated(group)) {
                group.closing = true;
                stopChildren(s, f, group, "States.ExceedToleratedFailureThreshold");
                mapRunChanged(s, f, group, "FAILED");
                f.execution.mapRuns.remove(group.mapRunArn);
                long id = s.emit(f, EventType.MapRunFailed, EventDetails.failure(
                        StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded"));
                return new Outcome.Failed(Failure.of(StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded"), id);
            }
        }
        if (group.finished == group.frames.length) {
            return succeed(s, f, group, f.lastEventId);
        }
        startChildExecutions(s, f, group);
        return Outcome.SUSPEND;
    }

    @Override
    public Outcome mapRunUpdated(Step s, Frame f, Signal.UpdateMapRun update) {
        Frame.Children group = f.children;
        if (group == null || group.closing) {
            return Outcome.SUSPEND;
        }
        if (update.maxConcurrency() != null) {
            group.maxConcurrency = update.maxConcurrency();
        }
        if (update.toleratedFailureCount() != null) {
            group.toleratedFailureCount = update.toleratedFailureCount();
        }
        if (update.toleratedFailurePercentage() != null) {
            group.toleratedFailurePercentage = update.toleratedFailurePercentage();
        }
        mapRunChanged(s, f, group, "RUNNING");
        startChildExecutions(s, f, group);
        return Outcome.SUSPEND;
    }

    /** Stops the child executions still running (their run failed or was stopped). */
    private static void stopChildren(Step s, Frame f, Frame.Children group, String error) {
        for (Map.Entry<String, Integer> child : group.childIndex.entrySet()) {
            if (f.execution.children.remove(child.getKey()) != null) {
                s.command(new Command.StopChildExecution(child.getKey(), error, "The Map run was stopped."));
            }
        }
    }

    private static void mapRunChanged(Step s, Frame f, Frame.Children group, String status) {
        boolean ended = !"RUNNING".equals(status);
        s.mapRunChanged(new MapRunState(group.mapRunArn, f.execution.info.executionArn(), status,
                group.mapRunStart, ended ? s.now() : null, group.frames.length, group.maxConcurrency,
                group.toleratedFailureCount == NO_THRESHOLD ? 0 : group.toleratedFailureCount,
                group.toleratedFailurePercentage == NO_THRESHOLD ? 0 : group.toleratedFailurePercentage));
    }

    @Override
    public Outcome childFinished(Step s, Frame f, Frame child) {
        Frame.Children group = f.children;
        if (group == null || group.closing) {
            return Outcome.SUSPEND;
        }
        MapState map = (MapState) f.state;
        group.finished++;
        int i = child.index;
        if (child.failure == null) {
            group.results[i] = child.output;
            group.lastChildEventId = s.emit(child, EventType.MapIterationSucceeded,
                    EventDetails.mapIteration(map.name(), i), child.lastEventId);
        } else {
            group.failed++;
            group.lastChildEventId = s.emit(child, EventType.MapIterationFailed,
                    EventDetails.mapIteration(map.name(), i), child.lastEventId);
            if (!tolerated(group)) {
                group.closing = true;
                childFrames.abortRunning(s, f, group, true);
                if (map.mode() == MapState.Mode.DISTRIBUTED) {
                    long id = s.emit(f, EventType.MapRunFailed, EventDetails.failure(
                            StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                            "The specified tolerated failure threshold was exceeded"));
                    return new Outcome.Failed(Failure.of(StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                            "The specified tolerated failure threshold was exceeded"), id);
                }
                return new Outcome.Failed(child.failure, child.lastEventId);
            }
            group.results[i] = errorOutput(child.failure);
        }
        if (group.finished == group.frames.length) {
            return succeed(s, f, group, group.lastChildEventId);
        }
        startMore(s, f, group, child.lastEventId);
        return Outcome.SUSPEND;
    }

    /**
     * Whether the failures so far stay within the thresholds. Each threshold is "the maximum number
     * (percentage) of failed items before the Map Run fails" (the Step Functions service model), so
     * exceeding either one fails the run; with neither, one failure does.
     */
    static boolean tolerated(Frame.Children group) {
        boolean byCount = group.toleratedFailureCount != NO_THRESHOLD;
        boolean byPercentage = group.toleratedFailurePercentage != NO_THRESHOLD;
        if (!byCount && !byPercentage) {
            return group.failed == 0;
        }
        if (byCount && group.failed > group.toleratedFailureCount) {
            return false;
        }
        double percentage = 100.0 * group.failed / group.frames.length;
        return !byPercentage || percentage <= group.toleratedFailurePercentage;
    }

    private Outcome succeed(Step s, Frame f, Frame.Children group, long causeEventId) {
        MapState map = (MapState) f.state;
        ArrayNode results = Json.array();
        for (JsonNode r : group.results) {
            results.add(r);
        }
        f.children = null;
        if (map.mode() == MapState.Mode.DISTRIBUTED) {
            mapRunChanged(s, f, group, "SUCCEEDED");
            f.execution.mapRuns.remove(group.mapRunArn);
            s.emit(f, EventType.MapRunSucceeded, EventDetails.NONE);
        } else {
            f.lastEventId = causeEventId;
        }
        s.emit(f, EventType.MapStateSucceeded, EventDetails.NONE, f.lastEventId);
        Common c = map.common();
        return io.complete(s, f, results, map.flow(), c.assign(), c.output(), results, c.next());
    }

    private static JsonNode errorOutput(Failure failure) {
        ObjectNode o = Json.object();
        o.put("Error", failure.error());
        if (failure.cause() != null) {
            o.put("Cause", failure.cause());
        }
        return o;
    }

    @Override
    public EventType failedEvent() {
        return EventType.MapStateFailed;
    }

    @Override
    public void abort(Step s, Frame f) {
        Frame.Children group = f.children;
        if (group != null && group.mapRunArn != null && !group.closing) {
            group.closing = true;
            stopChildren(s, f, group, "States.Aborted");
            mapRunChanged(s, f, group, "ABORTED");
            f.execution.mapRuns.remove(group.mapRunArn);
        }
        s.emit(f, EventType.MapStateAborted, EventDetails.NONE);
    }

    private static String mapRunArn(Frame f, MapState map, Step s) {
        ExecutionInfo info = f.execution.info;
        String label = map.label() != null ? map.label() : s.random.uuid().toString();
        return info.arnPrefix() + "mapRun:" + info.stateMachineName() + "/" + label + ":" + s.random.uuid();
    }

    /** An integer setting given literally, by path, or as an expression; {@code absent} when none is given. */
    private static long integer(Template literal, JsonPathExpr path, String field, StateEval ctx, long absent) {
        if (literal != null) {
            JsonNode v = literal.evaluate(ctx);
            if (!v.isIntegralNumber()) {
                throw Failure.of(literal instanceof Template.Jsonata ? StatesErrors.QUERY_EVALUATION_ERROR
                        : StatesErrors.RUNTIME, "The " + field + " field must be an integer, but was: " + Json.write(v))
                        .raise(field);
            }
            return v.longValue();
        }
        if (path != null) {
            JsonNode v = ctx.read(path);
            // a path may also point at the number written as a string
            if (v.isIntegralNumber()) {
                return v.longValue();
            }
            if (v.isTextual()) {
                try {
                    return Long.parseLong(v.asText().strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw Failure.of(StatesErrors.RUNTIME, "The " + field + "Path field refers to value \"" + shown(v)
                    + "\" which is not a valid integer: " + path.text()).raise();
        }
        return absent;
    }

    /** ToleratedFailurePercentage, or {@link #NO_THRESHOLD} when the state sets none. */
    static double percentage(MapState map, StateEval ctx) {
        if (map.toleratedFailurePercentage() == null && map.toleratedFailurePercentagePath() == null) {
            return NO_THRESHOLD;
        }
        double value = 0;
        if (map.toleratedFailurePercentage() != null) {
            JsonNode v = map.toleratedFailurePercentage().evaluate(ctx);
            if (!v.isNumber()) {
                throw Failure.of(StatesErrors.QUERY_EVALUATION_ERROR, "The ToleratedFailurePercentage field must be a number, but was: "
                        + Json.write(v)).raise("ToleratedFailurePercentage");
            }
            value = v.doubleValue();
        } else if (map.toleratedFailurePercentagePath() != null) {
            JsonNode v = ctx.read(map.toleratedFailurePercentagePath());
            Double parsed = v.isNumber() ? Double.valueOf(v.doubleValue()) : null;
            if (v.isTextual()) {
                try {
                    parsed = Double.parseDouble(v.asText().strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            if (parsed == null) {
                throw Failure.of(StatesErrors.RUNTIME, "The ToleratedFailurePercentagePath field refers to value \""
                        + shown(v) + "\" which is not a valid float: " + map.toleratedFailurePercentagePath().text()).raise();
            }
            value = parsed;
        }
        if (value < 0 || value > 100) {
            throw Failure.of(StatesErrors.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.").raise();
        }
        return value;
    }

    private static String shown(JsonNode v) {
        return v.isMissingNode() ? "null" : v.isTextual() ? v.asText() : Json.write(v);
    }
}
