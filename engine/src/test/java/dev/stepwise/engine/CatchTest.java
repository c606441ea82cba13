package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catch: the first matching catcher sends the error output ({"Error", "Cause"}) to its Next,
 * placed by its ResultPath (JSONPath) or shaped by its Output (JSONata), after Retry is spent.
 */
@Timeout(10)
class CatchTest {
    private static final String INVOKE = "arn:aws:states:::lambda:invoke";

    /** A Task whose catchers lead to Handler or Other; a state no catcher names is left out (AWS refuses unreachable states). */
    private static String taskWithCatch(String extra, String catchers) {
        return "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + INVOKE
                + "\",\"Parameters\":{}" + extra + ",\"Catch\":" + catchers + ",\"Next\":\"Done\"},"
                + "\"Done\":{\"Type\":\"Pass\",\"End\":true}"
                + (catchers.contains("\"Handler\"") ? ",\"Handler\":{\"Type\":\"Pass\",\"End\":true}" : "")
                + (catchers.contains("\"Other\"") ? ",\"Other\":{\"Type\":\"Pass\",\"Result\":\"other\",\"End\":true}" : "")
                + "}}";
    }

    @Test
    void aCaughtErrorGoesToTheCatchersNextWithTheErrorOutput() {
        Runs.Result r = Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"))
                .input("{\"in\":1}").tasks(Tasks.replying(Tasks.fail("E", "why"))).run();

        r.assertSucceeded("{\"Error\":\"E\",\"Cause\":\"why\"}");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 TaskStateEntered <0",
                "3 TaskScheduled <2",
                "4 TaskStarted <3",
                "5 TaskFailed <4",
                "6 TaskStateExited <5",
                "7 PassStateEntered <6",
                "8 PassStateExited <7",
                "9 ExecutionSucceeded <8");
        assertJson(r.details(6), """
                {"name":"T","output":"{\\"Error\\":\\"E\\",\\"Cause\\":\\"why\\"}","outputDetails":{"truncated":false}}""");
        assertThat(r.details(7).get("name").asText()).isEqualTo("Handler");
    }

    @Test
    void anErrorWithoutACauseHasNoCauseInItsErrorOutput() {
        Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).run().assertSucceeded("{\"Error\":\"E\"}");
    }

    @Test
    void catchResultPathPlacesTheErrorOutputIntoTheStateInput() {
        Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"E\"],\"ResultPath\":\"$.error\",\"Next\":\"Handler\"}]"))
                .input("{\"in\":1}").tasks(Tasks.replying(Tasks.fail("E", "c"))).run()
                .assertSucceeded("{\"in\":1,\"error\":{\"Error\":\"E\",\"Cause\":\"c\"}}");
    }

    @Test
    void catchResultPathNullKeepsTheStateInput() {
        Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"E\"],\"ResultPath\":null,\"Next\":\"Handler\"}]"))
                .input("{\"in\":1}").tasks(Tasks.replying(Tasks.fail("E", "c"))).run()
                .assertSucceeded("{\"in\":1}");
    }

    @Test
    void catchIgnoresTheStatesOwnResultPathAndOutputPath() {
        Runs.of(taskWithCatch(",\"InputPath\":\"$.in\",\"ResultPath\":\"$.res\",\"OutputPath\":\"$.res\"",
                        "[{\"ErrorEquals\":[\"E\"],\"ResultPath\":\"$.err\",\"Next\":\"Handler\"}]"))
                .input("{\"in\":{\"v\":1}}").tasks(Tasks.replying(Tasks.fail("E", "c"))).run()
                .assertSucceeded("{\"in\":{\"v\":1},\"err\":{\"Error\":\"E\",\"Cause\":\"c\"}}");
    }

    @Test
    void theFirstMatchingCatcherWins() {
        Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"X\"],\"Next\":\"Other\"},"
                        + "{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"},{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Other\"}]"))
                .tasks(Tasks.replying(Tasks.fail("E", null))).run().assertSucceeded("{\"Error\":\"E\"}");
    }

    @Test
    void statesAllCatchesAnyTaskError() {
        Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Other\"}]"))
                .tasks(Tasks.replying(Tasks.fail("Whatever", null))).run().assertSucceeded("\"other\"");
    }

    @Test
    void anErrorNoCatcherMatchesFailsTheExecution() {
        Runs.Result r = Runs.of(taskWithCatch("", "[{\"ErrorEquals\":[\"X\"],\"Next\":\"Handler\"}]"))
                .tasks(Tasks.replying(Tasks.fail("E", "c"))).run();

        r.assertFailed("E", "c");
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskFailed", "ExecutionFailed");
    }

    @Test
    void catchAppliesOnlyAfterTheRetriesAreSpent() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", "c"));
        Runs.Result r = Runs.of(taskWithCatch(",\"Retry\":[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":2,\"IntervalSeconds\":1}]",
                        "[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"))
                .tasks(tasks).run();

        r.assertSucceeded("{\"Error\":\"E\",\"Cause\":\"c\"}");
        assertThat(tasks.calls).hasSize(3);
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anErrorNoRetrierMatchesIsCaughtAtOnce() {
        Tasks tasks = Tasks.replying(Tasks.fail("E", null));
        Runs.of(taskWithCatch(",\"Retry\":[{\"ErrorEquals\":[\"Other\"]}]",
                        "[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"))
                .tasks(tasks).run().assertSucceeded("{\"Error\":\"E\"}");
        assertThat(tasks.calls).hasSize(1);
    }

    @Test
    void statesAllDoesNotCatchStatesRuntime() {
        Runs.Result r = Runs.of(taskWithCatch(",\"ResultSelector\":{\"x.$\":\"$.missing\"}",
                        "[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Handler\"}]"))
                .tasks(Tasks.replying(Tasks.succeed("{}"))).run();

        assertThat(r.error()).isEqualTo("States.Runtime");
        assertThat(r.types()).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "ExecutionFailed");
    }

    @Test
    void catchingAParallelFailureRecordsParallelStateFailedThenExited() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","Next":"Done",
                  "Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.err","Next":"Handler"}],
                  "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"c"}}}]},
                 "Done":{"Type":"Pass","End":true},"Handler":{"Type":"Pass","End":true}}}""").input("{\"a\":1}").run();

        r.assertSucceeded("{\"a\":1,\"err\":{\"Error\":\"Boom\",\"Cause\":\"c\"}}");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 ParallelStateEntered <0",
                "3 ParallelStateStarted <2",
                "4 FailStateEntered <3",
                "5 ParallelStateFailed <4",
                "6 ParallelStateExited <5",
                "7 PassStateEntered <6",
                "8 PassStateExited <7",
                "9 ExecutionSucceeded <8");
    }

    // ---- JSONata

    @Test
    void jsonataCatchOutputShapesTheErrorOutput() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Arguments":{},"Next":"Done",
                       "Catch":[{"ErrorEquals":["E"],"Next":"Handler",
                                 "Output":{"what":"{% $states.errorOutput.Error %}","why":"{% $states.errorOutput.Cause %}",
                                           "was":"{% $states.input.in %}"}}]},
                  "Done":{"Type":"Pass","End":true},"Handler":{"Type":"Pass","End":true}}}""".replace("%s", INVOKE))
                .input("{\"in\":1}").tasks(Tasks.replying(Tasks.fail("E", "c"))).run();

        r.assertSucceeded("{\"what\":\"E\",\"why\":\"c\",\"was\":1}");
    }

    @Test
    void jsonataCatchWithoutOutputPassesTheErrorOutput() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Next":"Done","Catch":[{"ErrorEquals":["E"],"Next":"Handler"}]},
                  "Done":{"Type":"Pass","End":true},"Handler":{"Type":"Pass","End":true}}}""".replace("%s", INVOKE))
                .input("{\"in\":1}").tasks(Tasks.replying(Tasks.fail("E", "c"))).run();

        r.assertSucceeded("{\"Error\":\"E\",\"Cause\":\"c\"}");
    }

    @Test
    void jsonataCatchAssignSetsVariablesForTheHandler() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"%s","Next":"Done",
                       "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler","Assign":{"failedWith":"{% $states.errorOutput.Error %}"}}]},
                  "Done":{"Type":"Pass","End":true},
                  "Handler":{"Type":"Pass","Output":"{% $failedWith %}","End":true}}}""".replace("%s", INVOKE))
                .tasks(Tasks.replying(Tasks.fail("Bad", null))).run();

        r.assertSucceeded("\"Bad\"");
        assertJson(r.details(6), """
                {"name":"T","output":"{\\"Error\\":\\"Bad\\"}","outputDetails":{"truncated":false},
                 "assignedVariables":{"failedWith":"\\"Bad\\""},"assignedVariablesDetails":{"truncated":false}}""");
    }

    @Test
    void jsonPathCatchAssignReadsTheErrorOutput() {
        Runs.Result r = Runs.of(taskWithCatch("",
                        "[{\"ErrorEquals\":[\"E\"],\"ResultPath\":null,\"Assign\":{\"err.$\":\"$.Error\"},\"Next\":\"Read\"}]")
                .replace("\"Done\":{\"Type\":\"Pass\",\"End\":true}",
                        "\"Done\":{\"Type\":\"Pass\",\"End\":true},"
                                + "\"Read\":{\"Type\":\"Pass\",\"Parameters\":{\"e.$\":\"$err\"},\"End\":true}"))
                .tasks(Tasks.replying(Tasks.fail("E", "c"))).run();

        r.assertSucceeded("{\"e\":\"E\"}");
    }
}
