package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.eval.Failure;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void formatReplacesPlaceholdersInOrder() {
        assertJson(eval("States.Format('Hello {}, welcome to {}!', $.name, $.place)",
                "{\"name\": \"Ada\", \"place\": \"Paris\"}"), "\"Hello Ada, welcome to Paris!\"");
    }

    @Test
    void formatWithoutPlaceholdersReturnsTheTemplate() {
        assertJson(eval("States.Format('plain')"), "\"plain\"");
        assertJson(eval("States.Format('')"), "\"\"");
    }

    @Test
    void formatWritesStringsWithoutQuotes() {
        assertJson(eval("States.Format('[{}][{}]', $.a, $.b)", "{\"a\": \"\", \"b\": \"{\\\"k\\\": 1}\"}"),
                "\"[][{\\\"k\\\": 1}]\"");
    }

    @Test
    void formatWritesNumbersBooleansAndNullAsJson() {
        assertJson(eval("States.Format('{} {} {} {} {}', $.i, $.d, $.t, $.n, 101)",
                "{\"i\": -3, \"d\": 1.1, \"t\": false, \"n\": null}"), "\"-3 1.1 false null 101\"");
    }

    @Test
    void formatWritesObjectsAndArraysTheJavaWay() {
        assertJson(eval("States.Format('{} {}', $.o, $.a)",
                "{\"o\": {\"Arg1\": 1, \"Arg2\": [], \"s\": \"x y\", \"n\": null}, \"a\": [1, \"two\", {\"k\": true}]}"),
                "\"{Arg1=1, Arg2=[], s=x y, n=null} [1, two, {k=true}]\"");
    }

    @Test
    void formatEscapedBracesAreNotPlaceholders() {
        assertJson(eval("States.Format('\\{\\} is {}', 'x')"), "\"{} is x\"");
        assertJson(eval("States.Format('\\{{}\\}', 'x')"), "\"{x}\"");
    }

    @Test
    void formatEscapedQuoteAndBackslash() {
        assertJson(eval("States.Format('it\\'s {} \\\\ {}', 1, 2)"), "\"it's 1 \\\\ 2\"");
    }

    @Test
    void formatClosingBraceAloneIsText() {
        assertJson(eval("States.Format('a } b {}', 1)"), "\"a } b 1\"");
    }

    @Test
    void formatTemplateFromPath() {
        assertJson(eval("States.Format($.template, $.name)",
                "{\"template\": \"Hello, my name is {}.\", \"name\": \"Arnav\"}"), "\"Hello, my name is Arnav.\"");
    }

    @Test
    void formatTemplateFromPathHasNoEscapes() {
        assertJson(eval("States.Format($.t, 1)", "{\"t\": \"\\\\ {}\"}"), "\"\\\\ 1\"");
    }

    @Test
    void formatTemplateFromNestedCall() {
        assertJson(eval("States.Format(States.Format('{}', $.t), 5)", "{\"t\": \"n={}\"}"), "\"n=5\"");
    }

    @Test
    void formatFailsWhenPlaceholdersOutnumberValues() {
        String expr = "States.Format($.t, 1)";
        assertThat(failure(expr, "{\"t\": \"{} {}\"}")).isEqualTo(invalidArguments(expr, "States.Format"));
    }

    @Test
    void formatFailsWhenValuesOutnumberPlaceholders() {
        String expr = "States.Format($.t, 1, 2)";
        assertThat(failure(expr, "{\"t\": \"{}\"}")).isEqualTo(invalidArguments(expr, "States.Format"));
    }

    @Test
    void formatFailsOnOpenBraceWithoutClosingBrace() {
        String expr = "States.Format('{\"key\": {}', 1)";
        assertThat(failure(expr, "{}")).isEqualTo(Failure.of("States.Runtime",
                "The function '" + expr + "' had the following error: Matching '}' not found for '{'."));
    }

    @Test
    void formatFailsWhenTemplateIsNotAString() {
        String expr = "States.Format($.t)";
        assertThat(failure(expr, "{\"t\": 1}")).isEqualTo(invalidArguments(expr, "States.Format"));
    }
}
