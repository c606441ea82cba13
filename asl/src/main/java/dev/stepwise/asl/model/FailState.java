package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.Template;

/**
 * Fail: ends the execution with an error and cause, given literally (Error, Cause; JSONata
 * expressions in JSONata) or computed (ErrorPath, CausePath: a path or a string-returning
 * intrinsic call, evaluated like a {@code "key.$"} value). Absent members are null.
 */
public record FailState(Common common, Template error, Template errorPath, Template cause, Template causePath)
        implements State {}
