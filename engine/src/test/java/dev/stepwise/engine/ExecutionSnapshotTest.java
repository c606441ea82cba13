package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.SeededRandom;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.run.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The rule: an execution read from a snapshot taken between any two steps continues exactly as the
 * original does (the same events with their ids, previousEventIds, timestamps and details, the same
 * commands, the same outcome), and what it reports waiting on is what the runtime saw it ask for.
 * Each scenario drives a scripted run on a manual clock with a {@link SeededRandom}, snapshots it
 * at every step boundary, and replays the rest of the script on each restored execution.
 */
class ExecutionSnapshotTest {
    private static final long SEED = 42;
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:work";

    // ---- the rule, per state type

    @Test
    void passChoiceSucceedAndFailContinueAfterAnySnapshot() {
        String definition = """
                {"StartAt":"P","States":{
                  "P":{"Type":"Pass","Parameters":{"n.$":"$.n"},"Next":"T"},
                  "T":{"Type":"Task","Resource":"%s","Next":"R"},
                  "R":{"Type":"Pass","Parameters":{"ok.$":"$.ok","id.$":"States.UUID()","r.$":"States.MathRandom(1, 1000)"},"Next":"C"},
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"S"}],"Default":"F"},
                  "S":{"Type":"Succeed"},
                  "F":{"Type":"Fail","Error":"NotOk","Cause":"the task said no"}}}""".formatted(INVOKE);

        assertRestoresExactly(definition, "{\"n\":1}", started(), after(5, succeed("{\"ok\":true}")))
                .assertSucceeded();
        assertRestoresExactly(definition, "{\"n\":1}", started(), after(5, succeed("{\"ok\":false}")))
                .assertStatus(ExecutionStatus.FAILED);
    }

    @Test
    void waitStatesContinueAfterAnySnapshot() {
        String definition = """
                {"StartAt":"W1","States":{
                  "W1":{"Type":"Wait","Seconds":10,"Next":"W2"},
                  "W2":{"Type":"Wait","Timestamp":"2024-01-01T01:00:00Z","Next":"W3"},
                  "W3":{"Type":"Wait","SecondsPath":"$.s","Next":"D"},
                  "D":{"Type":"Pass","End":true}}}""";

        Outcome o = assertRestoresExactly(definition, "{\"s\":5}", fire(), fire(), fire());

        o.assertSucceeded();
        assertThat(o.run.execution.stopDate()).isEqualTo(Instant.parse("2024-01-01T01:00:05Z"));
    }

    @Test
    void taskTimeoutsAndHeartbeatsContinueAfterAnySnapshot() {
        String definition = """
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","TimeoutSeconds":100,"HeartbeatSeconds":30,
                       "Retry":[{"ErrorEquals":["States.HeartbeatTimeout"],"IntervalSeconds":2,"MaxAttempts":1}],
                       "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Caught"}],"End":true},
                  "Caught":{"Type":"Pass","End":true}}}""".formatted(ACTIVITY);

        Outcome o = assertRestoresExactly(definition, "{}",
                started(), after(20, heartbeat()), after(20, heartbeat()),
                fire(), // the heartbeat time-out: retried
                fire(), // the retry
                started(), after(25, heartbeat()), after(25, heartbeat()), after(25, heartbeat()),
                fire()); // TimeoutSeconds: caught

        o.assertSucceeded();
        assertThat(o.types()).filteredOn("ActivityTimedOut"::equals).hasSize(2);
    }

    @Test
    void retryBackoffWithJitterContinuesTheRandomSequence() {
        String definition = """
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Next":"R",
                       "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":3,"BackoffRate":2.5,"MaxAttempts":4,
                                 "MaxDelaySeconds":20,"JitterStrategy":"FULL"}]},
                  "R":{"Type":"Pass","Parameters":{"r.$":"States.MathRandom(1, 1000)"},"End":true}}}""".formatted(INVOKE);

        Outcome o = assertRestoresExactly(definition, "{}",
                fail("Flaky", "1"), fire(), fail("Flaky", "2"), fire(), fail("Flaky", "3"), fire(), succeed("{}"));

        o.assertSucceeded();
        // full jitter: the retries fall at fractions of a second the random sequence chose
        assertThat(o.run.execution.stopDate().getNano()).isNotZero();
    }

    @Test
    void catchContinuesAfterAnySnapshot() {
        String definition = """
                {"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Next":"Never",
                       "Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.error","Next":"After"}]},
                  "After":{"Type":"Wait","Seconds":1,"Next":"Done"},
                  "Never":{"Type":"Fail","Error":"X"},
                  "Done":{"Type":"Pass","End":true}}}""".formatted(INVOKE);

        assertRestoresExactly(definition, "{\"a\":1}", started(), fail("Boom", "it broke"), fire())
                .assertSucceeded();
    }

    private static final String NESTED_PARALLEL = """
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"Done",
                   "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],
                   "Branches":[
                     {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"%s","HeartbeatSeconds":50,"End":true}}},
                     {"StartAt":"Q","States":{"Q":{"Type":"Parallel","End":true,"Branches":[
                        {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":5,"Next":"B2"},
                                                 "B2":{"Type":"Task","Resource":"%s","End":true}}},
                        {"StartAt":"C","States":{"C":{"Type":"Task","Resource":"%s","End":true}}}]}}}]},
              "Done":{"Type":"Pass","End":true}}}""".formatted(ACTIVITY, INVOKE, INVOKE);

    @Test
    void nestedParallelBranchesContinueAfterAnySnapshot() {
        assertRestoresExactly(NESTED_PARALLEL, "{\"x\":1}",
                succeed("C", "\"c\""), started("A"), fire(), succeed("B2", "\"b\""), after(3, succeed("A", "\"a\"")))
                .assertSucceeded();
    }

    @Test
    void aFailedBranchAbortsItsSiblingsAfterAnySnapshot() {
        Outcome o = assertRestoresExactly(NESTED_PARALLEL, "{\"x\":1}", started("A"), fail("C", "Bad", "branch C"));

        o.assertSucceeded();
        assertThat(o.types()).contains("TaskStateAborted", "WaitStateAborted");
    }

    @Test
    void aSequentialInlineMapWithToleratedFailuresContinuesAfterAnySnapshot() {
        String definition = """
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,
                  "ToleratedFailureCount":1,
                  "ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T",
                    "States":{"T":{"Type":"Task","Resource":"%s","End":true}}},"End":true}}}""".formatted(INVOKE);

        assertRestoresExactly(definition, "{\"items\":[1,2,3,4]}",
                succeed("\"one\""), fail("E", "two"), started(), succeed("\"three\""), succeed("\"four\""))
                .assertSucceeded();
    }

    @Test
    void aConcurrentInlineMapContinuesAfterAnySnapshot() {
        String definition = """
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":0,"ToleratedFailurePercentage":50,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T","States":{
                    "T":{"Type":"Task","Resource":"%s","ResultPath":null,"Next":"W"},
                    "W":{"Type":"Wait","SecondsPath":"$.s","End":true}}},"End":true}}}""".formatted(INVOKE);

        assertRestoresExactly(definition, "[{\"s\":30},{\"s\":1},{\"s\":10},{\"s\":2}]",
                fail("E", "first"), succeed("{}"), succeed("{}"), succeed("{}"), fire(), fire(), fire())
                .assertSucceeded();
    }

    @Test
    void aDistributedMapRunContinuesAfterAnySnapshot() {
        for (String type : List.of("STANDARD", "EXPRESS")) {
            String definition = """
                    {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ToleratedFailureCount":1,
                      "ItemSelector":{"n.$":"$$.Map.Item.Value","at.$":"$$.Map.Item.Index"},
                      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"%s"},
                        "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"Done"},
                      "Done":{"Type":"Pass","End":true}}}""".formatted(type);

            Outcome o = assertRestoresExactly(definition, "[1,2,3,4,5]",
                    childSucceeded(), childFailed("E", "odd"), updateMapRun(3), childSucceeded(), childSucceeded(),
                    childSucceeded());

            o.assertSucceeded();
            assertThat(o.types()).contains("MapRunStarted", "MapRunSucceeded");
        }
    }

    @Test
    void jsonataVariablesInNestedScopesSurviveASnapshot() {
        String definition = """
                {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                  "Init":{"Type":"Pass","Assign":{"label":"{% $states.input.label %}","seen":0},"Next":"M"},
                  "M":{"Type":"Map","Items":"{% $states.input.xs %}","MaxConcurrency":2,
                    "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Mark","States":{
                      "Mark":{"Type":"Pass","Assign":{"mine":"{% $states.input * 10 %}"},"Next":"Work"},
                      "Work":{"Type":"Task","Resource":"%s","Arguments":{"v":"{% $mine %}","label":"{% $label %}"},
                              "Assign":{"got":"{% $states.result %}"},"Next":"Par"},
                      "Par":{"Type":"Parallel","Output":"{% $states.result[0] %}","End":true,"Branches":[
                        {"StartAt":"Inner","States":{
                          "Inner":{"Type":"Wait","Seconds":"{% $mine %}","Assign":{"deep":"{% $mine + 1 %}"},"Next":"Use"},
                          "Use":{"Type":"Pass","Output":"{% $deep + $got.x + $random() %}","End":true}}}]}}},
                    "Assign":{"seen":"{% $count($states.result) %}"},"Next":"Last"},
                  "Last":{"Type":"Pass","Output":"{% {'seen': $seen, 'label': $label, 'id': $uuid()} %}","End":true}}}"""
                .replace("%s", INVOKE);

        Outcome o = assertRestoresExactly(definition, "{\"label\":\"L\",\"xs\":[1,2,3]}",
                succeed("{\"x\":1}"), succeed("{\"x\":2}"), fire(), succeed("{\"x\":3}"), fire(), fire());

        o.assertSucceeded();
        assertThat(o.run.execution.output().get("seen").asInt()).isEqualTo(3);
    }

    @Test
    void callbackTasksKeepTheirSubmissionAndAnEarlyCallback() {
        String definition = """
                {"StartAt":"A","States":{
                  "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                       "Parameters":{"token.$":"$$.Task.Token"},"HeartbeatSeconds":60,"Next":"B"},
                  "B":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                       "Parameters":{"t.$":"$$.Task.Token"},"HeartbeatSeconds":60,"End":true}}}""";

        Outcome o = assertRestoresExactly(definition, "{}",
                started(), callback("\"early\""), submitted("{\"StatusCode\":202}"),
                started(), submitted("{\"MessageId\":\"m\"}"), after(10, heartbeat()), after(10, callback("{\"done\":true}")));

        o.assertSucceeded();
        assertThat(o.types()).filteredOn("TaskSubmitted"::equals).hasSize(2);
    }

    @Test
    void theExecutionTimeOutFiresAfterAnySnapshot() {
        String definition = """
                {"TimeoutSeconds":100,"StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","HeartbeatSeconds":500,"Next":"W"},
                  "W":{"Type":"Wait","Seconds":1000,"End":true}}}""".formatted(ACTIVITY);

        assertRestoresExactly(definition, "{}", started(), after(10, succeed("{}")), fire())
                .assertStatus(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void stopExecutionInTheMiddleOfAMapAfterAnySnapshot() {
        String definition = """
                {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T","States":{
                    "T":{"Type":"Task","Resource":"%s","TimeoutSeconds":300,"Next":"W"},
                    "W":{"Type":"Wait","Seconds":5,"End":true}}},"End":true}}}""".formatted(INVOKE);

        Outcome o = assertRestoresExactly(definition, "[1,2,3]",
                succeed("{}"), after(1, stop("Stopped", "by the user")));

        o.assertStatus(ExecutionStatus.ABORTED);
        assertThat(o.run.commands).anyMatch(c -> c.startsWith("CancelTask"));
    }

    @Test
    void aRedriveOfAFailedExecutionAfterAnySnapshot() {
        String definition = """
                {"TimeoutSeconds":3600,"StartAt":"A","States":{
                  "A":{"Type":"Task","Resource":"%s","Next":"P"},
                  "P":{"Type":"Parallel","End":true,"Branches":[
                    {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"%s","End":true}}}]}}}"""
                .formatted(INVOKE, INVOKE);

        Outcome o = assertRestoresExactly(definition, "{}",
                succeed("{}"), fail("E", "first time"), after(3600, redrive()), started(), succeed("\"second time\""));

        o.assertSucceeded();
        assertThat(o.run.execution.redriveCount()).isEqualTo(1);
    }

    // ---- refusals

    private static final String ONE_TASK = """
            {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%s","TimeoutSeconds":60,"End":true}}}"""
            .formatted(ACTIVITY);

    @Test
    void anUnknownFormatIsRefused() {
        Execution ex = waitingForOneTask();
        ObjectNode doc = document(ExecutionSnapshot.write(ex));
        doc.put("format", 2);

        assertThatThrownBy(() -> ExecutionSnapshot.read(ex.info(), ex.machine(), bytes(doc)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("snapshot format 2 is not supported; this build reads format 1");
    }

    @Test
    void aStateTheMachineDoesNotHaveIsRefused() {
        Execution ex = waitingForOneTask();
        byte[] snapshot = ExecutionSnapshot.write(ex);
        Execution renamed = Runs.execution(ONE_TASK.replace("Work", "Job"), "{}");

        assertThatThrownBy(() -> ExecutionSnapshot.read(ex.info(), renamed.machine(), snapshot))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("snapshot frame [] is in state 'Work', which the state machine does not have");
    }

    @Test
    void aStateABranchDoesNotHaveIsRefusedWithTheBranchNamed() {
        Execution ex = Runs.execution(NESTED_PARALLEL, "{}");
        new Interpreter(new ManualClock(Runs.START), new SeededRandom(SEED)).start(ex);
        byte[] snapshot = ExecutionSnapshot.write(ex);
        Execution changed = Runs.execution(NESTED_PARALLEL.replace("\"C\"", "\"C2\""), "{}");

        assertThatThrownBy(() -> ExecutionSnapshot.read(ex.info(), changed.machine(), snapshot))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("snapshot frame [1, 1] is in state 'C', which /States/P/Branches[1]/States/Q/Branches[1]"
                        + " does not have");
    }

    @Test
    void aFramePathTheSnapshotDoesNotHoldIsRefused() {
        Execution ex = waitingForOneTask();
        ObjectNode doc = document(ExecutionSnapshot.write(ex));
        ((ObjectNode) doc.get("tasks")).putArray("1").add(3);

        assertThatThrownBy(() -> ExecutionSnapshot.read(ex.info(), ex.machine(), bytes(doc)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("snapshot task " + Runs.EXECUTION_ARN + "#1 belongs to frame [3], which the snapshot"
                        + " does not hold");
    }

    // ---- size (the figures: SnapshotBenchmark)

    @Test
    void aMapHalfDoneKeepsOnlyItsLiveIterations() {
        for (int maxConcurrency : new int[] {0, 10}) {
            String definition = """
                    {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":%d,
                      "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T",
                        "States":{"T":{"Type":"Task","Resource":"%s","End":true}}},"End":true}}}"""
                    .formatted(maxConcurrency, INVOKE);
            StringBuilder items = new StringBuilder("{\"items\":[");
            for (int i = 0; i < 1000; i++) {
                items.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item-").append(i)
                        .append("\"}");
            }
            Run run = new Run(Runs.execution(definition, items.append("]}").toString()), Runs.START, SEED,
                    new Waiting());
            run.start();
            for (int i = 0; i < 500; i++) {
                run.play(succeed("{\"ok\":true}"));
            }
            byte[] snapshot = ExecutionSnapshot.write(run.execution);
            Execution restored = ExecutionSnapshot.read(run.execution.info(), run.execution.machine(), snapshot);
            int live = maxConcurrency == 0 ? 500 : 10;
            assertThat(restored.liveTasks()).hasSize(live);
            // finished iterations leave their results, not their frames
            String text = new String(snapshot, StandardCharsets.UTF_8);
            assertThat(text.split("\"state\":\"T\"", -1)).hasSize(live + 1);
        }
    }

    private static Execution waitingForOneTask() {
        Run run = new Run(Runs.execution(ONE_TASK, "{\"a\":1}"), Runs.START, SEED, new Waiting());
        run.start();
        run.play(started());
        return run.execution;
    }

    private static ObjectNode document(byte[] snapshot) {
        return (ObjectNode) Runs.json(new String(snapshot, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(JsonNode doc) {
        return Json.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    // ---- the check

    /** What the original run was at a step boundary. */
    private record Boundary(byte[] snapshot, Instant now, long randomState, Waiting waiting, int events,
                            int commands) {}

    /** The original, uninterrupted run, for assertions about the scenario itself. */
    private record Outcome(Run run) {
        Outcome assertSucceeded() {
            return assertStatus(ExecutionStatus.SUCCEEDED);
        }

        Outcome assertStatus(ExecutionStatus status) {
            Execution ex = run.execution;
            assertThat(ex.status()).as("status; error %s, cause %s", ex.error(), ex.cause()).isEqualTo(status);
            return this;
        }

        List<String> types() {
            return run.execution.history().stream().map(e -> e.type().name()).toList();
        }
    }

    /**
     * Runs the script, snapshots the execution at every step boundary and checks there that the
     * recovery queries report what the run waits on; then, for every boundary, reads the snapshot
     * into a fresh execution with a fresh interpreter, plays the rest of the script and checks that
     * it ends exactly as the uninterrupted run.
     */
    private static Outcome assertRestoresExactly(String definition, String input, Move... moves) {
        Run original = new Run(Runs.execution(definition, input), Runs.START, SEED, new Waiting());
        List<Boundary> boundaries = new ArrayList<>();
        original.start();
        boundaries.add(original.boundary());
        for (Move move : moves) {
            original.play(move);
            boundaries.add(original.boundary());
        }
        Execution done = original.execution;
        for (int k = 0; k < boundaries.size(); k++) {
            Boundary b = boundaries.get(k);
            String at = "restored after step " + k + (k == 0 ? " (start)" : " (" + moves[k - 1] + ")");
            String text = new String(b.snapshot(), StandardCharsets.UTF_8);
            Execution restored = ExecutionSnapshot.read(done.info(), done.machine(), b.snapshot());
            assertThat(new String(ExecutionSnapshot.write(restored), StandardCharsets.UTF_8))
                    .as("%s: written again", at).isEqualTo(text);
            Run resumed = new Run(restored, b.now(), b.randomState(), Waiting.reported(restored, b.waiting()));
            assertThat(resumed.waiting.describe()).as("%s: what it waits on", at).isEqualTo(b.waiting().describe());
            for (int j = k; j < moves.length; j++) {
                resumed.play(moves[j]);
            }
            List<HistoryEvent> rest = done.history().subList(b.events(), done.history().size());
            assertThat(wire(restored.history())).as("%s: history; snapshot %s", at, text).isEqualTo(wire(rest));
            assertThat(resumed.commands).as("%s: commands", at)
                    .isEqualTo(original.commands.subList(b.commands(), original.commands.size()));
            assertThat(restored.status()).as(at).isEqualTo(done.status());
            assertThat(json(restored.output())).as(at).isEqualTo(json(done.output()));
            assertThat(restored.error()).as(at).isEqualTo(done.error());
            assertThat(restored.cause()).as(at).isEqualTo(done.cause());
            assertThat(restored.stopDate()).as(at).isEqualTo(done.stopDate());
            assertThat(restored.redriveCount()).as(at).isEqualTo(done.redriveCount());
            assertThat(restored.nextEventId()).as(at).isEqualTo(done.nextEventId());
            assertThat(resumed.random.state()).as("%s: random state", at).isEqualTo(original.random.state());
        }
        return new Outcome(original);
    }

    private static List<String> wire(List<HistoryEvent> events) {
        List<String> out = new ArrayList<>();
        HistoryJson.events(events).forEach(e -> out.add(Json.write(e)));
        return out;
    }

    private static String json(JsonNode node) {
        return node == null ? null : Json.write(node);
    }

    /** One execution driven by a script: its interpreter, clock, random source and what it waits on. */
    private static final class Run {
        final Execution execution;
        final ManualClock clock;
        final SeededRandom random;
        final Interpreter interpreter;
        final Waiting waiting;
        /** Every command in order, as text (payloads compared by their JSON). */
        final List<String> commands = new ArrayList<>();

        Run(Execution execution, Instant now, long randomState, Waiting waiting) {
            this.execution = execution;
            this.clock = new ManualClock(now);
            this.random = new SeededRandom(randomState);
            this.interpreter = new Interpreter(clock, random);
            this.waiting = waiting;
        }

        void start() {
            take(interpreter.start(execution));
        }

        void play(Move move) {
            Signal signal = move.next().apply(this);
            waiting.before(signal, clock.instant());
            take(interpreter.signal(execution, signal));
        }

        private void take(Interpreter.StepResult step) {
            for (Command c : step.commands()) {
                commands.add(c.toString());
                waiting.after(c);
            }
            for (MapRunState m : step.mapRuns()) {
                commands.add(m.toString());
                waiting.after(m);
            }
        }

        /** The boundary after the latest step; what the queries report must be what the run waits on. */
        Boundary boundary() {
            assertThat(Waiting.reported(execution, waiting).describe()).as("what the execution reports waiting on")
                    .isEqualTo(waiting.describe());
            return new Boundary(ExecutionSnapshot.write(execution), clock.instant(), random.state(), waiting.copy(),
                    execution.history().size(), commands.size());
        }
    }

    /** A task as the runtime knows it. {@code early}: a callback arrived before TaskSubmitted and is held. */
    private record Task(Command.StartTask command, Instant startedAt, JsonNode submitted, boolean early) {
        long number() {
            return Long.parseLong(command.taskId().substring(command.taskId().indexOf('#') + 1));
        }
    }

    /**
     * What a run waits on as the runtime sees it: the timers armed and neither fired nor cancelled,
     * the tasks dispatched and not over, the child executions started and not finished or stopped.
     */
    private static final class Waiting {
        final Map<Long, Instant> timers = new TreeMap<>();
        final Map<String, Task> tasks = new LinkedHashMap<>();
        final Map<String, Command.StartChildExecution> children = new TreeMap<>();
        final TreeSet<String> mapRuns = new TreeSet<>();

        Waiting copy() {
            Waiting w = new Waiting();
            w.timers.putAll(timers);
            w.tasks.putAll(tasks);
            w.children.putAll(children);
            w.mapRuns.addAll(mapRuns);
            return w;
        }

        /** What the execution's recovery queries report; what they cannot know is taken from {@code known}. */
        static Waiting reported(Execution ex, Waiting known) {
            Waiting w = new Waiting();
            ex.liveTimers().forEach(t -> w.timers.put(t.timerId(), t.at()));
            for (Execution.LiveTask t : ex.liveTasks()) {
                Task k = known.tasks.get(t.command().taskId());
                w.tasks.put(t.command().taskId(), new Task(t.command(), t.startedAt(), t.submitted(),
                        k != null && k.early()));
            }
            ex.pendingChildren().forEach(c -> w.children.put(c.executionArn(), c));
            w.mapRuns.addAll(known.mapRuns);
            return w;
        }

        /** A signal's effect on what the runtime knows, before the step's commands. */
        void before(Signal signal, Instant now) {
            switch (signal) {
                case Signal.TimerFired t -> timers.remove(t.timerId());
                case Signal.TaskStarted t -> tasks.computeIfPresent(t.taskId(), (id, task) -> task.startedAt() != null
                        ? task : new Task(task.command(), now, task.submitted(), task.early()));
                case Signal.TaskSubmitted t -> {
                    Task task = tasks.get(t.taskId());
                    if (task != null && task.submitted() == null) {
                        if (task.early()) {
                            tasks.remove(t.taskId());
                        } else {
                            tasks.put(t.taskId(), new Task(task.command(), task.startedAt(), t.output(), false));
                        }
                    }
                }
                case Signal.TaskSucceeded t -> {
                    Task task = tasks.get(t.taskId());
                    if (task != null && t.callback() && task.startedAt() != null && task.submitted() == null
                            && task.command().resource().waitsForTaskToken()) {
                        tasks.put(t.taskId(), new Task(task.command(), task.startedAt(), null, true));
                    } else {
                        tasks.remove(t.taskId());
                    }
                }
                case Signal.TaskFailed t -> tasks.remove(t.taskId());
                case Signal.ChildFinished c -> children.remove(c.executionArn());
                default -> { }
            }
        }

        void after(Command command) {
            switch (command) {
                case Command.ArmTimer a -> timers.put(a.timerId(), a.at());
                case Command.CancelTimer c -> timers.remove(c.timerId());
                case Command.StartTask s -> tasks.put(s.taskId(), new Task(s, null, null, false));
                case Command.CancelTask c -> tasks.remove(c.taskId());
                case Command.StartChildExecution s -> children.put(s.executionArn(), s);
                case Command.StopChildExecution s -> children.remove(s.executionArn());
            }
        }

        void after(MapRunState m) {
            if ("RUNNING".equals(m.status())) {
                mapRuns.add(m.mapRunArn());
            } else {
                mapRuns.remove(m.mapRunArn());
            }
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            timers.forEach((id, at) -> b.append("timer ").append(id).append(" at ").append(at).append('\n'));
            tasks.values().stream().sorted(Comparator.comparingLong(Task::number)).forEach(t -> b.append(t.command())
                    .append(" started ").append(t.startedAt()).append(" submitted ")
                    .append(t.submitted() == null ? null : Json.write(t.submitted())).append('\n'));
            children.values().forEach(c -> b.append(c).append('\n'));
            return b.toString();
        }

        Task firstTask(Predicate<Task> which, String what) {
            return tasks.values().stream().filter(which).min(Comparator.comparingLong(Task::number))
                    .orElseThrow(() -> new AssertionError("no task " + what + " among " + tasks.keySet()));
        }
    }

    // ---- the script's moves

    /** One signal of a script, chosen from what the run waits on (the clock may move first). */
    private record Move(String name, Function<Run, Signal> next) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Move fire() {
        return new Move("fire", run -> {
            Map.Entry<Long, Instant> next = run.waiting.timers.entrySet().stream()
                    .min(Map.Entry.<Long, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow(() -> new AssertionError("no timer armed"));
            run.clock.advanceTo(next.getValue());
            return new Signal.TimerFired(next.getKey());
        });
    }

    private static Move after(int seconds, Move then) {
        return new Move("after " + seconds + "s " + then, run -> {
            run.clock.advanceTo(run.clock.instant().plusSeconds(seconds));
            return then.next().apply(run);
        });
    }

    private static Move task(String name, Predicate<Task> which, Function<String, Signal> signal) {
        return new Move(name, run -> signal.apply(run.waiting.firstTask(which, name).command().taskId()));
    }

    private static Predicate<Task> in(String state) {
        return t -> t.command().stateName().equals(state);
    }

    private static Move started() {
        return task("started", t -> t.startedAt() == null, id -> new Signal.TaskStarted(id, "worker"));
    }

    private static Move started(String state) {
        return task("started " + state, in(state).and(t -> t.startedAt() == null),
                id -> new Signal.TaskStarted(id, "worker"));
    }

    private static Move succeed(String output) {
        return task("succeed " + output, t -> true, id -> new Signal.TaskSucceeded(id, Runs.json(output)));
    }

    private static Move succeed(String state, String output) {
        return task("succeed " + state + " " + output, in(state), id -> new Signal.TaskSucceeded(id, Runs.json(output)));
    }

    private static Move fail(String error, String cause) {
        return task("fail " + error, t -> true, id -> new Signal.TaskFailed(id, error, cause));
    }

    private static Move fail(String state, String error, String cause) {
        return task("fail " + state + " " + error, in(state), id -> new Signal.TaskFailed(id, error, cause));
    }

    private static Move heartbeat() {
        return task("heartbeat", t -> true, Signal.TaskHeartbeat::new);
    }

    private static Move submitted(String output) {
        return task("submitted " + output, t -> true, id -> new Signal.TaskSubmitted(id, Runs.json(output)));
    }

    private static Move callback(String output) {
        return task("callback " + output, t -> true, id -> new Signal.TaskSucceeded(id, Runs.json(output), true));
    }

    /** The child execution with the least input (then ARN) succeeds with its input as output. */
    private static Move childSucceeded() {
        return child("child succeeded", c -> new Signal.ChildFinished(c.executionArn(), "SUCCEEDED", c.input(), null, null));
    }

    private static Move childFailed(String error, String cause) {
        return child("child failed", c -> new Signal.ChildFinished(c.executionArn(), "FAILED", null, error, cause));
    }

    private static Move child(String name, Function<Command.StartChildExecution, Signal> signal) {
        return new Move(name, run -> signal.apply(run.waiting.children.values().stream()
                .min(Comparator.comparing((Command.StartChildExecution c) -> Json.write(c.input()))
                        .thenComparing(Command.StartChildExecution::executionArn))
                .orElseThrow(() -> new AssertionError("no child execution running"))));
    }

    private static Move updateMapRun(int maxConcurrency) {
        return new Move("update Map run", run -> new Signal.UpdateMapRun(run.waiting.mapRuns.first(), maxConcurrency,
                null, null));
    }

    private static Move stop(String error, String cause) {
        return new Move("stop", run -> new Signal.Stop(error, cause));
    }

    private static Move redrive() {
        return new Move("redrive", run -> new Signal.Redrive());
    }
}
