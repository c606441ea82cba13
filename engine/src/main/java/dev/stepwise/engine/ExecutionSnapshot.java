package dev.stepwise.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.Failure;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.engine.history.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An execution between two steps as data: everything the interpreter needs to carry on from there
 * without running again the signals that brought it there. The identity ({@link ExecutionInfo}) and
 * the definition are not in it: they come from the execution's record. Neither is the history, nor
 * the position of the random source (the runtime keeps that beside the snapshot, see
 * {@link dev.stepwise.asl.eval.SeededRandom}).
 *
 * <p>The form is compact UTF-8 JSON; members at their default (0, false, null, -1 for timer ids)
 * are left out; payloads are embedded as JSON values; instants are ISO-8601 with full precision.
 * A frame is an object in its parent's {@code children.frames} (null: not started; "done": finished,
 * whose output is in the parent's {@code results} and which nothing reads again). Timers and tasks
 * name their frame by its path of child indices from the root ({@code []} the root, {@code [3]}
 * iteration 3 of the root's Map, …); a frame's block follows from its parent's state. Task ids of the
 * form "{executionArn}#{n}" are written as "n". For example, an execution waiting for a task with
 * a TimeoutSeconds:
 *
 * <pre>
 * {"format":1,"nextEventId":5,"nextTimerId":2,"nextTaskId":2,"invocations":{"Work":1},
 *  "timers":[{"id":1,"for":"TASK_TIMEOUT","frame":[],"at":"2024-01-01T00:01:00Z"}],
 *  "tasks":{"1":[]},
 *  "root":{"state":"Work","input":{"a":1},"effectiveIsInput":true,"entered":2,"enteredAt":"2024-01-01T00:00:00Z",
 *          "lastEvent":4,"timer":1,"task":"1","dispatch":{"timeoutSeconds":60},"taskStarted":true,
 *          "taskStartedAt":"2024-01-01T00:00:00Z"}}
 * </pre>
 *
 * Contract: {@link #read} of {@link #write}'s bytes, with the same info and machine, gives an
 * execution that answers every later signal with the same events, commands and outcome as the one
 * written. Write only between steps (never inside {@link Interpreter#start}/{@link Interpreter#signal}).
 */
public final class ExecutionSnapshot {
    public static final int FORMAT = 1;

    private static final String DONE = "done";

    private ExecutionSnapshot() {}

    /** The execution as snapshot bytes. */
    public static byte[] write(Execution ex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            new Writer(ex, g).execution();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * The execution a snapshot holds, for {@code info} and {@code machine} (the execution's record
     * and its stored definition). Throws {@link IllegalStateException}, saying what is wrong, for an
     * unknown format or data that does not fit the machine.
     */
    public static Execution read(ExecutionInfo info, StateMachine machine, byte[] snapshot) {
        return read(info, machine, snapshot, TaskTokens.EPHEMERAL);
    }

    /** As {@link #read(ExecutionInfo, StateMachine, byte[])}, its task tokens written with {@code tokens}. */
    public static Execution read(ExecutionInfo info, StateMachine machine, byte[] snapshot, TaskTokens tokens) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(snapshot);
        } catch (IOException e) {
            throw new IllegalStateException("snapshot is not JSON: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalStateException("snapshot is not a JSON object");
        }
        JsonNode format = doc.get("format");
        if (format == null || !format.isInt() || format.intValue() != FORMAT) {
            throw new IllegalStateException("snapshot format " + (format == null ? "(none)" : format.toString())
                    + " is not supported; this build reads format " + FORMAT);
        }
        return new Reader(info, machine, tokens).execution(doc);
    }

    /** "{executionArn}#{n}" as "n" ({@code prefix}: "{executionArn}#"); other ids as they are. */
    private static String taskKey(String taskId, String prefix) {
        if (taskId.startsWith(prefix) && isDigits(taskId, prefix.length())) {
            return taskId.substring(prefix.length());
        }
        return taskId;
    }

    private static String taskId(String key, ExecutionInfo info) {
        return key != null && isDigits(key, 0) ? info.executionArn() + "#" + key : key;
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a Map's items lie in its effective input, as a JSON pointer ("" the input itself,
     * "/items" a member), when they are that array's very nodes; null otherwise. Lets a Map over its
     * input keep the items once.
     */
    private static String itemsPointer(JsonNode effective, List<JsonNode> items) {
        if (effective == null) {
            return null;
        }
        if (sameNodes(effective, items)) {
            return "";
        }
        if (effective.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = effective.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (sameNodes(e.getValue(), items)) {
                    return "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                }
            }
        }
        return null;
    }

    private static boolean sameNodes(JsonNode array, List<JsonNode> items) {
        if (!array.isArray() || array.size() != items.size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            if (array.get(i) != items.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** How messages name a frame: "frame []" (the root), "frame [3, 1]". */
    private static String where(String path) {
        return "frame [" + path + "]";
    }

    private static String childPath(String path, int index) {
        return path.isEmpty() ? Integer.toString(index) : path + ", " + index;
    }

    // ---- writing

    private static final class Writer {
        private final Execution ex;
        private final JsonGenerator g;
        private final String taskPrefix;

        Writer(Execution ex, JsonGenerator g) {
            this.ex = ex;
            this.g = g;
            this.taskPrefix = ex.info.executionArn() + "#";
        }

        void execution() throws IOException {
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            if (ex.status != ExecutionStatus.RUNNING) {
                g.writeStringField("status", ex.status.name());
            }
            json("output", ex.output);
            text("error", ex.error);
            text("cause", ex.cause);
            time("stopDate", ex.stopDate);
            g.writeNumberField("nextEventId", ex.nextEventId);
            g.writeNumberField("nextTimerId", ex.nextTimerId);
            g.writeNumberField("nextTaskId", ex.nextTaskId);
            number("redriveCount", ex.redriveCount, 0);
            time("redriveDate", ex.redriveDate);
            if (ex.timeoutCap != null) {
                g.writeNumberField("timeoutCap", ex.timeoutCap);
            }
            if (!ex.invocations.isEmpty()) {
                g.writeObjectFieldStart("invocations");
                for (Map.Entry<String, Integer> e : ex.invocations.entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (!ex.timers.isEmpty()) {
                g.writeArrayFieldStart("timers");
                for (Execution.Timer t : ex.timers.values()) {
                    g.writeStartObject();
                    g.writeNumberField("id", t.id());
                    g.writeStringField("for", t.purpose().name());
                    if (t.frame() != null) {
                        g.writeFieldName("frame");
                        path(t.frame(), "timer " + t.id());
                    }
                    time("at", t.at());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!ex.tasks.isEmpty()) {
                g.writeObjectFieldStart("tasks");
                for (Map.Entry<String, Frame> e : ex.tasks.entrySet()) {
                    g.writeFieldName(taskKey(e.getKey(), taskPrefix));
                    path(e.getValue(), "task " + e.getKey());
                }
                g.writeEndObject();
            }
            if (ex.root != null) {
                g.writeFieldName("root");
                frame(ex.root);
            }
            g.writeEndObject();
        }

        /** The frame's path from the root; refuses a frame the tree does not hold as written. */
        private void path(Frame f, String owner) throws IOException {
            int depth = 0;
            for (Frame p = f; p.parent != null; p = p.parent) {
                depth++;
            }
            int[] path = new int[depth];
            Frame c = f;
            for (int k = depth - 1; k >= 0; k--) {
                Frame p = c.parent;
                if (p.children == null || c.index < 0 || c.index >= p.children.frames.length
                        || p.children.frames[c.index] != c) {
                    throw new IllegalStateException(owner + " belongs to a frame the execution no longer holds");
                }
                path[k] = c.index;
                c = p;
            }
            if (c != ex.root) {
                throw new IllegalStateException(owner + " belongs to a frame outside the execution's tree");
            }
            if (f.done && f != ex.root) {
                throw new IllegalStateException(owner + " belongs to a finished frame");
            }
            g.writeArray(path, 0, depth);
        }

        private void frame(Frame f) throws IOException {
            g.writeStartObject();
            if (f.state != null) {
                g.writeStringField("state", f.state.name());
            }
            json("input", f.stateInput);
            if (f.effectiveInput != null && f.effectiveInput == f.stateInput) {
                g.writeBooleanField("effectiveIsInput", true);
            } else {
                json("effective", f.effectiveInput);
            }
            number("entered", f.enteredEventId, 0);
            number("enteredPrevious", f.enteredPreviousId, 0);
            time("enteredAt", f.enteredTime);
            if (f.retryCounts != null) {
                g.writeFieldName("retryCounts");
                g.writeArray(f.retryCounts, 0, f.retryCounts.length);
            }
            number("retryCount", f.retryCount, 0);
            number("lastEvent", f.lastEventId, 0);
            number("timer", f.timerId, -1);
            number("heartbeatTimer", f.heartbeatTimerId, -1);
            if (f.taskId != null) {
                g.writeStringField("task", taskKey(f.taskId, taskPrefix));
                if (f.dispatched != null && f.taskId.equals(f.dispatched.taskId())) {
                    dispatch(f, f.dispatched);
                }
            }
            flag("taskStarted", f.taskStarted);
            time("taskStartedAt", f.taskStartedAt);
            flag("taskSubmitted", f.taskSubmitted);
            json("submitted", f.submittedOutput);
            if (f.earlyCallback != null) {
                g.writeObjectFieldStart("earlyCallback");
                g.writeStringField("task", taskKey(f.earlyCallback.taskId(), taskPrefix));
                json("output", f.earlyCallback.output());
                flag("callback", f.earlyCallback.callback());
                g.writeEndObject();
            }
            Map<String, JsonNode> own = f.variables.own();
            if (!own.isEmpty()) {
                g.writeObjectFieldStart("variables");
                for (Map.Entry<String, JsonNode> e : own.entrySet()) {
                    json(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (f.children != null) {
                g.writeFieldName("children");
                children(f, f.children);
            }
            flag("done", f.done);
            json("output", f.output);
            failure("failure", f.failure);
            g.writeEndObject();
        }

        /** The StartTask command, less what the frame already holds (task id, state, resource, input). */
        private void dispatch(Frame f, Command.StartTask d) throws IOException {
            g.writeObjectFieldStart("dispatch");
            if (d.timeoutSeconds() != null) {
                g.writeNumberField("timeoutSeconds", d.timeoutSeconds());
            }
            if (d.heartbeatSeconds() != null) {
                g.writeNumberField("heartbeatSeconds", d.heartbeatSeconds());
            }
            number("invocation", d.invocation(), 0);
            if (d.input() != f.effectiveInput) {
                json("input", d.input());
            }
            g.writeEndObject();
        }

        private void children(Frame f, Frame.Children c) throws IOException {
            g.writeStartObject();
            if (c.items != null) {
                String at = itemsPointer(f.effectiveInput, c.items);
                if (at != null) {
                    g.writeStringField("itemsAt", at);
                } else {
                    g.writeArrayFieldStart("items");
                    for (JsonNode item : c.items) {
                        g.writeTree(item);
                    }
                    g.writeEndArray();
                }
            }
            int last = c.frames.length - 1;
            while (last >= 0 && c.frames[last] == null) {
                last--;
            }
            if (last >= 0) {
                g.writeArrayFieldStart("frames");
                for (int i = 0; i <= last; i++) {
                    Frame child = c.frames[i];
                    if (child == null) {
                        g.writeNull();
                    } else if (child.done) {
                        g.writeString(DONE);
                    } else {
                        frame(child);
                    }
                }
                g.writeEndArray();
            }
            boolean anyResult = false;
            for (int i = 0; i < c.results.length; i++) {
                if (c.results[i] != null) {
                    if (!anyResult) {
                        g.writeObjectFieldStart("results");
                        anyResult = true;
                    }
                    json(Integer.toString(i), c.results[i]);
                }
            }
            if (anyResult) {
                g.writeEndObject();
            }
            number("maxConcurrency", c.maxConcurrency, 0);
            number("toleratedFailureCount", c.toleratedFailureCount, 0);
            if (c.toleratedFailurePercentage != 0) {
                g.writeNumberField("toleratedFailurePercentage", c.toleratedFailurePercentage);
            }
            number("started", c.started, 0);
            number("finished", c.finished, 0);
            number("failed", c.failed, 0);
            number("lastChildEvent", c.lastChildEventId, 0);
            failure("firstFailure", c.firstFailure);
            number("firstFailureEvent", c.firstFailureEventId, 0);
            flag("closing", c.closing);
            if (c.mapRunArn != null) {
                g.writeStringField("mapRun", c.mapRunArn);
                time("mapRunStart", c.mapRunStart);
                flag("mapRunOpen", ex.mapRuns.get(c.mapRunArn) == f);
            }
            if (!c.childIndex.isEmpty()) {
                childExecutions(f, c);
            }
            if (c.failedEventType != null) {
                g.writeStringField("failedEventType", c.failedEventType.name());
            }
            g.writeEndObject();
        }

        /**
         * A Map run's child executions in start order (their ARNs less the prefix they share), and
         * the indices of those the execution still waits for.
         */
        private void childExecutions(Frame f, Frame.Children c) throws IOException {
            String prefix = MapHandler.childArnPrefix(ex.info, c.mapRunArn, MapHandler.childType((MapState) f.state));
            for (String arn : c.childIndex.keySet()) {
                if (!arn.startsWith(prefix)) {
                    prefix = "";
                    break;
                }
            }
            if (!prefix.isEmpty()) {
                g.writeStringField("childPrefix", prefix);
            }
            g.writeArrayFieldStart("childExecutions");
            int k = 0;
            for (Map.Entry<String, Integer> e : c.childIndex.entrySet()) {
                if (e.getValue() != k++) {
                    throw new IllegalStateException("the child executions of Map run " + c.mapRunArn
                            + " are not numbered in the order they started");
                }
                g.writeString(e.getKey().substring(prefix.length()));
            }
            g.writeEndArray();
            boolean anyPending = false;
            for (Map.Entry<String, Integer> e : c.childIndex.entrySet()) {
                if (ex.children.get(e.getKey()) == f) {
                    if (!anyPending) {
                        g.writeArrayFieldStart("pendingChildren");
                        anyPending = true;
                    }
                    g.writeNumber(e.getValue());
                }
            }
            if (anyPending) {
                g.writeEndArray();
            }
        }

        private void json(String field, JsonNode value) throws IOException {
            if (value != null) {
                g.writeFieldName(field);
                g.writeTree(value);
            }
        }

        private void text(String field, String value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value);
            }
        }

        private void time(String field, Instant value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value.toString());
            }
        }

        private void number(String field, long value, long absent) throws IOException {
            if (value != absent) {
                g.writeNumberField(field, value);
            }
        }

        private void flag(String field, boolean value) throws IOException {
            if (value) {
                g.writeBooleanField(field, true);
            }
        }

        private void failure(String field, Failure failure) throws IOException {
            if (failure != null) {
                g.writeObjectFieldStart(field);
                text("error", failure.error());
                text("cause", failure.cause());
                g.writeEndObject();
            }
        }
    }

    // ---- reading

    private static final class Reader {
        private final ExecutionInfo info;
        private final Execution ex;

        Reader(ExecutionInfo info, StateMachine machine, TaskTokens tokens) {
            this.info = info;
            this.ex = new Execution(info, machine);
            this.ex.useTaskTokens(tokens);
        }

        Execution execution(JsonNode doc) {
            String where = "execution";
            String status = text(doc, "status", where);
            if (status != null) {
                try {
                    ex.status = ExecutionStatus.valueOf(status);
                } catch (IllegalArgumentException e) {
                    throw bad(where, "status", "an execution status, not " + status);
                }
            }
            ex.output = doc.get("output");
            ex.error = text(doc, "error", where);
            ex.cause = text(doc, "cause", where);
            ex.stopDate = time(doc, "stopDate", where);
            ex.nextEventId = required(doc, "nextEventId", where);
            ex.nextTimerId = required(doc, "nextTimerId", where);
            ex.nextTaskId = required(doc, "nextTaskId", where);
            ex.redriveCount = integer(doc, "redriveCount", 0, where);
            ex.redriveDate = time(doc, "redriveDate", where);
            if (doc.hasNonNull("timeoutCap")) {
                ex.timeoutCap = integer(doc, "timeoutCap", 0, where);
            }
            JsonNode invocations = object(doc, "invocations", where);
            if (invocations != null) {
                invocations.fields().forEachRemaining(e ->
                        ex.invocations.put(e.getKey(), integer(invocations, e.getKey(), 0, "invocations")));
            }
            JsonNode root = object(doc, "root", where);
            if (root != null) {
                ex.root = frame(root, ex.machine.block(), null, -1, "");
            }
            JsonNode timers = array(doc, "timers", where);
            if (timers != null) {
                for (JsonNode t : timers) {
                    timer(t);
                }
            }
            JsonNode tasks = object(doc, "tasks", where);
            if (tasks != null) {
                tasks.fields().forEachRemaining(e -> {
                    String taskId = taskId(e.getKey(), info);
                    ex.tasks.put(taskId, at(e.getValue(), "task " + taskId));
                });
            }
            return ex;
        }

        private void timer(JsonNode t) {
            if (!t.isObject()) {
                throw new IllegalStateException("snapshot timer is not an object: " + t);
            }
            long id = required(t, "id", "timer");
            String where = "timer " + id;
            String purposeName = text(t, "for", where);
            Execution.TimerPurpose purpose;
            try {
                purpose = Execution.TimerPurpose.valueOf(String.valueOf(purposeName));
            } catch (IllegalArgumentException e) {
                throw bad(where, "for", "a timer purpose, not " + purposeName);
            }
            Instant at = time(t, "at", where);
            if (at == null) {
                throw bad(where, "at", "an instant");
            }
            Frame frame = t.has("frame") ? at(t.get("frame"), where) : null;
            if (frame == null && purpose != Execution.TimerPurpose.EXECUTION_TIMEOUT) {
                throw new IllegalStateException("snapshot " + where + " (" + purpose + ") names no frame");
            }
            ex.timers.put(id, new Execution.Timer(id, purpose, frame, at));
        }

        /** The frame at a path of child indices from the root. */
        private Frame at(JsonNode path, String owner) {
            if (path == null || !path.isArray()) {
                throw new IllegalStateException("snapshot " + owner + " names its frame by " + path
                        + ", not by a path of child indices");
            }
            Frame f = ex.root;
            for (JsonNode step : path) {
                int i = step.isInt() ? step.intValue() : -1;
                if (f == null || f.children == null || i < 0 || i >= f.children.frames.length
                        || f.children.frames[i] == null) {
                    f = null;
                    break;
                }
                f = f.children.frames[i];
            }
            if (f == null) {
                throw new IllegalStateException("snapshot " + owner + " belongs to frame " + path
                        + ", which the snapshot does not hold");
            }
            return f;
        }

        private Frame frame(JsonNode o, Block block, Frame parent, int index, String path) {
            String where = where(path);
            Variables variables = new Variables(parent == null ? null : parent.variables);
            JsonNode own = object(o, "variables", where);
            if (own != null) {
                own.fields().forEachRemaining(e -> variables.set(e.getKey(), e.getValue()));
            }
            Frame f = new Frame(ex, block, parent, index, variables, recorded(parent),
                    number(o, "lastEvent", 0, where));
            String state = text(o, "state", where);
            if (state != null) {
                f.state = block.state(state);
                if (f.state == null) {
                    throw new IllegalStateException("snapshot " + where + " is in state '" + state + "', which "
                            + (block.location().isEmpty() ? "the state machine" : block.location())
                            + " does not have");
                }
            }
            f.stateInput = o.get("input");
            f.effectiveInput = flag(o, "effectiveIsInput", where) ? f.stateInput : o.get("effective");
            f.enteredEventId = number(o, "entered", 0, where);
            f.enteredPreviousId = number(o, "enteredPrevious", 0, where);
            f.enteredTime = time(o, "enteredAt", where);
            JsonNode retryCounts = array(o, "retryCounts", where);
            if (retryCounts != null) {
                f.retryCounts = new int[retryCounts.size()];
                for (int i = 0; i < f.retryCounts.length; i++) {
                    if (!retryCounts.get(i).isInt()) {
                        throw bad(where, "retryCounts", "an array of integers");
                    }
                    f.retryCounts[i] = retryCounts.get(i).intValue();
                }
            }
            f.retryCount = integer(o, "retryCount", 0, where);
            f.timerId = number(o, "timer", -1, where);
            f.heartbeatTimerId = number(o, "heartbeatTimer", -1, where);
            f.taskId = taskId(text(o, "task", where), info);
            JsonNode dispatch = object(o, "dispatch", where);
            if (dispatch != null) {
                f.dispatched = dispatched(f, dispatch, where);
            }
            f.taskStarted = flag(o, "taskStarted", where);
            f.taskStartedAt = time(o, "taskStartedAt", where);
            f.taskSubmitted = flag(o, "taskSubmitted", where);
            f.submittedOutput = o.get("submitted");
            JsonNode early = object(o, "earlyCallback", where);
            if (early != null) {
                f.earlyCallback = new Signal.TaskSucceeded(taskId(text(early, "task", where), info), early.get("output"),
                        flag(early, "callback", where));
            }
            JsonNode children = object(o, "children", where);
            if (children != null) {
                f.children = children(children, f, path);
            }
            f.done = flag(o, "done", where);
            f.output = o.get("output");
            f.failure = failure(o, "failure", where);
            return f;
        }

        /** Inside a distributed Map run nothing is recorded in this execution's history. */
        private static boolean recorded(Frame parent) {
            return parent == null || parent.recorded
                    && !(parent.state instanceof MapState m && m.mode() == MapState.Mode.DISTRIBUTED);
        }

        private Command.StartTask dispatched(Frame f, JsonNode d, String where) {
            if (!(f.state instanceof TaskState task) || f.taskId == null) {
                throw new IllegalStateException("snapshot " + where + " holds a dispatched task, but is not in a Task "
                        + "state with a task");
            }
            Long timeout = d.hasNonNull("timeoutSeconds") ? number(d, "timeoutSeconds", 0, where) : null;
            Long heartbeat = d.hasNonNull("heartbeatSeconds") ? number(d, "heartbeatSeconds", 0, where) : null;
            JsonNode input = d.has("input") ? d.get("input") : f.effectiveInput;
            return new Command.StartTask(f.taskId, f.execution.tokens.token(f.taskId), task.name(), task.resource(),
                    input, timeout, heartbeat, integer(d, "invocation", 0, where));
        }

        private Frame.Children children(JsonNode o, Frame f, String path) {
            String where = where(path);
            List<JsonNode> items = null;
            int size;
            switch (f.state) {
                case ParallelState p -> size = p.branches().size();
                case MapState m -> {
                    items = items(o, f, where);
                    size = items.size();
                }
                case null -> throw new IllegalStateException("snapshot " + where + " has children but no state");
                default -> throw new IllegalStateException("snapshot " + where + " has children, but its state '"
                        + f.state.name() + "' is a " + f.state.type() + " state");
            }
            Frame.Children c = new Frame.Children(size, items, integer(o, "maxConcurrency", 0, where),
                    number(o, "toleratedFailureCount", 0, where), decimal(o, "toleratedFailurePercentage", where));
            f.children = c;
            JsonNode frames = array(o, "frames", where);
            if (frames != null) {
                if (frames.size() > size) {
                    throw new IllegalStateException("snapshot " + where + " has " + frames.size()
                            + " child frames; its state '" + f.state.name() + "' has room for " + size);
                }
                for (int i = 0; i < frames.size(); i++) {
                    JsonNode child = frames.get(i);
                    Block block = f.state instanceof ParallelState p ? p.branches().get(i) : ((MapState) f.state).processor();
                    if (child.isNull()) {
                        continue;
                    }
                    if (child.isTextual() && DONE.equals(child.textValue())) {
                        Frame done = new Frame(ex, block, f, i, new Variables(f.variables), recorded(f), 0);
                        done.done = true;
                        c.frames[i] = done;
                    } else if (child.isObject()) {
                        c.frames[i] = frame(child, block, f, i, childPath(path, i));
                    } else {
                        throw bad(where, "frames", "an array of frames, \"done\" and nulls");
                    }
                }
            }
            JsonNode results = object(o, "results", where);
            if (results != null) {
                results.fields().forEachRemaining(e -> c.results[index(e.getKey(), size, where, "results")] = e.getValue());
            }
            c.started = integer(o, "started", 0, where);
            c.finished = integer(o, "finished", 0, where);
            c.failed = integer(o, "failed", 0, where);
            c.lastChildEventId = number(o, "lastChildEvent", 0, where);
            c.firstFailure = failure(o, "firstFailure", where);
            c.firstFailureEventId = number(o, "firstFailureEvent", 0, where);
            c.closing = flag(o, "closing", where);
            c.mapRunArn = text(o, "mapRun", where);
            c.mapRunStart = time(o, "mapRunStart", where);
            if (flag(o, "mapRunOpen", where)) {
                ex.mapRuns.put(c.mapRunArn, f);
            }
            JsonNode childExecutions = array(o, "childExecutions", where);
            if (childExecutions != null) {
                String prefix = o.hasNonNull("childPrefix") ? text(o, "childPrefix", where) : "";
                List<String> arns = new ArrayList<>(childExecutions.size());
                for (JsonNode tail : childExecutions) {
                    if (!tail.isTextual()) {
                        throw bad(where, "childExecutions", "an array of strings");
                    }
                    String arn = prefix + tail.textValue();
                    c.childIndex.put(arn, arns.size());
                    arns.add(arn);
                }
                JsonNode pending = array(o, "pendingChildren", where);
                if (pending != null) {
                    for (JsonNode i : pending) {
                        ex.children.put(arns.get(index(i.asText(), arns.size(), where, "pendingChildren")), f);
                    }
                }
            }
            String failedEventType = text(o, "failedEventType", where);
            if (failedEventType != null) {
                try {
                    c.failedEventType = EventType.valueOf(failedEventType);
                } catch (IllegalArgumentException e) {
                    throw bad(where, "failedEventType", "an event type, not " + failedEventType);
                }
            }
            return c;
        }

        /** A Map's items: written out, or the very array its effective input holds at "itemsAt". */
        private static List<JsonNode> items(JsonNode o, Frame f, String where) {
            JsonNode array;
            String at = text(o, "itemsAt", where);
            if (at != null) {
                if (f.effectiveInput == null) {
                    throw bad(where, "itemsAt", "a place in the effective input, which the frame does not have");
                }
                try {
                    array = f.effectiveInput.at(JsonPointer.compile(at));
                } catch (IllegalArgumentException e) {
                    throw bad(where, "itemsAt", "a JSON pointer, not " + at);
                }
            } else {
                array = o.get("items");
            }
            if (array == null || !array.isArray()) {
                throw new IllegalStateException("snapshot " + where + " is a Map without an array of items");
            }
            List<JsonNode> items = new ArrayList<>(array.size());
            array.forEach(items::add);
            return items;
        }

        private static int index(String text, int size, String where, String field) {
            int i = isDigits(text, 0) && text.length() < 10 ? Integer.parseInt(text) : -1;
            if (i < 0 || i >= size) {
                throw bad(where, field, "indexed from 0 to " + (size - 1) + ", not by " + text);
            }
            return i;
        }

        // ---- fields

        private static IllegalStateException bad(String where, String field, String expected) {
            return new IllegalStateException("snapshot " + where + ": " + field + " must be " + expected);
        }

        private static long required(JsonNode o, String field, String where) {
            if (!o.hasNonNull(field)) {
                throw bad(where, field, "present");
            }
            return number(o, field, 0, where);
        }

        private static long number(JsonNode o, String field, long absent, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return absent;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw bad(where, field, "an integer, not " + v);
            }
            return v.longValue();
        }

        private static int integer(JsonNode o, String field, int absent, String where) {
            long v = number(o, field, absent, where);
            if (v != (int) v) {
                throw bad(where, field, "an int, not " + v);
            }
            return (int) v;
        }

        private static double decimal(JsonNode o, String field, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return 0;
            }
            if (!v.isNumber()) {
                throw bad(where, field, "a number, not " + v);
            }
            return v.doubleValue();
        }

        private static boolean flag(JsonNode o, String field, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw bad(where, field, "true or false, not " + v);
            }
            return v.booleanValue();
        }

        private static String text(JsonNode o, String field, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw bad(where, field, "a string, not " + v);
            }
            return v.textValue();
        }

        private static Instant time(JsonNode o, String field, String where) {
            String v = text(o, field, where);
            if (v == null) {
                return null;
            }
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw bad(where, field, "an ISO-8601 instant, not " + v);
            }
        }

        private static JsonNode object(JsonNode o, String field, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isObject()) {
                throw bad(where, field, "an object, not " + v);
            }
            return v;
        }

        private static JsonNode array(JsonNode o, String field, String where) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isArray()) {
                throw bad(where, field, "an array, not " + v);
            }
            return v;
        }

        private static Failure failure(JsonNode o, String field, String where) {
            JsonNode v = object(o, field, where);
            return v == null ? null : Failure.of(text(v, "error", where), text(v, "cause", where));
        }
    }
}
