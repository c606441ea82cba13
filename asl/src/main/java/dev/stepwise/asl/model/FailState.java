package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;

/**
 * Fail: ends the execution with an error and cause, given literally, by path (JSONPath) or by
 * expression (JSONata, as templates). Absent members are null.
 */
public record FailState(Common common, Template error, JsonPathExpr errorPath, Template cause,
                        JsonPathExpr causePath) implements State {}
