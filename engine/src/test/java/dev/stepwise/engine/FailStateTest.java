package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Fail and Succeed states: how a block ends, with Error and Cause given literally, by path or by expression. */
@Timeout(10)
class FailStateTest {

    private static Runs.Result fail(String fields, String input) {
        return Runs.of("{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\"" + (fields.isEmpty() ? "" : "," + fields)
                + "}}}").input(input).run();
    }

    @Test
    void failEndsTheExecutionWithItsErrorAndCause() {
        Runs.Result r = fail("\"Error\":\"MyError\",\"Cause\":\"it went wrong\"", "{\"a\":1}");

        r.assertFailed("MyError", "it went wrong");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 FailStateEntered <0", "3 ExecutionFailed <2");
        assertJson(r.details(3), "{\"error\":\"MyError\",\"cause\":\"it went wrong\"}");
        ObjectNode describe = r.describe();
        assertThat(describe.get("status").asText()).isEqualTo("FAILED");
        assertThat(describe.get("error").asText()).isEqualTo("MyError");
        assertThat(describe.get("cause").asText()).isEqualTo("it went wrong");
        assertThat(describe.has("output")).isFalse();
    }

    /** As AWS recorded (scenarios/test_map_state_catch_empty_fail): ExecutionFailed with empty details. */
    @Test
    void failWithoutErrorOrCauseRecordsEmptyDetails() {
        Runs.Result r = fail("", "{}");

        r.assertFailed(null, null);
        assertJson(r.details(3), "{}");
        ObjectNode describe = r.describe();
        assertThat(describe.has("error")).isFalse();
        assertThat(describe.has("cause")).isFalse();
    }

    @Test
    void failWithOnlyAnError() {
        Runs.Result r = fail("\"Error\":\"E\"", "{}");

        r.assertFailed("E", null);
        assertJson(r.details(3), "{\"error\":\"E\"}");
    }

    @Test
    void errorPathAndCausePathReadTheInput() {
        fail("\"ErrorPath\":\"$.err.name\",\"CausePath\":\"$.err.why\"", "{\"err\":{\"name\":\"Bad\",\"why\":\"because\"}}")
                .assertFailed("Bad", "because");
    }

    @Test
    void errorPathAndCausePathMayReadTheContextObject() {
        fail("\"ErrorPath\":\"$$.State.Name\",\"CausePath\":\"$$.Execution.Name\"", "{}").assertFailed("F", "run1");
    }

    @Test
    void errorPathAndCausePathMayReadVariables() {
        Runs.of("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"e":"VarError"},"Next":"F"},
                 "F":{"Type":"Fail","ErrorPath":"$e","Cause":"literal"}}}""").run().assertFailed("VarError", "literal");
    }

    /**
     * The developer guide's Fail state page: ErrorPath and CausePath may be "an intrinsic function that
     * returns a string" (States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode,
     * States.Base64Decode, States.Hash, States.UUID).
     */
    @Test
    void errorPathAndCausePathMayCallStringIntrinsics() {
        fail("\"ErrorPath\":\"States.Format('{}Error', $.kind)\",\"CausePath\":\"States.JsonToString($.detail)\"",
                "{\"kind\":\"Io\",\"detail\":{\"code\":7}}").assertFailed("IoError", "{\"code\":7}");
        fail("\"ErrorPath\":\"States.ArrayGetItem($.names, 1)\",\"CausePath\":\"States.Base64Decode($.b64)\"",
                "{\"names\":[\"A\",\"B\"],\"b64\":\"aGk=\"}").assertFailed("B", "hi");
    }

    /** The state F fails with States.Runtime and this cause, after AWS's prefix naming the state. */
    private static void assertRuntimeFailure(String fields, String input, String cause) {
        fail(fields, input).assertFailed("States.Runtime",
                "An error occurred while executing the state 'F' (entered at the event id #2). " + cause);
    }

    /** The cause's wording is the engine's; no AWS recording of this failure was found. */
    @Test
    void errorPathToANonStringFailsWithStatesRuntime() {
        assertRuntimeFailure("\"ErrorPath\":\"$.e\"", "{\"e\":1}", "The ErrorPath field must resolve to a string, but was 1");
        assertRuntimeFailure("\"ErrorPath\":\"States.ArrayGetItem($.e, 0)\"", "{\"e\":[true]}",
                "The ErrorPath field must resolve to a string, but was true");
    }

    /**
     * ErrorPath and CausePath are evaluated as a {@code "key.$"} value is, so a path that selects
     * nothing fails as in a payload template, the field named as the definition writes it.
     */
    @Test
    void errorPathOrCausePathSelectingNothingFailsAsAPayloadTemplatePathDoes() {
        assertRuntimeFailure("\"Error\":\"E\",\"CausePath\":\"$.missing\"", "{\"a\":1}",
                "The JSONPath '$.missing' specified for the field 'CausePath' could not be found in the input '{\"a\":1}'");
        assertRuntimeFailure("\"ErrorPath\":\"$['no such']\"", "{}",
                "The JSONPath '$['no such']' specified for the field 'ErrorPath' could not be found in the input '{}'");
    }

    /** An intrinsic whose path argument selects nothing fails as every intrinsic call does. */
    @Test
    void anIntrinsicInErrorPathFailsAsIntrinsicsDo() {
        assertRuntimeFailure("\"ErrorPath\":\"States.Format('{}', $.kind)\"", "{}",
                "The function 'States.Format('{}', $.kind)' had the following error: "
                        + "The JsonPath argument for the field '$.kind' could not be found in the input '{}'");
    }

    @Test
    void jsonataErrorAndCauseAreExpressions() {
        Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"F","States":{"F":{"Type":"Fail",
                  "Error":"{% $states.input.code & 'Error' %}","Cause":"{% 'count ' & $string($states.input.n) %}"}}}""")
                .input("{\"code\":\"Http\",\"n\":3}").run().assertFailed("HttpError", "count 3");
    }

    @Test
    void aFailStateInsideAParallelBranchFailsTheParallelState() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,
                  "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Inner","Cause":"c"}}}]}}}""").run();

        r.assertFailed("Inner", "c");
        assertThat(r.types()).containsExactly("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                "FailStateEntered", "ParallelStateFailed", "ExecutionFailed");
    }

    /**
     * Undetermined on AWS: a failure with no error name is matched by no catcher, not even
     * States.ALL (the recording scenarios/test_map_state_catch_empty_fail has none that could).
     */
    @Test
    void aFailureWithoutAnErrorNameIsNotCaught() {
        Runs.Result r = Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,
                  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],
                  "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail"}}}]},
                 "H":{"Type":"Succeed"}}}""").run();

        r.assertFailed(null, null);
        assertJson(r.last().get("executionFailedEventDetails"), "{}");
    }

    // ---- Succeed

    @Test
    void succeedEndsTheExecutionWithItsProcessedInput() {
        Runs.Result r = Runs.of("""
                {"StartAt":"S","States":{"S":{"Type":"Succeed","InputPath":"$.a","OutputPath":"$.b"}}}""")
                .input("{\"a\":{\"b\":2}}").run();

        r.assertSucceeded("2");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 SucceedStateEntered <0",
                "3 SucceedStateExited <2", "4 ExecutionSucceeded <3");
        ObjectNode describe = r.describe();
        assertThat(describe.get("output").asText()).isEqualTo("2");
        assertThat(describe.has("error")).isFalse();
    }

    @Test
    void succeedInsideABranchEndsOnlyThatBranch() {
        Runs.of("""
                {"StartAt":"Par","States":{"Par":{"Type":"Parallel","Next":"After",
                  "Branches":[{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}]},
                 "After":{"Type":"Pass","Result":"after","End":true}}}""").run().assertSucceeded("\"after\"");
    }
}
