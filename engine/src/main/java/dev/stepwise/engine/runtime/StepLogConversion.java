package dev.stepwise.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.engine.Execution;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.TaskTokens;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.store.ExecutionLog;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts an execution stored before snapshots (a step log of signals) into one that carries on
 * from data. The step log is replayed once, with this build's interpreter, to rebuild where the
 * execution stands; the events this build emits on the way may differ from the ones the older
 * build stored (an event added, dropped or changed since), so the replay's event ids are mapped
 * onto the stored history's by aligning the two sequences (type and state name) and the
 * execution continues after the stored history's last event: new events follow the stored ones
 * and point back at them.
 */
final class StepLogConversion {
    private StepLogConversion() {}

    /** The rebuilt execution, when its last stored step ran, and how many events the replay emitted. */
    record Converted(Execution execution, Instant lastStep, long replayedEvents) {}

    /** Whether the execution was stored with a step log (before snapshots). */
    static boolean applies(ExecutionLog store, ExecutionRecord record) {
        return !store.steps(record.id()).isEmpty();
    }

    static Converted convert(ExecutionLog store, ExecutionRecord record, ExecutionInfo info, StateMachine machine,
                             WaitScale waitScale, TaskTokens tokens) {
        // redrives are replayed from the step log like every other signal, so the count starts at 0
        ExecutionInfo replayInfo = new ExecutionInfo(info.executionArn(), info.name(), info.stateMachineArn(),
                info.stateMachineName(), info.roleArn(), info.startTime(), info.input(), info.stateMachineAliasArn(),
                info.stateMachineVersionArn(), 0);
        Execution execution = new Execution(replayInfo, machine);
        execution.useTaskTokens(tokens);
        ExecutionRuntime.capByType(execution, record.type());
        SteppingClock clock = new SteppingClock();
        // the step log's randomness was the JDK's seeded generator: the replay draws the same values
        Interpreter interpreter = new Interpreter(clock, RandomSource.seeded(record.identity().seed()), waitScale);
        List<HistoryEvent> replayed = new ArrayList<>();
        Instant last = record.start();
        for (StepRecord step : store.steps(record.id())) {
            clock.set(step.at());
            last = step.at();
            Signal signal = SignalCodec.decode(step.signal());
            if (signal == null) {
                interpreter.start(execution);
            } else {
                interpreter.signal(execution, signal);
            }
            replayed.addAll(execution.history());
            execution.discardHistory();
        }
        List<ObjectNode> stored = store.history(record.id(), 0, Integer.MAX_VALUE, false);
        long[] storedIdOf = align(keys(replayed), storedKeys(stored));
        execution.renumberEvents(id -> id <= 0 || id >= storedIdOf.length ? id : storedIdOf[(int) id],
                record.nextEventId());
        return new Converted(execution, last, replayed.size());
    }

    private static List<String> keys(List<HistoryEvent> events) {
        List<String> keys = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            keys.add(e.type().name() + "/" + (e.details() == null || e.details().name() == null ? ""
                    : e.details().name()));
        }
        return keys;
    }

    private static List<String> storedKeys(List<ObjectNode> events) {
        List<String> keys = new ArrayList<>(events.size());
        for (ObjectNode e : events) {
            String name = "";
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().endsWith("EventDetails") && f.getValue().has("name")) {
                    name = f.getValue().get("name").asText();
                }
            }
            keys.add(e.path("type").asText() + "/" + name);
        }
        return keys;
    }

    /**
     * For each replayed event id (1-based index into {@code replayed}), the stored event id it
     * stands for: the one it was matched with by the longest common subsequence of the two key
     * sequences, or, when it has no match, the stored id of the nearest matched event before it
     * (0 before any). Index 0 maps to 0.
     */
    static long[] align(List<String> replayed, List<String> stored) {
        int[] match = lcsMatch(replayed, stored);
        long[] map = new long[replayed.size() + 1];
        long lastMatched = 0;
        for (int i = 0; i < replayed.size(); i++) {
            if (match[i] >= 0) {
                lastMatched = match[i] + 1;
            }
            map[i + 1] = lastMatched;
        }
        return map;
    }

    /**
     * For each element of {@code a}, the index in {@code b} it is matched with (−1: none), by a
     * longest common subsequence (Myers' O((n+m)·d) greedy algorithm, d the number of differences:
     * histories that differ in a few events align in about linear time).
     */
    /** Past this many differences the histories are matched event by event instead (memory is d·(n+m)). */
    private static final int MAX_DIFFERENCES = 2048;

    private static int[] lcsMatch(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= Math.min(max, MAX_DIFFERENCES) && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                        ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        int[] match = new int[n];
        java.util.Arrays.fill(match, -1);
        if (found < 0) {
            // too different to align: event by event in order, as far as both go
            for (int i = 0; i < Math.min(n, m); i++) {
                match[i] = i;
            }
            return match;
        }
        // walk the trace back from (n, m), recording the diagonal moves (the matches)
        int x = n;
        int y = m;
        for (int d = found; d >= 0; d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK;
            if (d == 0) {
                prevK = 0;
            } else {
                prevK = k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
            }
            int prevX = d == 0 ? 0 : vd[offset + prevK];
            int prevY = prevX - prevK;
            int startX = d == 0 ? 0 : (prevK == k + 1 ? prevX : prevX + 1);
            int startY = startX - k;
            while (x > startX && y > startY) {
                x--;
                y--;
                match[x] = y;
            }
            x = prevX;
            y = prevY;
        }
        return match;
    }
}
