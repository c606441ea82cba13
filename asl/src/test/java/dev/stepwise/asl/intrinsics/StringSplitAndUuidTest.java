package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.RandomSource;
import dev.stepwise.asl.json.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StringSplitAndUuidTest {

    private static JsonNode split(String text, String delimiters) {
        return eval("States.StringSplit($.s, $.d)", Json.write(Json.object().put("s", text).put("d", delimiters)));
    }

    @Test
    void stringSplitSplitsOnTheDelimiter() {
        assertJson(split("1,2,3,4,5", ","), "[\"1\",\"2\",\"3\",\"4\",\"5\"]");
        assertJson(eval("States.StringSplit('a-b', '-')"), "[\"a\",\"b\"]");
    }

    @Test
    void stringSplitTreatsEveryDelimiterCharacterAsADelimiter() {
        assertJson(split("This.is+a,test=string", ".+,="), "[\"This\",\"is\",\"a\",\"test\",\"string\"]");
        assertJson(split("split on T and \nnew line", "T\n"), "[\"split on \",\" and \",\"new line\"]");
    }

    @Test
    void stringSplitDropsEmptyPieces() {
        assertJson(split(",,,,", ","), "[]");
        assertJson(split(", , ,", ","), "[\" \",\" \"]");
        assertJson(split("", ","), "[]");
        assertJson(split(",a,,b,", ","), "[\"a\",\"b\"]");
    }

    @Test
    void stringSplitKeepsWhitespace() {
        assertJson(split(" ", ","), "[\" \"]");
        assertJson(split(" , ", ","), "[\" \",\" \"]");
        assertJson(split("a\n,\n  \n", ","), "[\"a\\n\",\"\\n  \\n\"]");
    }

    @Test
    void stringSplitWithoutDelimiterCharactersReturnsTheWholeString() {
        assertJson(split("abc", ""), "[\"abc\"]");
        assertJson(split("abc", ";"), "[\"abc\"]");
    }

    @Test
    void stringSplitHandlesCharactersOutsideTheBasicPlane() {
        assertJson(split("a😀b😀c", "😀"), "[\"a\",\"b\",\"c\"]");
    }

    @Test
    void stringSplitRejectsNonStrings() {
        String expr = "States.StringSplit($.s, $.d)";
        assertThat(failure(expr, "{\"s\": 1, \"d\": \",\"}")).isEqualTo(invalidArguments(expr, "States.StringSplit"));
        assertThat(failure(expr, "{\"s\": \"a\", \"d\": null}")).isEqualTo(invalidArguments(expr, "States.StringSplit"));
    }

    @Test
    void uuidComesFromTheInjectedRandomSource() {
        UUID expected = RandomSource.seeded(99).uuid();
        JsonNode uuid = IntrinsicTesting.eval("States.UUID()", json("{}"), RandomSource.seeded(99));
        assertJson(uuid, "\"" + expected + "\"");
    }

    @Test
    void uuidIsAVersion4Uuid() {
        String uuid = eval("States.UUID()").textValue();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void eachUuidCallDrawsANewUuid() {
        JsonNode two = eval("States.Array(States.UUID(), States.UUID())");
        assertThat(two.get(0)).isNotEqualTo(two.get(1));
    }
}
