package dev.stepwise.asl.model;

import java.util.List;

/** The Retry and Catch lists of a Task, Parallel or Map state (empty when absent). */
public record ErrorHandling(List<Retrier> retry, List<Catcher> catchers) {
    public static final ErrorHandling NONE = new ErrorHandling(List.of(), List.of());
}
