package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.EvalContext;
import dev.stepwise.asl.eval.EvaluationException;
import java.math.BigInteger;

/**
 * One call being evaluated: the evaluated argument values, typed accessors that fail with
 * "Invalid arguments in States.X" when a value is not what the function takes, and the context.
 */
final class Invocation {
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private final Argument.Call call;
    private final JsonNode[] values;
    private final Argument.Evaluation evaluation;

    Invocation(Argument.Call call, JsonNode[] values, Argument.Evaluation evaluation) {
        this.call = call;
        this.values = values;
        this.evaluation = evaluation;
    }

    int size() {
        return values.length;
    }

    JsonNode value(int i) {
        return values[i];
    }

    /** The argument as written (States.Format reads a literal template's escapes from it). */
    Argument argument(int i) {
        return call.arguments().get(i);
    }

    EvalContext ctx() {
        return evaluation.ctx();
    }

    EvaluationException invalid() {
        return IntrinsicFailures.invalidArguments(evaluation.expression(), call.function().name());
    }

    EvaluationException unmatchedBrace() {
        return IntrinsicFailures.unmatchedBrace(evaluation.expression());
    }

    String string(int i) {
        JsonNode v = values[i];
        if (!v.isTextual()) {
            throw invalid();
        }
        return v.textValue();
    }

    ArrayNode array(int i) {
        if (values[i] instanceof ArrayNode a) {
            return a;
        }
        throw invalid();
    }

    ObjectNode object(int i) {
        if (values[i] instanceof ObjectNode o) {
            return o;
        }
        throw invalid();
    }

    boolean bool(int i) {
        JsonNode v = values[i];
        if (!v.isBoolean()) {
            throw invalid();
        }
        return v.booleanValue();
    }

    /**
     * A number cut to an int toward zero (2.6 → 2, -0.6 → 0), for the functions AWS documents as
     * taking integers (ArrayRange, ArrayPartition, ArrayGetItem, MathRandom). AWS's documentation
     * says such values are "round[ed] off to the nearest integer", but executions against AWS
     * (third-party characterisations: ArrayPartition with 2.6 makes chunks of 2, with 0.6 fails;
     * ArrayRange(1.6, 1.4, 1) gives [1]; MathRandom(1.6, 5.4) can return 1, MathRandom(1.4, 1.6)
     * fails) show that it cuts them, so we cut. Values outside the int range are invalid.
     */
    int truncatedInt(int i) {
        JsonNode v = values[i];
        if (!v.isNumber()) {
            throw invalid();
        }
        BigInteger whole = v.isIntegralNumber() ? v.bigIntegerValue() : v.decimalValue().toBigInteger();
        if (whole.compareTo(INT_MIN) < 0 || whole.compareTo(INT_MAX) > 0) {
            throw invalid();
        }
        return whole.intValue();
    }

    /** A number cut to a long toward zero (the seed of States.MathRandom); out of range is invalid. */
    long truncatedLong(int i) {
        JsonNode v = values[i];
        if (!v.isNumber()) {
            throw invalid();
        }
        BigInteger whole = v.isIntegralNumber() ? v.bigIntegerValue() : v.decimalValue().toBigInteger();
        if (whole.bitLength() > 63) {
            throw invalid();
        }
        return whole.longValue();
    }

    /**
     * A number rounded as Java's {@link Math#round(double)} rounds (half up: 0.5 → 1, -0.5 → 0,
     * -1.5 → -1), then required to lie in the int range. Used by States.MathAdd: AWS documents "If
     * you specify a non-integer value for one or both the arguments, Step Functions will round it
     * off to the nearest integer" and "You must specify integer values in the range of -2147483648
     * and 2147483647"; its recorded results (1.49 + 1.5 = 3, -1.5 + 0 = -1, -2.5 + 0 = -2,
     * 0.5 + 0 = 1) are Math.round's.
     */
    int roundedInt(int i) {
        JsonNode v = values[i];
        if (!v.isNumber()) {
            throw invalid();
        }
        long rounded;
        if (v.isIntegralNumber()) {
            BigInteger whole = v.bigIntegerValue();
            if (whole.compareTo(INT_MIN) < 0 || whole.compareTo(INT_MAX) > 0) {
                throw invalid();
            }
            rounded = whole.longValue();
        } else {
            rounded = Math.round(v.doubleValue());
        }
        if (rounded < Integer.MIN_VALUE || rounded > Integer.MAX_VALUE) {
            throw invalid();
        }
        return (int) rounded;
    }
}
