package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.context;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.stepwise.asl.eval.RandomSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicParsingTest {

    private static void assertParseError(String text, String message) {
        assertThatThrownBy(() -> IntrinsicExpression.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void isIntrinsicWhenTextStartsWithStatesPrefix() {
        assertThat(IntrinsicExpression.isIntrinsic("States.UUID()")).isTrue();
        assertThat(IntrinsicExpression.isIntrinsic("States.NoSuchThing(")).isTrue();
        assertThat(IntrinsicExpression.isIntrinsic("$.a")).isFalse();
        assertThat(IntrinsicExpression.isIntrinsic(" States.UUID()")).isFalse();
        assertThat(IntrinsicExpression.isIntrinsic("states.UUID()")).isFalse();
        assertThat(IntrinsicExpression.isIntrinsic(null)).isFalse();
    }

    @Test
    void textIsTheExpressionAsWritten() {
        String text = "States.Format( '{}' ,$.a )";
        assertThat(IntrinsicExpression.parse(text).text()).isEqualTo(text);
    }

    @Test
    void tableHoldsTheEighteenFunctions() {
        assertThat(IntrinsicFunctions.count()).isEqualTo(18);
    }

    @Test
    void parseRejectsTextWithoutStatesPrefix() {
        assertParseError("$.a", "An intrinsic function call must start with 'States.'.");
    }

    @Test
    void parseRejectsUnknownFunction() {
        assertParseError("States.Concat('a', 'b')", "'States.Concat' is not an intrinsic function.");
        assertParseError("States.format('{}', 1)", "'States.format' is not an intrinsic function.");
    }

    @Test
    void parseRejectsMissingOpeningParenthesis() {
        assertParseError("States.UUID", "Expected '(' after States.UUID at position 11.");
    }

    @Test
    void parseRejectsMissingClosingParenthesis() {
        assertParseError("States.Array(1, 2", "The call to States.Array is missing its closing ')'.");
        assertParseError("States.Array(1,", "The call to States.Array is missing its closing ')'.");
    }

    @Test
    void parseRejectsTextAfterTheCall() {
        assertParseError("States.UUID() x", "Unexpected text 'x' after the call to States.UUID.");
        assertParseError("States.UUID()[0]", "Unexpected text '[0]' after the call to States.UUID.");
    }

    @Test
    void parseRejectsMissingArgument() {
        assertParseError("States.Array(1, , 2)", "An argument of States.Array is missing at position 16.");
        assertParseError("States.Array(1, )", "An argument of States.Array is missing at position 16.");
    }

    @Test
    void parseRejectsArgumentsWithoutSeparator() {
        assertParseError("States.Array(1 2)", "Expected ',' or ')' at position 15 in the arguments of States.Array.");
    }

    @Test
    void parseRejectsDoubleQuotedString() {
        assertParseError("States.Array(\"a\")",
                "Unexpected '\"' at position 13 in the arguments of States.Array (strings take single quotes).");
    }

    @Test
    void parseRejectsBareWord() {
        assertParseError("States.Array(True)",
                "Unexpected 'True' at position 13 in the arguments of States.Array (strings take single quotes).");
    }

    @Test
    void parseRejectsUnterminatedString() {
        assertParseError("States.Format('abc)", "The string literal that starts at position 14 is not terminated.");
        assertParseError("States.Format('abc\\')", "The string literal that starts at position 14 is not terminated.");
    }

    @Test
    void parseRejectsInvalidNumber() {
        assertParseError("States.Array(-)", "Expected a number at position 13.");
        assertParseError("States.Array(01)", "'01' at position 13 is not a valid number.");
    }

    @Test
    void parseRejectsUnclosedPath() {
        assertParseError("States.ArrayLength($.a[0)", "The path '$.a[0)' that starts at position 19 is not closed.");
    }

    @Test
    void parseRejectsInvalidPath() {
        assertThatThrownBy(() -> IntrinsicExpression.parse("States.ArrayLength($.a..)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The path '$.a..' is not a valid JSONPath (");
    }

    @Test
    void parseRejectsWrongNumberOfArguments() {
        assertParseError("States.ArrayRange(1, 9)", "States.ArrayRange takes 3 arguments but was given 2.");
        assertParseError("States.UUID(1)", "States.UUID takes 0 arguments but was given 1.");
        assertParseError("States.StringToJson()", "States.StringToJson takes 1 argument but was given 0.");
        assertParseError("States.MathRandom(1)", "States.MathRandom takes 2 or 3 arguments but was given 1.");
        assertParseError("States.MathRandom(1, 2, 3, 4)", "States.MathRandom takes 2 or 3 arguments but was given 4.");
        assertParseError("States.Format()", "States.Format takes at least 1 argument but was given 0.");
        assertParseError("States.JsonMerge($.a, $.b)", "States.JsonMerge takes 3 arguments but was given 2.");
    }

    @Test
    void parseRejectsNestedCallWithWrongNumberOfArguments() {
        assertParseError("States.Array(States.ArrayLength())", "States.ArrayLength takes 1 argument but was given 0.");
    }

    @Test
    void parseRejectsFormatLiteralWithWrongNumberOfValues() {
        assertParseError("States.Format('{} and {}', 1)", "The template of States.Format has 2 '{}' placeholders but 1 value follows it.");
        assertParseError("States.Format('none', 1, 2)", "The template of States.Format has 0 '{}' placeholders but 2 values follow it.");
        assertParseError("States.Format('\\{\\}', 1)", "The template of States.Format has 0 '{}' placeholders but 1 value follows it.");
    }

    @Test
    void parseAcceptsTenCallsInAField() {
        String nine = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                + "States.StringSplit($.arn, '/'), 1), '.'), 0), States.ArrayGetItem(States.StringSplit("
                + "States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 1))";
        assertJson(eval(nine, "{\"arn\": \"x/a.b/y\"}"), "\"a.b\"");
        assertJson(eval("States.Array(" + nine + ")", "{\"arn\": \"x/a.b/y\"}"), "[\"a.b\"]");
    }

    @Test
    void parseRejectsMoreThanTenCallsInAField() {
        String ten = "States.Array(".repeat(10) + ")".repeat(10);
        assertJson(eval(ten), "[[[[[[[[[[]]]]]]]]]]");
        assertParseError("States.Array(" + ten + ")", "A field can hold at most 10 intrinsic functions, nested calls included.");
    }

    @Test
    void whitespaceBetweenArguments() {
        assertJson(eval("States.Array(  1 ,\t'a'\n,  true,null , $.x  )", "{\"x\": 2}"), "[1,\"a\",true,null,2]");
        assertJson(eval("States.Array( )"), "[]");
        assertJson(eval("States.Array(1,2)   "), "[1,2]");
    }

    @Test
    void numberLiteralsKeepTheirJsonType() {
        assertThat(eval("States.ArrayGetItem(States.Array(42), 0)")).isEqualTo(IntNode.valueOf(42));
        assertThat(eval("States.ArrayGetItem(States.Array(-7), 0)")).isEqualTo(IntNode.valueOf(-7));
        assertThat(eval("States.ArrayGetItem(States.Array(1.5), 0)")).isEqualTo(DoubleNode.valueOf(1.5));
        assertThat(eval("States.ArrayGetItem(States.Array(-0.25), 0)")).isEqualTo(DoubleNode.valueOf(-0.25));
        assertThat(eval("States.ArrayGetItem(States.Array(1e3), 0)")).isEqualTo(DoubleNode.valueOf(1000.0));
        assertThat(eval("States.ArrayGetItem(States.Array(12345678901), 0)")).isEqualTo(LongNode.valueOf(12345678901L));
    }

    @Test
    void booleanAndNullLiterals() {
        assertJson(eval("States.Array(true, false, null)"), "[true,false,null]");
    }

    @Test
    void escapedQuoteInStringLiteral() {
        assertJson(eval("States.Array('it\\'s')"), "[\"it's\"]");
    }

    @Test
    void escapedBracesAndBackslashInStringLiteral() {
        assertJson(eval("States.Array('\\{x\\} \\\\ y')"), "[\"{x} \\\\ y\"]");
    }

    @Test
    void stringLiteralKeepsOtherCharactersAsTheyAre() {
        assertJson(eval("States.Array('a, b) $.c \"d\"')"), "[\"a, b) $.c \\\"d\\\"\"]");
    }

    /** Only \\', \\{, \\} and \\\\ are escapes; any other backslash in a string literal makes the call invalid. */
    @Test
    void openEscapeInStringLiteralIsAParseError() {
        assertParseError("States.Array('a\\nb')", "The string literal that starts at position 13 holds the open escape "
                + "'\\n' at position 15; only \\', \\{, \\} and \\\\ are escapes.");
        assertParseError("States.Format('\\q')", "The string literal that starts at position 14 holds the open escape "
                + "'\\q' at position 15; only \\', \\{, \\} and \\\\ are escapes.");
    }

    /** A backslash before the closing quote escapes it, so the literal never ends. */
    @Test
    void loneBackslashAtTheEndOfAStringLiteralLeavesItOpen() {
        assertParseError("States.Format('a\\')", "The string literal that starts at position 14 is not terminated.");
    }

    @Test
    void pathArgumentsReadTheInput() {
        assertJson(eval("States.Array($, $.a.b, $.list[1], $['odd key'], $.o.['x y'])",
                "{\"a\": {\"b\": 1}, \"list\": [5, 6], \"odd key\": 2, \"o\": {\"x y\": 3}}"),
                "[{\"a\":{\"b\":1},\"list\":[5,6],\"odd key\":2,\"o\":{\"x y\":3}},1,6,2,3]");
    }

    @Test
    void pathArgumentsWithWildcardsAndFilters() {
        String input = "{\"items\": [{\"n\": 1, \"k\": \"a\"}, {\"n\": 2, \"k\": \"b, c)\"}]}";
        assertJson(eval("States.Array($.items[*].n, $.items[?(@.k == 'b, c)')].n)", input), "[[1,2],[2]]");
        assertJson(eval("States.ArrayLength($.items[?(@.n > 5)])", input), "0");
    }

    @Test
    void contextObjectPathArgument() {
        var ctx = context(json("{}"), json("{\"Execution\": {\"Name\": \"run-1\"}}"), Map.of(), RandomSource.seeded(1));
        assertJson(IntrinsicExpression.parse("States.Format('{}', $$.Execution.Name)").evaluate(ctx), "\"run-1\"");
    }

    @Test
    void variablePathArgument() {
        var ctx = context(json("{}"), json("{}"), Map.of("name", json("\"Ada\""), "obj", json("{\"x\": [1, 2]}")),
                RandomSource.seeded(1));
        assertJson(IntrinsicExpression.parse("States.Format('{} {}', $name, $obj.x[1])").evaluate(ctx), "\"Ada 2\"");
    }

    @Test
    void nestedCallsAreEvaluatedInsideOut() {
        assertJson(eval("States.ArrayGetItem(States.StringSplit($.s, '-'), States.MathAdd(States.ArrayLength("
                + "States.StringSplit($.s, '-')), -1))", "{\"s\": \"a-b-c\"}"), "\"c\"");
    }
}
