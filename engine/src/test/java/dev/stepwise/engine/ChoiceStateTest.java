package dev.stepwise.engine;

import static dev.stepwise.engine.Runs.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Choice state: every comparison operator and its …Path form, And/Or/Not, Default, no match. */
@Timeout(10)
class ChoiceStateTest {

    /** Runs a Choice with one rule leading to "Yes" and Default "No"; returns which one was taken. */
    private static String choose(String rule, String input) {
        Runs.Result r = Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[%s],"Default":"No"},
                  "Yes":{"Type":"Pass","Result":"yes","End":true},
                  "No":{"Type":"Pass","Result":"no","End":true}}}""".formatted(rule)).input(input).run();
        assertThat(r.status()).as("%s: %s", r.error(), r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return r.output().asText();
    }

    private static String rule(String variable, String operator, String operand) {
        return "{\"Variable\":\"" + variable + "\",\"" + operator + "\":" + operand + ",\"Next\":\"Yes\"}";
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\"          | StringEquals             | \"abc\"                   | yes",
            "\"abc\"          | StringEquals             | \"abd\"                   | no",
            "1                | StringEquals             | \"1\"                     | no",
            "\"abc\"          | StringLessThan           | \"abd\"                   | yes",
            "\"abc\"          | StringLessThan           | \"abc\"                   | no",
            "\"b\"            | StringGreaterThan        | \"a\"                     | yes",
            "\"a\"            | StringGreaterThan        | \"b\"                     | no",
            "\"abc\"          | StringLessThanEquals     | \"abc\"                   | yes",
            "\"abd\"          | StringLessThanEquals     | \"abc\"                   | no",
            "\"abc\"          | StringGreaterThanEquals  | \"abc\"                   | yes",
            "\"abb\"          | StringGreaterThanEquals  | \"abc\"                   | no",
            "\"B\"            | StringLessThan           | \"a\"                     | yes",
            "1                | NumericEquals            | 1                         | yes",
            "1                | NumericEquals            | 1.0                       | yes",
            "1.5              | NumericEquals            | 1.50                      | yes",
            "\"1\"            | NumericEquals            | 1                         | no",
            "-1               | NumericLessThan          | 0                         | yes",
            "0                | NumericLessThan          | 0                         | no",
            "2.5              | NumericGreaterThan       | 2                         | yes",
            "2                | NumericGreaterThan       | 2                         | no",
            "2                | NumericLessThanEquals    | 2                         | yes",
            "3                | NumericLessThanEquals    | 2                         | no",
            "2                | NumericGreaterThanEquals | 2                         | yes",
            "1                | NumericGreaterThanEquals | 2                         | no",
            "true             | BooleanEquals            | true                      | yes",
            "false            | BooleanEquals            | true                      | no",
            "\"true\"         | BooleanEquals            | true                      | no",
            "\"2024-01-01T00:00:00Z\"      | TimestampEquals            | \"2024-01-01T00:00:00Z\"      | yes",
            "\"2024-01-01T01:00:00+01:00\" | TimestampEquals            | \"2024-01-01T00:00:00Z\"      | yes",
            "\"2024-01-01T00:00:00Z\"      | TimestampLessThan          | \"2024-01-01T00:00:01Z\"      | yes",
            "\"2024-01-01T00:00:01Z\"      | TimestampLessThan          | \"2024-01-01T00:00:00Z\"      | no",
            "\"2024-01-02T00:00:00Z\"      | TimestampGreaterThan       | \"2024-01-01T00:00:00Z\"      | yes",
            "\"2024-01-01T00:00:00Z\"      | TimestampGreaterThan       | \"2024-01-01T00:00:00Z\"      | no",
            "\"2024-01-01T00:00:00Z\"      | TimestampLessThanEquals    | \"2024-01-01T00:00:00Z\"      | yes",
            "\"2024-01-01T00:00:00Z\"      | TimestampGreaterThanEquals | \"2024-01-01T00:00:00Z\"      | yes",
            "\"2024-01-01T00:00:00Z\"      | TimestampGreaterThanEquals | \"2024-01-01T00:00:01Z\"      | no",
            "\"not a time\"                | TimestampEquals            | \"2024-01-01T00:00:00Z\"      | no",
    })
    void comparisonOperators(String value, String operator, String operand, String taken) {
        assertThat(choose(rule("$.v", operator, operand), "{\"v\":" + value + "}")).isEqualTo(taken);
    }

    @ParameterizedTest(name = "{0} {1} $.other={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\" | StringEqualsPath               | \"abc\" | yes",
            "\"abc\" | StringEqualsPath               | \"x\"   | no",
            "\"a\"   | StringLessThanPath             | \"b\"   | yes",
            "\"b\"   | StringGreaterThanPath          | \"a\"   | yes",
            "\"a\"   | StringLessThanEqualsPath       | \"a\"   | yes",
            "\"a\"   | StringGreaterThanEqualsPath    | \"b\"   | no",
            "3       | NumericEqualsPath              | 3.0     | yes",
            "3       | NumericEqualsPath              | \"3\"   | no",
            "2       | NumericLessThanPath            | 3       | yes",
            "4       | NumericGreaterThanPath         | 3       | yes",
            "3       | NumericLessThanEqualsPath      | 3       | yes",
            "2       | NumericGreaterThanEqualsPath   | 3       | no",
            "true    | BooleanEqualsPath              | true    | yes",
            "true    | BooleanEqualsPath              | false   | no",
            "\"2024-01-01T00:00:00Z\" | TimestampEqualsPath             | \"2024-01-01T00:00:00Z\" | yes",
            "\"2024-01-01T00:00:00Z\" | TimestampLessThanPath           | \"2024-01-02T00:00:00Z\" | yes",
            "\"2024-01-03T00:00:00Z\" | TimestampGreaterThanPath        | \"2024-01-02T00:00:00Z\" | yes",
            "\"2024-01-02T00:00:00Z\" | TimestampLessThanEqualsPath     | \"2024-01-02T00:00:00Z\" | yes",
            "\"2024-01-01T00:00:00Z\" | TimestampGreaterThanEqualsPath  | \"2024-01-02T00:00:00Z\" | no",
    })
    void pathOperatorsCompareWithTheValueAtTheirPath(String value, String operator, String other, String taken) {
        assertThat(choose(rule("$.v", operator, "\"$.other\""), "{\"v\":" + value + ",\"other\":" + other + "}"))
                .isEqualTo(taken);
    }

    @Test
    void pathOperandMayReadTheContextObject() {
        assertThat(choose(rule("$.v", "StringEqualsPath", "\"$$.Execution.Name\""), "{\"v\":\"run1\"}")).isEqualTo("yes");
    }

    @ParameterizedTest(name = "{0} matches {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "log-*.txt          | log-2024.txt   | yes",
            "log-*.txt          | log-.txt       | yes",
            "log-*.txt          | log-2024.json  | no",
            "*                  | anything       | yes",
            "*                  | ''             | yes",
            "a*b*c              | aXXbYYc        | yes",
            "a*b*c              | acb            | no",
            "exact              | exact          | yes",
            "exact              | exactly        | no",
            "star\\\\*          | star*          | yes",
            "star\\\\*          | starry         | no",
            "back\\\\\\\\slash  | back\\\\slash  | yes",
    })
    void stringMatchesWildcardsAndEscapes(String pattern, String value, String taken) {
        // the CSV holds the pattern as it appears inside the JSON string literal of the definition
        String valueJson = "\"" + value + "\"";
        assertThat(choose(rule("$.v", "StringMatches", "\"" + pattern + "\""), "{\"v\":" + valueJson + "}"))
                .isEqualTo(taken);
    }

    @Test
    void stringMatchesOnANonStringIsFalse() {
        assertThat(choose(rule("$.v", "StringMatches", "\"*\""), "{\"v\":1}")).isEqualTo("no");
    }

    @ParameterizedTest(name = "{1} {2} on {0} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "null                     | IsNull      | true  | yes",
            "1                        | IsNull      | true  | no",
            "1                        | IsNull      | false | yes",
            "1                        | IsNumeric   | true  | yes",
            "1.5                      | IsNumeric   | true  | yes",
            "\"1\"                    | IsNumeric   | true  | no",
            "\"s\"                    | IsString    | true  | yes",
            "1                        | IsString    | true  | no",
            "false                    | IsBoolean   | true  | yes",
            "\"false\"                | IsBoolean   | true  | no",
            "\"2024-01-01T00:00:00Z\" | IsTimestamp | true  | yes",
            "\"2024-01-01\"           | IsTimestamp | true  | no",
            "1                        | IsTimestamp | false | yes",
            "{}                       | IsPresent   | true  | yes",
            "null                     | IsPresent   | true  | yes",
    })
    void typeTests(String value, String operator, String operand, String taken) {
        assertThat(choose(rule("$.v", operator, operand), "{\"v\":" + value + "}")).isEqualTo(taken);
    }

    @Test
    void isPresentOnAMissingFieldIsFalseAndDoesNotFail() {
        assertThat(choose(rule("$.missing", "IsPresent", "true"), "{}")).isEqualTo("no");
        assertThat(choose(rule("$.missing", "IsPresent", "false"), "{}")).isEqualTo("yes");
    }

    @Test
    void aComparisonOnAMissingVariableFailsWithStatesRuntime() {
        Runs.Result r = Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.missing","StringEquals":"x","Next":"Y"}],"Default":"Y"},
                  "Y":{"Type":"Succeed"}}}""").run();

        r.assertFailed("States.Runtime", "An error occurred while executing the state 'C' (entered at the event id #2). "
                + "Invalid path '$.missing': The choice state's condition path references an invalid value.");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 ChoiceStateEntered <0", "3 ExecutionFailed <2");
    }

    @Test
    void andNeedsEveryCondition() {
        String and = "{\"And\":[" + cond("$.a", "NumericEquals", "1") + "," + cond("$.b", "NumericEquals", "2")
                + "],\"Next\":\"Yes\"}";
        assertThat(choose(and, "{\"a\":1,\"b\":2}")).isEqualTo("yes");
        assertThat(choose(and, "{\"a\":1,\"b\":3}")).isEqualTo("no");
    }

    @Test
    void orNeedsOneCondition() {
        String or = "{\"Or\":[" + cond("$.a", "NumericEquals", "1") + "," + cond("$.b", "NumericEquals", "2")
                + "],\"Next\":\"Yes\"}";
        assertThat(choose(or, "{\"a\":0,\"b\":2}")).isEqualTo("yes");
        assertThat(choose(or, "{\"a\":0,\"b\":0}")).isEqualTo("no");
    }

    @Test
    void orStopsAtTheFirstTrueCondition() {
        // the second condition would fail on its missing variable if it were evaluated
        String or = "{\"Or\":[" + cond("$.a", "NumericEquals", "1") + "," + cond("$.missing", "NumericEquals", "2")
                + "],\"Next\":\"Yes\"}";
        assertThat(choose(or, "{\"a\":1}")).isEqualTo("yes");
    }

    @Test
    void notInvertsItsCondition() {
        String not = "{\"Not\":" + cond("$.a", "StringEquals", "\"x\"") + ",\"Next\":\"Yes\"}";
        assertThat(choose(not, "{\"a\":\"y\"}")).isEqualTo("yes");
        assertThat(choose(not, "{\"a\":\"x\"}")).isEqualTo("no");
    }

    @Test
    void nestedBooleanOperators() {
        String rule = "{\"And\":[{\"Not\":" + cond("$.a", "IsNull", "true") + "},{\"Or\":["
                + cond("$.a", "NumericGreaterThan", "10") + "," + cond("$.a", "NumericLessThan", "0") + "]}],\"Next\":\"Yes\"}";
        assertThat(choose(rule, "{\"a\":11}")).isEqualTo("yes");
        assertThat(choose(rule, "{\"a\":5}")).isEqualTo("no");
        assertThat(choose(rule, "{\"a\":null}")).isEqualTo("no");
    }

    private static String cond(String variable, String operator, String operand) {
        return "{\"Variable\":\"" + variable + "\",\"" + operator + "\":" + operand + "}";
    }

    @Test
    void theFirstMatchingRuleWins() {
        Runs.Result r = Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[
                    {"Variable":"$.n","NumericGreaterThan":0,"Next":"First"},
                    {"Variable":"$.n","NumericGreaterThan":1,"Next":"Second"}]},
                  "First":{"Type":"Pass","Result":1,"End":true},
                  "Second":{"Type":"Pass","Result":2,"End":true}}}""").input("{\"n\":5}").run();

        r.assertSucceeded("1");
    }

    @Test
    void choiceRecordsEnteredAndExitedAndPassesItsInputOn() {
        Runs.Result r = Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","InputPath":"$.in","OutputPath":"$.x",
                       "Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"S"}]},
                  "S":{"Type":"Succeed"}}}""").input("{\"in\":{\"x\":1}}").run();

        r.assertSucceeded("1");
        assertThat(r.trace()).containsExactly(
                "1 ExecutionStarted <0",
                "2 ChoiceStateEntered <0",
                "3 ChoiceStateExited <2",
                "4 SucceedStateEntered <3",
                "5 SucceedStateExited <4",
                "6 ExecutionSucceeded <5");
        assertJson(r.details(3), """
                {"name":"C","output":"1","outputDetails":{"truncated":false}}""");
    }

    @Test
    void defaultIsTakenWhenNoRuleMatches() {
        assertThat(choose(rule("$.v", "StringEquals", "\"a\""), "{\"v\":\"b\"}")).isEqualTo("no");
    }

    /** The cause "No Matches!" is the engine's wording; no AWS recording of it was found. */
    @Test
    void noMatchWithoutDefaultFailsWithNoChoiceMatched() {
        Runs.Result r = Runs.of("""
                {"StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEquals":"a","Next":"S"}]},
                  "S":{"Type":"Succeed"}}}""").input("{\"v\":\"b\"}").run();

        r.assertFailed("States.NoChoiceMatched", "No Matches!");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 ChoiceStateEntered <0", "3 ExecutionFailed <2");
    }

    @Test
    void jsonataConditionPicksTheRuleAndOutputShapesTheOutput() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[
                    {"Condition":"{% $states.input.n > 3 %}","Output":{"big":"{% $states.input.n %}"},"Next":"S"}],
                   "Default":"S","Output":{"small":true}},
                  "S":{"Type":"Succeed"}}}""").input("{\"n\":4}").run();

        r.assertSucceeded("{\"big\":4}");
    }

    @Test
    void jsonataDefaultUsesTheStatesOwnOutput() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[
                    {"Condition":"{% $states.input.n > 3 %}","Output":{"big":true},"Next":"S"}],
                   "Default":"S","Output":{"small":"{% $states.input.n %}"}},
                  "S":{"Type":"Succeed"}}}""").input("{\"n\":1}").run();

        r.assertSucceeded("{\"small\":1}");
    }

    @Test
    void jsonataConditionThatIsNotBooleanFailsWithQueryEvaluationError() {
        Runs.Result r = Runs.of("""
                {"QueryLanguage":"JSONata","StartAt":"C","States":{
                  "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n %}","Next":"S"}],"Default":"S"},
                  "S":{"Type":"Succeed"}}}""").input("{\"n\":1}").run();

        r.assertFailed("States.QueryEvaluationError", "An error occurred while executing the state 'C' (entered at the event id #2). "
                + "The JSONata expression '$states.input.n' specified for the field 'Condition' returned an unexpected result type. "
                + "Expected 'boolean', but was 'number' for value: 1");
        assertThat(r.trace()).containsExactly("1 ExecutionStarted <0", "2 ChoiceStateEntered <0",
                "3 EvaluationFailed <2", "4 ExecutionFailed <3");
        assertJson(r.details(3), """
                {"error":"States.QueryEvaluationError","cause":"An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression '$states.input.n' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1",
                 "location":"Condition","state":"C"}""");
    }
}
