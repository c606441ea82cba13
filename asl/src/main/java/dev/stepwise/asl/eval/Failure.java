package dev.stepwise.asl.eval;

/**
 * A failure as the States Language sees it: an error name ("States.Runtime", "MyError", …) and an
 * optional cause. Failures are values; they travel through Retry and Catch and end up in history.
 */
public record Failure(String error, String cause) {

    public static Failure of(String error, String cause) {
        return new Failure(error, cause);
    }

    /** Turns this failure into the exception that unwinds an evaluation in progress. */
    public EvaluationException raise() {
        return new EvaluationException(this);
    }

    /** As {@link #raise()}, naming the definition field whose evaluation failed. */
    public EvaluationException raise(String field) {
        return new EvaluationException(this, field);
    }
}
