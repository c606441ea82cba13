package dev.stepwise.asl.eval;

/**
 * Unwinds an evaluation (a path, a template, an intrinsic call, an expression) that hit a
 * {@link Failure}. It never escapes the asl and engine boundary: the state handlers turn it back
 * into a Failure value for Retry and Catch. No stack trace: it is control flow, and it is cheap.
 * {@code field} names the definition field being evaluated ("Output/result", "Items") when known.
 */
public final class EvaluationException extends RuntimeException {
    private final Failure failure;
    private final String field;

    public EvaluationException(Failure failure) {
        this(failure, null);
    }

    public EvaluationException(Failure failure, String field) {
        super(failure.error() + ": " + failure.cause(), null, false, false);
        this.failure = failure;
        this.field = field;
    }

    public Failure failure() {
        return failure;
    }

    public String field() {
        return field;
    }
}
