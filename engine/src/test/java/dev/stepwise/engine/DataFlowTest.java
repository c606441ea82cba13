package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.runtime.TaskDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JSONPath input and output processing: InputPath, Parameters, ResultSelector, ResultPath and
 * OutputPath, their null forms, payload templates and the context object.
 */
@Timeout(10)
class DataFlowTest {

    private static Runs.Result pass(String fields, String input) {
        return Runs.of("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\"," + fields + ",\"End\":true}}}")
                .input(input).run();
    }

    // ---- InputPath

    @Test
    void inputPathSelectsTheEffectiveInput() {
        pass("\"InputPath\":\"$.a\"", "{\"a\":{\"b\":1},\"c\":2}").assertSucceeded("{\"b\":1}");
    }

    @Test
    void inputPathNullGivesAnEmptyObject() {
        pass("\"InputPath\":null", "{\"a\":1}").assertSucceeded("{}");
    }

    @Test
    void inputPathDollarIsTheWholeInput() {
        pass("\"InputPath\":\"$\"", "{\"a\":1}").assertSucceeded("{\"a\":1}");
    }

    @Test
    void inputPathMatchingNothingFailsWithStatesRuntime() {
        Runs.Result r = pass("\"InputPath\":\"$.missing.x\"", "{\"a\":1}");

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'P' (entered at the event id #2). "
                + "Invalid path '$.missing.x' : No results for path: $['missing']['x']");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 PassStateEntered <0", "3 ExecutionFailed <2");
        assertJson(r.details(3), """
                {"error":"States.Runtime","cause":"An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing.x' : No results for path: $['missing']['x']"}""");
    }

    // ---- field names in bracket notation, with escape sequences (Jayway JsonPath's, which AWS's paths follow)

    @Test
    void bracketNotationReadsNamesWithDotsSpacesQuotesAndBackslashes() {
        Runs.of("""
                {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
                  "dot.$":"$['a.b']","space.$":"$['weird key']","quote.$":"$[\\"quo\\\\\\"te\\"]",
                  "apostrophe.$":"$['it\\\\'s']","backslash.$":"$['back\\\\\\\\slash']",
                  "format.$":"States.Format('{}', $['weird key'])"},"End":true}}}""")
                .input("""
                        {"a.b":1,"weird key":2,"quo\\"te":3,"it's":4,"back\\\\slash":5}""")
                .run().assertSucceeded("""
                        {"dot":1,"space":2,"quote":3,"apostrophe":4,"backslash":5,"format":"2"}""");
    }

    @Test
    void resultPathWritesTheMemberItsBracketedNameReads() {
        pass("""
                "Result":1,"ResultPath":"$['back\\\\\\\\slash']\"""", "{}").assertSucceeded("""
                {"back\\\\slash":1}""");
        pass("""
                "Result":1,"ResultPath":"$.o.[\\"x \\\\\\"y\\\\\\"\\"][0]\"""", "{\"o\":{\"x \\\"y\\\"\":[0]}}")
                .assertSucceeded("""
                        {"o":{"x \\"y\\"":[1]}}""");
    }

    /** AWS's cause is Jayway's: "No results for path:" with the path bracketed and its names unescaped. */
    @Test
    void aPathMatchingNothingIsShownWithItsNamesUnescaped() {
        pass("""
                "InputPath":"$['it\\\\'s'].x\"""", "{\"it's\":{}}").assertFailed("States.Runtime",
                "An error occurred while executing the state 'P' (entered at the event id #2). "
                        + "Invalid path '$['it\\'s'].x' : No results for path: $['it's']['x']");
    }

    @Test
    void inputPathMayReadTheContextObject() {
        pass("\"InputPath\":\"$$.Execution.Name\"", "{}").assertSucceeded("\"run1\"");
    }

    // ---- Parameters

    @Test
    void parametersKeysEndingInDollarTakeTheirValueFromAPath() {
        pass("\"Parameters\":{\"flag\":true,\"copy.$\":\"$.a\",\"nested\":{\"deep.$\":\"$.b[1]\"},\"list\":[{\"x.$\":\"$.a\"},2]}",
                "{\"a\":\"A\",\"b\":[10,20]}")
                .assertSucceeded("{\"flag\":true,\"copy\":\"A\",\"nested\":{\"deep\":20},\"list\":[{\"x\":\"A\"},2]}");
    }

    @Test
    void parametersApplyAfterInputPath() {
        pass("\"InputPath\":\"$.inner\",\"Parameters\":{\"v.$\":\"$.v\"}", "{\"inner\":{\"v\":5},\"v\":1}")
                .assertSucceeded("{\"v\":5}");
    }

    @Test
    void parametersMayCallIntrinsicFunctions() {
        pass("\"Parameters\":{\"greeting.$\":\"States.Format('Hello, {}!', $.name)\",\"n.$\":\"States.MathAdd($.n, 2)\"}",
                "{\"name\":\"Ada\",\"n\":40}")
                .assertSucceeded("{\"greeting\":\"Hello, Ada!\",\"n\":42}");
    }

    @Test
    void parametersPathMatchingNothingFailsWithStatesRuntime() {
        pass("\"Parameters\":{\"x.$\":\"$.missing\"}", "{\"a\":1}")
                .assertFailed("States.Runtime", "An error occurred while executing the state 'P' (entered at the event id #2). "
                        + "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'");
    }

    @Test
    void parametersReadTheContextObject() {
        Runs.Result r = pass("""
                "Parameters":{"exec.$":"$$.Execution.Id","name.$":"$$.Execution.Name","start.$":"$$.Execution.StartTime",
                  "role.$":"$$.Execution.RoleArn","in.$":"$$.Execution.Input","redrives.$":"$$.Execution.RedriveCount",
                  "sm.$":"$$.StateMachine.Id","smName.$":"$$.StateMachine.Name",
                  "state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime"}""", "{\"k\":1}");

        r.assertSucceeded("""
                {"exec":"%s","name":"run1","start":"2024-01-01T00:00:00.000Z","role":"%s","in":{"k":1},"redrives":0,
                 "sm":"%s","smName":"machine","state":"P","entered":"2024-01-01T00:00:00.000Z"}"""
                .formatted(Runs.EXECUTION_ARN, Runs.ROLE_ARN, Runs.MACHINE_ARN));
    }

    @Test
    void contextObjectOfAPassStateHasExecutionStateMachineAndState() {
        pass("\"Parameters\":{\"ctx.$\":\"$$\"}", "{\"k\":1}").assertSucceeded("""
                {"ctx":{"Execution":{"Id":"%s","Input":{"k":1},"StartTime":"2024-01-01T00:00:00.000Z","Name":"run1",
                  "RoleArn":"%s","RedriveCount":0},
                 "StateMachine":{"Id":"%s","Name":"machine"},
                 "State":{"Name":"P","EnteredTime":"2024-01-01T00:00:00.000Z"}}}"""
                .formatted(Runs.EXECUTION_ARN, Runs.ROLE_ARN, Runs.MACHINE_ARN));
    }

    @Test
    void stateEnteredTimeIsWhenTheStateWasEntered() {
        Runs.Result r = Runs.of("""
                {"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":90,"Next":"P"},
                  "P":{"Type":"Pass","Parameters":{"entered.$":"$$.State.EnteredTime","start.$":"$$.Execution.StartTime"},"End":true}}}""")
                .run();

        r.assertSucceeded("{\"entered\":\"2024-01-01T00:01:30.000Z\",\"start\":\"2024-01-01T00:00:00.000Z\"}");
    }

    // ---- ResultSelector

    @Test
    void resultSelectorReshapesTheResultBeforeResultPath() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","ResultSelector":{"first.$":"$[0]","all.$":"$"},
                  "ResultPath":"$.r","End":true,
                  "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"End":true}}},
                              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":2,"End":true}}}]}}}""")
                .input("{\"in\":0}").run();

        r.assertSucceeded("{\"in\":0,\"r\":{\"first\":1,\"all\":[1,2]}}");
    }

    @Test
    void resultSelectorReadsTheTaskResultNotTheInput() {
        TaskDispatcher tasks = (origin, task, signals) -> signals.accept(new Signal.TaskSucceeded(task.taskId(),
                Runs.json("{\"Payload\":{\"v\":7},\"StatusCode\":200}")));
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"FunctionName":"f"},"ResultSelector":{"v.$":"$.Payload.v"},"End":true}}}""")
                .input("{\"Payload\":{\"v\":0}}").tasks(tasks).run();

        r.assertSucceeded("{\"v\":7}");
    }

    // ---- ResultPath

    @Test
    void resultPathDollarReplacesTheInput() {
        pass("\"Result\":{\"r\":1},\"ResultPath\":\"$\"", "{\"a\":1}").assertSucceeded("{\"r\":1}");
    }

    @Test
    void resultPathNullDiscardsTheResultAndKeepsTheRawInput() {
        pass("\"InputPath\":\"$.a\",\"Result\":\"ignored\",\"ResultPath\":null", "{\"a\":{\"b\":1},\"c\":2}")
                .assertSucceeded("{\"a\":{\"b\":1},\"c\":2}");
    }

    @Test
    void resultPathPlacesTheResultIntoTheRawInputNotTheEffectiveInput() {
        pass("\"InputPath\":\"$.a\",\"ResultPath\":\"$.copy\"", "{\"a\":{\"b\":1}}")
                .assertSucceeded("{\"a\":{\"b\":1},\"copy\":{\"b\":1}}");
    }

    @Test
    void resultPathReplacesAnExistingMember() {
        pass("\"Result\":2,\"ResultPath\":\"$.a\"", "{\"a\":1,\"b\":1}").assertSucceeded("{\"a\":2,\"b\":1}");
    }

    @Test
    void resultPathCreatesTheIntermediateObjects() {
        pass("\"Result\":true,\"ResultPath\":\"$.a.b.c\"", "{\"a\":{\"z\":1}}")
                .assertSucceeded("{\"a\":{\"z\":1,\"b\":{\"c\":true}}}");
    }

    @Test
    void resultPathIntoAnArrayElement() {
        pass("\"Result\":\"x\",\"ResultPath\":\"$.list[1]\"", "{\"list\":[1,2,3]}")
                .assertSucceeded("{\"list\":[1,\"x\",3]}");
    }

    /** The cause's wording is the engine's: no AWS recording of this failure was found. */
    @Test
    void resultPathThroughANonObjectFailsWithResultPathMatchFailure() {
        pass("\"Result\":1,\"ResultPath\":\"$.x\"", "[1,2]")
                .assertFailed("States.ResultPathMatchFailure", "An error occurred while executing the state 'P' "
                        + "(entered at the event id #2). Unable to apply ReferencePath $.x to input [1,2]");
    }

    // ---- OutputPath

    @Test
    void outputPathSelectsFromTheOutput() {
        pass("\"Result\":{\"keep\":1,\"drop\":2},\"OutputPath\":\"$.keep\"", "{}").assertSucceeded("1");
    }

    @Test
    void outputPathAppliesAfterResultPath() {
        pass("\"Result\":\"r\",\"ResultPath\":\"$.res\",\"OutputPath\":\"$.res\"", "{\"a\":1}").assertSucceeded("\"r\"");
    }

    @Test
    void outputPathNullGivesAnEmptyObject() {
        pass("\"OutputPath\":null", "{\"a\":1}").assertSucceeded("{}");
    }

    @Test
    void outputPathMatchingNothingFailsWithStatesRuntime() {
        Runs.Result r = pass("\"OutputPath\":\"$.nope\"", "{\"a\":1}");

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'P' (entered at the event id #2). "
                + "Invalid path '$.nope' : No results for path: $['nope']");
        assertThat(r.types()).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
    }

    @Test
    void outputPathMayReadTheContextObject() {
        pass("\"OutputPath\":\"$$.State.Name\"", "{}").assertSucceeded("\"P\"");
    }

    // ---- the whole chain, in order

    @Test
    void inputPathParametersResultSelectorResultPathOutputPathApplyInOrder() {
        TaskDispatcher echo = (origin, task, signals) -> signals.accept(new Signal.TaskSucceeded(task.taskId(),
                Runs.json("{\"echo\":" + dev.stepwise.asl.json.Json.write(task.input()) + "}")));
        Runs.Result r = Runs.of("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "InputPath":"$.req","Parameters":{"p.$":"$.v"},"ResultSelector":{"got.$":"$.echo.p"},
                  "ResultPath":"$.req.res","OutputPath":"$.req","End":true}}}""")
                .input("{\"req\":{\"v\":3},\"other\":true}").tasks(echo).run();

        r.assertSucceeded("{\"v\":3,\"res\":{\"got\":3}}");
        assertJson(r.details(3), """
                {"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{\\"p\\":3}"}""");
    }
}
