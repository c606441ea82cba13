package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workflow variables: Assign, the values a state sees (those as of its entry), the scopes of
 * Parallel branches and Map iterations, and the assignedVariables of the Exited event.
 */
@Timeout(10)
class VariablesTest {

    @Test
    void assignedVariablesAreReadByLaterStates() {
        Runs.Result r = Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"n":1,"s":"x","o":{"k":[true,null]}},"Next":"B"},
                  "B":{"Type":"Pass","Parameters":{"n.$":"$n","s.$":"$s","k.$":"$o.k"},"End":true}}}""").run();

        r.assertSucceeded("{\"n\":1,\"s\":\"x\",\"k\":[true,null]}");
        assertJson(r.details(3), """
                {"name":"A","output":"{}","outputDetails":{"truncated":false},
                 "assignedVariables":{"n":"1","s":"\\"x\\"","o":"{\\"k\\":[true,null]}"},
                 "assignedVariablesDetails":{"truncated":false}}""");
    }

    @Test
    void assignReadsTheValuesAsOfStateEntry() {
        Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
                  "B":{"Type":"Pass","Assign":{"x":2,"old.$":"$x"},"Next":"C"},
                  "C":{"Type":"Pass","Parameters":{"x.$":"$x","old.$":"$old"},"End":true}}}""")
                .run().assertSucceeded("{\"x\":2,\"old\":1}");
    }

    @Test
    void jsonataAssignAndOutputOfTheSameStateReadTheValuesAsOfStateEntry() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
                  "B":{"Type":"Pass","Assign":{"x":"{% $x + 10 %}","y":"{% $x %}"},"Output":{"x":"{% $x %}"},"Next":"C"},
                  "C":{"Type":"Pass","Output":{"seenX":"{% $states.input.x %}","x":"{% $x %}","y":"{% $y %}"},"End":true}}}""")
                .run().assertSucceeded("{\"seenX\":1,\"x\":11,\"y\":1}");
    }

    @Test
    void jsonPathAssignReadsTheResultAfterResultSelector() {
        Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Parallel","ResultSelector":{"first.$":"$[0]"},"Assign":{"v.$":"$.first"},"ResultPath":null,"Next":"B",
                       "Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Result":7,"End":true}}}]},
                  "B":{"Type":"Pass","Parameters":{"v.$":"$v"},"End":true}}}""")
                .run().assertSucceeded("{\"v\":7}");
    }

    @Test
    void aLaterAssignmentOverwritesAnEarlierOne() {
        Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
                  "B":{"Type":"Pass","Assign":{"x":"two"},"Next":"C"},
                  "C":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}""")
                .run().assertSucceeded("{\"x\":\"two\"}");
    }

    @Test
    void choiceRulesAssignTheirOwnVariables() {
        Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Assign":{"size":"big"},"Next":"D"}],
                       "Default":"D","Assign":{"size":"small"}},
                  "D":{"Type":"Pass","Parameters":{"size.$":"$size"},"End":true}}}""")
                .input("{\"n\":5}").run().assertSucceeded("{\"size\":\"big\"}");
    }

    @Test
    void waitStatesAssign() {
        Runs.of("""
                {"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":1,"Assign":{"waited":true},"Next":"D"},
                  "D":{"Type":"Pass","Parameters":{"w.$":"$waited"},"End":true}}}""")
                .run().assertSucceeded("{\"w\":true}");
    }

    // ---- scopes

    @Test
    void mapIterationsReadOuterVariables() {
        Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"factor":10},"Next":"M"},
                  "M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{
                        "P":{"Type":"Pass","Parameters":{"v.$":"$","f.$":"$factor"},"End":true}}},"End":true}}}""")
                .input("[1,2]").run().assertSucceeded("[{\"v\":1,\"f\":10},{\"v\":2,\"f\":10}]");
    }

    @Test
    void eachMapIterationHasItsOwnScope() {
        // every iteration assigns "mine" and then reads it back; no iteration sees another's value
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{
                  "M":{"Type":"Map","MaxConcurrency":0,"ItemProcessor":{"StartAt":"Set","States":{
                        "Set":{"Type":"Wait","Seconds":"{% $states.input %}","Assign":{"mine":"{% $states.input %}"},"Next":"Get"},
                        "Get":{"Type":"Pass","Output":"{% $mine %}","End":true}}},"End":true}}}""")
                .input("[3,1,2]").run().assertSucceeded("[3,1,2]");
    }

    @Test
    void variablesAssignedInsideAMapAreNotVisibleAfterIt() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{
                  "M":{"Type":"Map","ItemProcessor":{"StartAt":"Set","States":{
                        "Set":{"Type":"Pass","Assign":{"inner":1},"End":true}}},"Next":"After"},
                  "After":{"Type":"Pass","Output":"{% $inner %}","End":true}}}""").input("[1]").run();

        r.assertFailed("States.QueryEvaluationError", "An error occurred while executing the state 'After' (entered at the event id #10). "
                + "The JSONata expression '$inner' specified for the field 'Output' returned nothing (undefined).");
    }

    @Test
    void parallelBranchesReadOuterVariablesAndKeepTheirOwn() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"base":100},"Next":"Par"},
                  "Par":{"Type":"Parallel","Next":"After","Output":"{% $states.result %}","Branches":[
                    {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"mine":1},"Next":"R1"},
                                             "R1":{"Type":"Pass","Output":"{% $base + $mine %}","End":true}}},
                    {"StartAt":"B2","States":{"B2":{"Type":"Pass","Assign":{"mine":2},"Next":"R2"},
                                             "R2":{"Type":"Pass","Output":"{% $base + $mine %}","End":true}}}]},
                  "After":{"Type":"Pass","Output":{"r":"{% $states.input %}","base":"{% $base %}"},"End":true}}}""")
                .run().assertSucceeded("{\"r\":[101,102],\"base\":100}");
    }

    @Test
    void aMapStateCanAssignFromItsResult() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{
                  "M":{"Type":"Map","Assign":{"count":"{% $count($states.result) %}"},"ItemProcessor":{"StartAt":"P","States":{
                        "P":{"Type":"Pass","End":true}}},"Next":"After"},
                  "After":{"Type":"Pass","Output":"{% $count %}","End":true}}}""")
                .input("[1,2,3]").run().assertSucceeded("3");
    }

    @Test
    void jsonPathReferenceToAnUndefinedVariableFails() {
        Runs.Result r = Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$nope"},"End":true}}}""").run();

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'P' (entered at the event id #2). "
                + "The JSONPath '$nope' specified for the field 'x.$' could not be found in the input 'null'");
    }

    @Test
    void variablesAreReadableThroughPathsIntoTheirValue() {
        Runs.of("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Assign":{"cfg":{"items":[{"id":"a"},{"id":"b"}]}},"Next":"B"},
                  "B":{"Type":"Pass","Parameters":{"second.$":"$cfg.items[1].id"},"End":true}}}""")
                .run().assertSucceeded("{\"second\":\"b\"}");
    }

    @Test
    void noAssignedVariablesMemberWithoutAssign() {
        Runs.Result r = Runs.of("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""").run();

        assertThat(r.details(3).has("assignedVariables")).isFalse();
        assertThat(r.details(3).has("assignedVariablesDetails")).isFalse();
    }
}
