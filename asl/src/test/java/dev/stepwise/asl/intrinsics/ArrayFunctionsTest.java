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

class ArrayFunctionsTest {

    @Test
    void arrayCollectsArgumentsInOrder() {
        assertJson(eval("States.Array('Foo', 2020, $.someJson, null)", "{\"someJson\": {\"random\": \"abcdefg\"}}"),
                "[\"Foo\",2020,{\"random\":\"abcdefg\"},null]");
    }

    @Test
    void arrayWithoutArgumentsIsEmpty() {
        assertJson(eval("States.Array()"), "[]");
    }

    @Test
    void arrayPartitionMakesChunksOfTheGivenSize() {
        String input = "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}";
        assertJson(eval("States.ArrayPartition($.a, 4)", input), "[[1,2,3,4],[5,6,7,8],[9]]");
        assertJson(eval("States.ArrayPartition($.a, 3)", input), "[[1,2,3],[4,5,6],[7,8,9]]");
        assertJson(eval("States.ArrayPartition($.a, 1)", "{\"a\": [[1], {\"b\": 2}]}"), "[[[1]],[{\"b\":2}]]");
        assertJson(eval("States.ArrayPartition($.a, 2147483647)", input), "[[1,2,3,4,5,6,7,8,9]]");
    }

    @Test
    void arrayPartitionOfEmptyArrayIsEmpty() {
        assertJson(eval("States.ArrayPartition($.a, 2)", "{\"a\": []}"), "[]");
    }

    @Test
    void arrayPartitionCutsFractionalChunkSize() {
        assertJson(eval("States.ArrayPartition($.a, 2.6)", "{\"a\": [1, 2, 3, 4, 5]}"), "[[1,2],[3,4],[5]]");
    }

    @Test
    void arrayPartitionRejectsChunkSizeBelowOne() {
        for (String size : new String[] {"0", "-1", "0.6", "-0.4"}) {
            String expr = "States.ArrayPartition($.a, " + size + ")";
            assertThat(failure(expr, "{\"a\": [1, 2]}")).isEqualTo(invalidArguments(expr, "States.ArrayPartition"));
        }
    }

    @Test
    void arrayPartitionRejectsNonArrayAndNonNumber() {
        String expr = "States.ArrayPartition($.a, $.n)";
        assertThat(failure(expr, "{\"a\": \"x\", \"n\": 2}")).isEqualTo(invalidArguments(expr, "States.ArrayPartition"));
        assertThat(failure(expr, "{\"a\": [1], \"n\": \"2\"}")).isEqualTo(invalidArguments(expr, "States.ArrayPartition"));
        assertThat(failure(expr, "{\"a\": [1], \"n\": null}")).isEqualTo(invalidArguments(expr, "States.ArrayPartition"));
    }

    @Test
    void arrayContainsComparesJsonValues() {
        String input = "{\"a\": [[1, 2, 3], 2, {\"x\": 1, \"y\": [null]}, \"s\", true, null]}";
        assertJson(eval("States.ArrayContains($.a, 2)", input), "true");
        assertJson(eval("States.ArrayContains($.a, States.Array(1, 2, 3))", input), "true");
        assertJson(eval("States.ArrayContains($.a, States.StringToJson('{\"y\": [null], \"x\": 1}'))", input), "true");
        assertJson(eval("States.ArrayContains($.a, 's')", input), "true");
        assertJson(eval("States.ArrayContains($.a, true)", input), "true");
        assertJson(eval("States.ArrayContains($.a, null)", input), "true");
        assertJson(eval("States.ArrayContains($.a, 3)", input), "false");
        assertJson(eval("States.ArrayContains($.a, States.Array(1, 2))", input), "false");
        assertJson(eval("States.ArrayContains($.a, false)", input), "false");
    }

    @Test
    void arrayContainsOnEmptyArrayIsFalse() {
        assertJson(eval("States.ArrayContains($.a, null)", "{\"a\": []}"), "false");
        assertJson(eval("States.ArrayContains($.a, $.a)", "{\"a\": []}"), "false");
    }

    @Test
    void arrayContainsTellsIntegersFromDecimals() {
        String input = "{\"a\": [1, 2.50]}";
        assertJson(eval("States.ArrayContains($.a, 1.0)", input), "false");
        assertJson(eval("States.ArrayContains($.a, 2.5)", input), "true");
        assertJson(eval("States.ArrayContains($.a, 1)", input), "true");
    }

    @Test
    void arrayContainsRejectsNonArray() {
        String expr = "States.ArrayContains($.a, 1)";
        assertThat(failure(expr, "{\"a\": {\"x\": 1}}")).isEqualTo(invalidArguments(expr, "States.ArrayContains"));
    }

    @Test
    void arrayRangeIncludesEndWhenStepLandsOnIt() {
        assertJson(eval("States.ArrayRange(1, 9, 2)"), "[1,3,5,7,9]");
        assertJson(eval("States.ArrayRange(0, 9, 3)"), "[0,3,6,9]");
        assertJson(eval("States.ArrayRange(0, 10, 3)"), "[0,3,6,9]");
        assertJson(eval("States.ArrayRange(1, 9, 9)"), "[1]");
        assertJson(eval("States.ArrayRange(-2, 2, 2)"), "[-2,0,2]");
    }

    @Test
    void arrayRangeWithEqualBoundsHasOneElement() {
        assertJson(eval("States.ArrayRange(3, 3, 1)"), "[3]");
        assertJson(eval("States.ArrayRange(3, 3, -1)"), "[3]");
    }

    @Test
    void arrayRangeCountsDownWithNegativeStep() {
        assertJson(eval("States.ArrayRange(5, 1, -2)"), "[5,3,1]");
    }

    @Test
    void arrayRangeWithStepAwayFromEndIsEmpty() {
        assertJson(eval("States.ArrayRange(5, 1, 1)"), "[]");
        assertJson(eval("States.ArrayRange(1, 5, -1)"), "[]");
    }

    @Test
    void arrayRangeCutsFractionalArguments() {
        assertJson(eval("States.ArrayRange(1.6, 1.4, 1)"), "[1]");
        assertJson(eval("States.ArrayRange(5.4, -0.6, -2.4)"), "[5,3,1]");
    }

    @Test
    void arrayRangeRejectsZeroStep() {
        for (String step : new String[] {"0", "0.49", "-0.9"}) {
            String expr = "States.ArrayRange(1, 10, " + step + ")";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.ArrayRange"));
        }
    }

    @Test
    void arrayRangeAllows1000Elements() {
        JsonNode up = eval("States.ArrayRange(1, 1000, 1)");
        assertThat(up.size()).isEqualTo(1000);
        assertJson(up.get(999), "1000");
        JsonNode down = eval("States.ArrayRange(1000, 1, -1)");
        assertThat(down.size()).isEqualTo(1000);
        assertJson(down.get(999), "1");
    }

    @Test
    void arrayRangeRejectsMoreThan1000Elements() {
        for (String args : new String[] {"1, 1001, 1", "1001, 1, -1", "-2147483648, 2147483647, 1"}) {
            String expr = "States.ArrayRange(" + args + ")";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.ArrayRange"));
        }
    }

    @Test
    void arrayRangeRejectsNonNumbers() {
        String expr = "States.ArrayRange('a', 5, 1)";
        assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.ArrayRange"));
        String big = "States.ArrayRange(1, 3000000000, 1)";
        assertThat(failure(big, "{}")).isEqualTo(invalidArguments(big, "States.ArrayRange"));
    }

    @Test
    void arrayGetItemReturnsTheItemAtAZeroBasedIndex() {
        String input = "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9], \"i\": 5}";
        assertJson(eval("States.ArrayGetItem($.a, $.i)", input), "6");
        assertJson(eval("States.ArrayGetItem($.a, 0)", input), "1");
        assertJson(eval("States.ArrayGetItem($.a, 8.9)", input), "9");
        assertJson(eval("States.ArrayGetItem($.o, 0)", "{\"o\": [{\"k\": [1]}]}"), "{\"k\":[1]}");
    }

    @Test
    void arrayGetItemRejectsIndexOutsideTheArray() {
        for (String index : new String[] {"9", "-1", "100"}) {
            String expr = "States.ArrayGetItem($.a, " + index + ")";
            assertThat(failure(expr, "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}")).isEqualTo(invalidArguments(expr, "States.ArrayGetItem"));
        }
    }

    @Test
    void arrayGetItemRejectsNonArrayAndNonNumberIndex() {
        String expr = "States.ArrayGetItem($.a, $.i)";
        assertThat(failure(expr, "{\"a\": \"abc\", \"i\": 0}")).isEqualTo(invalidArguments(expr, "States.ArrayGetItem"));
        assertThat(failure(expr, "{\"a\": [1], \"i\": \"0\"}")).isEqualTo(invalidArguments(expr, "States.ArrayGetItem"));
    }

    @Test
    void arrayLengthCountsItems() {
        assertJson(eval("States.ArrayLength($.a)", "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"), "9");
        assertJson(eval("States.ArrayLength($.a)", "{\"a\": []}"), "0");
    }

    @Test
    void arrayLengthRejectsNonArray() {
        String expr = "States.ArrayLength($.a)";
        assertThat(failure(expr, "{\"a\": \"abc\"}")).isEqualTo(invalidArguments(expr, "States.ArrayLength"));
    }

    @Test
    void arrayUniqueKeepsFirstOccurrencesInOrder() {
        assertJson(eval("States.ArrayUnique($.a)", "{\"a\": [1, 2, 3, 3, 3, 3, 3, 3, 4]}"), "[1,2,3,4]");
        assertJson(eval("States.ArrayUnique($.a)", "{\"a\": [3, 1, 3, 2, 1]}"), "[3,1,2]");
    }

    @Test
    void arrayUniqueComparesWholeValues() {
        assertJson(eval("States.ArrayUnique($.a)", "{\"a\": [null, null, true, true, false, 1, 1, 1.1, 1.10, 1.0, 0,"
                        + " \"x\", \"x\", [], [], [null], [null], {\"a\": 1, \"b\": 2}, {\"b\": 2, \"a\": 1}, {\"a\": 1, \"b\": 1}]}"),
                "[null,true,false,1,1.1,1.0,0,\"x\",[],[null],{\"a\":1,\"b\":2},{\"a\":1,\"b\":1}]");
    }

    @Test
    void arrayUniqueRejectsNonArray() {
        String expr = "States.ArrayUnique($.a)";
        assertThat(failure(expr, "{\"a\": null}")).isEqualTo(invalidArguments(expr, "States.ArrayUnique"));
    }

    @Test
    void arrayFunctionsDoNotModifyTheirArguments() {
        JsonNode input = json("{\"a\": [{\"k\": 1}, {\"k\": 1}, [2], 3]}");
        JsonNode before = input.deepCopy();
        RandomSource random = RandomSource.seeded(1);
        IntrinsicTesting.eval("States.ArrayPartition($.a, 3)", input, random);
        IntrinsicTesting.eval("States.ArrayUnique($.a)", input, random);
        IntrinsicTesting.eval("States.Array($.a, $.a)", input, random);
        IntrinsicTesting.eval("States.ArrayGetItem($.a, 0)", input, random);
        assertThat(input).isEqualTo(before);
    }
}
