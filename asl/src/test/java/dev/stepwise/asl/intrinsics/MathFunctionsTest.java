package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.stepwise.asl.eval.RandomSource;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MathFunctionsTest {

    /** A random source whose nextDouble always returns the given value. */
    private static RandomSource fixed(double value) {
        return new RandomSource() {
            @Override
            public UUID uuid() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static String sum(String a, String b) {
        return "{\"a\": " + a + ", \"b\": " + b + "}";
    }

    @Test
    void mathAddAddsIntegers() {
        assertJson(eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}"), "110");
        assertJson(eval("States.MathAdd(-9, 3)"), "-6");
    }

    @Test
    void mathAddRoundsEachArgumentHalfUp() {
        String expr = "States.MathAdd($.a, $.b)";
        assertJson(eval(expr, sum("1.49", "1.5")), "3");
        assertJson(eval(expr, sum("1.5", "1.51")), "4");
        assertJson(eval(expr, sum("-1.49", "-1.5")), "-2");
        assertJson(eval(expr, sum("-1.5", "-1.51")), "-3");
        assertJson(eval(expr, sum("-1.5", "0")), "-1");
        assertJson(eval(expr, sum("-2.5", "0")), "-2");
        assertJson(eval(expr, sum("-3.5", "0")), "-3");
        assertJson(eval(expr, sum("0.5", "0")), "1");
        assertJson(eval(expr, sum("2.5", "0")), "3");
        assertJson(eval(expr, sum("-0.5", "0")), "0");
        assertJson(eval(expr, sum("-0.5", "0.5")), "1");
    }

    @Test
    void mathAddResultIsAnInteger() {
        assertThat(eval("States.MathAdd(1.0, 2.0)")).isEqualTo(IntNode.valueOf(3));
    }

    @Test
    void mathAddAcceptsTheIntRange() {
        assertJson(eval("States.MathAdd(2147483647, -2147483648)"), "-1");
        assertJson(eval("States.MathAdd(2147483646, 1)"), "2147483647");
    }

    @Test
    void mathAddRejectsValuesOutsideTheIntRange() {
        for (String args : new String[] {"2147483648, 0", "0, -2147483649", "2147483647.5, 0", "2147483647, 1", "-2147483648, -1"}) {
            String expr = "States.MathAdd(" + args + ")";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.MathAdd"));
        }
    }

    @Test
    void mathAddRejectsNonNumbers() {
        String expr = "States.MathAdd($.a, $.b)";
        assertThat(failure(expr, sum("1", "\"NOT A NUMBER\""))).isEqualTo(invalidArguments(expr, "States.MathAdd"));
        assertThat(failure(expr, sum("null", "1"))).isEqualTo(invalidArguments(expr, "States.MathAdd"));
        assertThat(failure(expr, sum("{}", "1"))).isEqualTo(invalidArguments(expr, "States.MathAdd"));
    }

    @Test
    void mathRandomWithSeedIsDeterministic() {
        int expected = 1 + (int) Math.floor(new Random(42).nextDouble() * 999);
        JsonNode first = IntrinsicTesting.eval("States.MathRandom(1, 1000, 42)", json("{}"), RandomSource.seeded(1));
        JsonNode second = IntrinsicTesting.eval("States.MathRandom(1, 1000, 42)", json("{}"), RandomSource.seeded(2));
        assertThat(first).isEqualTo(IntNode.valueOf(expected)).isEqualTo(second);
    }

    @Test
    void mathRandomStaysBetweenStartInclusiveAndEndExclusive() {
        for (long seed = 0; seed < 300; seed++) {
            JsonNode n = eval("States.MathRandom(-3, 3, " + seed + ")");
            assertThat(n.isInt()).isTrue();
            assertThat(n.intValue()).isBetween(-3, 2);
        }
        assertJson(IntrinsicTesting.eval("States.MathRandom(5, 6)", json("{}"), fixed(0.999999)), "5");
        assertJson(IntrinsicTesting.eval("States.MathRandom(-2147483648, 2147483647)", json("{}"), fixed(0.0)), "-2147483648");
        assertJson(IntrinsicTesting.eval("States.MathRandom(-2147483648, 2147483647)", json("{}"), fixed(0.9999999999999999)), "2147483646");
    }

    @Test
    void mathRandomWithoutSeedUsesTheInjectedRandomSource() {
        assertJson(IntrinsicTesting.eval("States.MathRandom($.start, $.end)", json("{\"start\": 1, \"end\": 999}"), fixed(0.5)), "500");
        assertJson(IntrinsicTesting.eval("States.MathRandom(-99999, -9999)", json("{}"), fixed(0.0)), "-99999");
    }

    @Test
    void mathRandomCutsFractionalBounds() {
        assertJson(IntrinsicTesting.eval("States.MathRandom(1.6, 5.4)", json("{}"), fixed(0.0)), "1");
        assertJson(IntrinsicTesting.eval("States.MathRandom(1.6, 5.4)", json("{}"), fixed(0.99)), "4");
        assertJson(IntrinsicTesting.eval("States.MathRandom(12.5, 44.51)", json("{}"), fixed(0.0)), "12");
    }

    @Test
    void mathRandomRejectsStartNotBelowEnd() {
        for (String args : new String[] {"1, 1", "10, 5", "1.4, 1.6", "1.49, 1.49"}) {
            String expr = "States.MathRandom(" + args + ")";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.MathRandom"));
        }
    }

    @Test
    void mathRandomRejectsNonNumbers() {
        for (String args : new String[] {"'a', 10", "1, 'b'", "1, 10, 'seed'", "1, 10, null"}) {
            String expr = "States.MathRandom(" + args + ")";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.MathRandom"));
        }
    }

    @Test
    void mathRandomAcceptsNegativeAndZeroSeeds() {
        assertThat(eval("States.MathRandom(1, 10, -10)").intValue()).isBetween(1, 9);
        assertThat(eval("States.MathRandom(1, 10, 0)").intValue()).isBetween(1, 9);
    }
}
