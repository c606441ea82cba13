package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import org.junit.jupiter.api.Test;

class JsonFunctionsTest {

    @Test
    void stringToJsonParsesEveryJsonType() {
        String input = "{\"o\": \"{\\\"a\\\": [1, 2.5, \\\"x\\\"]}\", \"i\": \"7\", \"d\": \"2.5\", \"b\": \"true\","
                + " \"s\": \"\\\"hi\\\"\", \"n\": \"null\", \"z\": \"-0\"}";
        assertJson(eval("States.StringToJson($.o)", input), "{\"a\":[1,2.5,\"x\"]}");
        assertJson(eval("States.StringToJson($.i)", input), "7");
        assertJson(eval("States.StringToJson($.d)", input), "2.5");
        assertJson(eval("States.StringToJson($.b)", input), "true");
        assertJson(eval("States.StringToJson($.s)", input), "\"hi\"");
        assertJson(eval("States.StringToJson($.n)", input), "null");
        assertJson(eval("States.StringToJson($.z)", input), "0");
    }

    @Test
    void stringToJsonOfLiteral() {
        assertJson(eval("States.StringToJson('{\"k\": \"false\"}')"), "{\"k\":\"false\"}");
    }

    @Test
    void stringToJsonOfBlankTextIsNull() {
        assertJson(eval("States.StringToJson('')"), "null");
        assertJson(eval("States.StringToJson(' \t ')"), "null");
    }

    @Test
    void stringToJsonRejectsInvalidJson() {
        String expr = "States.StringToJson($.s)";
        assertThat(failure(expr, "{\"s\": \"{not json\"}")).isEqualTo(invalidArguments(expr, "States.StringToJson"));
        assertThat(failure(expr, "{\"s\": \"1 2\"}")).isEqualTo(invalidArguments(expr, "States.StringToJson"));
    }

    @Test
    void stringToJsonRejectsNonString() {
        String expr = "States.StringToJson($.s)";
        assertThat(failure(expr, "{\"s\": {\"a\": 1}}")).isEqualTo(invalidArguments(expr, "States.StringToJson"));
        assertThat(failure(expr, "{\"s\": null}")).isEqualTo(invalidArguments(expr, "States.StringToJson"));
    }

    @Test
    void jsonToStringWritesCompactJson() {
        String input = "{\"o\": {\"Arg1\": 1, \"Arg2\": [ ]}, \"a\": [1, 2, \"x\"], \"s\": \"x\", \"d\": 1.1, \"n\": null, \"t\": true}";
        assertJson(eval("States.JsonToString($.o)", input), "\"{\\\"Arg1\\\":1,\\\"Arg2\\\":[]}\"");
        assertJson(eval("States.JsonToString($.a)", input), "\"[1,2,\\\"x\\\"]\"");
        assertJson(eval("States.JsonToString($.s)", input), "\"\\\"x\\\"\"");
        assertJson(eval("States.JsonToString($.d)", input), "\"1.1\"");
        assertJson(eval("States.JsonToString($.n)", input), "\"null\"");
        assertJson(eval("States.JsonToString($.t)", input), "\"true\"");
    }

    @Test
    void jsonMergeIsShallowAndTheSecondObjectWins() {
        assertJson(eval("States.JsonMerge($.json1, $.json2, false)",
                "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}"),
                "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}");
    }

    @Test
    void jsonMergeWithNestedCall() {
        assertJson(eval("States.JsonMerge(States.StringToJson('{\"x\": 1}'), $.o, false)", "{\"o\": {\"y\": 2}}"),
                "{\"x\":1,\"y\":2}");
    }

    @Test
    void jsonMergeRejectsDeepMode() {
        String expr = "States.JsonMerge($.a, $.b, true)";
        assertThat(failure(expr, "{\"a\": {}, \"b\": {}}")).isEqualTo(invalidArguments(expr, "States.JsonMerge"));
    }

    @Test
    void jsonMergeRejectsNonBooleanMode() {
        String expr = "States.JsonMerge($.a, $.b, 'false')";
        assertThat(failure(expr, "{\"a\": {}, \"b\": {}}")).isEqualTo(invalidArguments(expr, "States.JsonMerge"));
    }

    @Test
    void jsonMergeRejectsNonObjects() {
        String expr = "States.JsonMerge($.a, $.b, false)";
        assertThat(failure(expr, "{\"a\": [], \"b\": {}}")).isEqualTo(invalidArguments(expr, "States.JsonMerge"));
        assertThat(failure(expr, "{\"a\": {}, \"b\": \"x\"}")).isEqualTo(invalidArguments(expr, "States.JsonMerge"));
    }

    @Test
    void jsonFunctionsDoNotModifyTheirArguments() {
        JsonNode input = json("{\"a\": {\"k\": 1, \"n\": {\"x\": 1}}, \"b\": {\"k\": 2, \"m\": 3}}");
        JsonNode before = input.deepCopy();
        JsonNode merged = IntrinsicTesting.eval("States.JsonMerge($.a, $.b, false)", input, RandomSource.seeded(1));
        assertJson(merged, "{\"k\":2,\"n\":{\"x\":1},\"m\":3}");
        assertThat(input).isEqualTo(before);
    }
}
