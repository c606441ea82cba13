package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Parallel state: every branch runs on the effective input, the result is the array of branch
 * outputs in branch order, and the first branch to fail fails the state and stops the others.
 */
@Timeout(10)
class ParallelStateTest {

    @Test
    void resultsAreInBranchOrderWhateverOrderTheBranchesFinishIn() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":30,"Next":"S0"},"S0":{"Type":"Pass","Result":0,"End":true}}},
                  {"StartAt":"Fast","States":{"Fast":{"Type":"Wait","Seconds":1,"Next":"S1"},"S1":{"Type":"Pass","Result":1,"End":true}}},
                  {"StartAt":"Now","States":{"Now":{"Type":"Pass","Result":2,"End":true}}}]}}}""").run();

        r.assertSucceeded("[0,1,2]");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    /**
     * ParallelStateSucceeded and ParallelStateExited both follow the last branch event (as in AWS's
     * recording scenarios/test_parallel_state_order, where ParallelStateExited is 13 &lt; 11). The
     * order of the branches' own events is the engine's (branch by branch); AWS's recordings do
     * not fix it.
     */
    @Test
    void historyOfAParallelState() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}""").input("{\"x\":1}").run();

        r.assertSucceeded("[{\"x\":1},{\"x\":1}]");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 ParallelStateEntered <0",
                "3 ParallelStateStarted <2",
                "4 PassStateEntered <3",
                "5 PassStateExited <4",
                "6 PassStateEntered <3",
                "7 PassStateExited <6",
                "8 ParallelStateSucceeded <7",
                "9 ParallelStateExited <7",
                "10 ExecutionSucceeded <9");
        assertThat(r.details(3)).isNull();
        assertThat(r.details(8)).isNull();
    }

    @Test
    void everyBranchReceivesTheEffectiveInput() {
        Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","InputPath":"$.in","Parameters":{"v.$":"$.v"},"End":true,
                  "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                              {"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.v","End":true}}}]}}}""")
                .input("{\"in\":{\"v\":5}}").run().assertSucceeded("[{\"v\":5},5]");
    }

    @Test
    void theResultGoesThroughResultSelectorResultPathAndOutputPath() {
        Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","ResultSelector":{"sum.$":"States.MathAdd($[0], $[1])"},
                  "ResultPath":"$.r","OutputPath":"$.r.sum","End":true,
                  "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":2,"End":true}}},
                              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":3,"End":true}}}]}}}""")
                .run().assertSucceeded("5");
    }

    @Test
    void oneFailedBranchFailsTheStateWithThatBranchsError() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                  {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"BranchBroke","Cause":"why"}}}]}}}""").run();

        r.assertFailed("BranchBroke", "why");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 ParallelStateEntered <0",
                "3 ParallelStateStarted <2",
                "4 PassStateEntered <3",
                "5 PassStateExited <4",
                "6 FailStateEntered <3",
                "7 ParallelStateFailed <6",
                "8 ExecutionFailed <7");
    }

    /**
     * The first failure ends the other branches at once: their timers and tasks are cancelled and
     * the execution fails without waiting for them. The events recorded for the stopped branch's
     * waiting state (WaitStateAborted here) are the engine's; no AWS recording shows them.
     */
    @Test
    void theFirstFailureStopsTheOtherBranches() {
        Tasks tasks = Tasks.replying(Tasks.hang());
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Long","States":{"Long":{"Type":"Wait","Seconds":3600,"End":true}}},
                  {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{},"End":true}}},
                  {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"F"},"F":{"Type":"Fail","Error":"Late"}}}]}}}""")
                .tasks(tasks).run();

        r.assertFailed("Late", null);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tasks.cancelled).containsExactly(tasks.calls.get(0).taskId());
        assertThat(r.types()).containsExactly("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                "WaitStateEntered", "TaskStateEntered", "TaskScheduled", "WaitStateEntered", "TaskStarted",
                "WaitStateExited", "FailStateEntered", "WaitStateAborted", "TaskStateAborted", "ParallelStateFailed",
                "ExecutionFailed");
    }

    @Test
    void aFailedBranchInsideACaughtParallelLetsTheExecutionGoOn() {
        Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","Next":"After",
                  "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"After"}],
                  "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}]},
                 "After":{"Type":"Pass","End":true}}}""").input("{}")
                .run().assertSucceeded("{\"error\":{\"Error\":\"E\",\"Cause\":\"C\"}}");
    }

    @Test
    void nestedParallelStates() {
        Runs.of("""
                {"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
                     {"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},
                     {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]}}},
                  {"StartAt":"C","States":{"C":{"Type":"Pass","Result":"c","End":true}}}]}}}""")
                .run().assertSucceeded("[[\"a\",\"b\"],\"c\"]");
    }

    @Test
    void jsonataParallelArgumentsAndOutput() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"Par","States":{"Par":{"Type":"Parallel",
                  "Arguments":{"n":"{% $states.input.n %}"},"Output":"{% $sum($states.result) %}","End":true,
                  "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $states.input.n * 2 %}","End":true}}},
                              {"StartAt":"B","States":{"B":{"Type":"Pass","Output":"{% $states.input.n * 3 %}","End":true}}}]}}}""")
                .input("{\"n\":2}").run().assertSucceeded("10");
    }
}
