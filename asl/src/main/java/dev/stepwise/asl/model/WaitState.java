package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;

/**
 * Wait: exactly one of seconds, secondsPath, timestamp, timestampPath is set. In JSONata
 * states Seconds and Timestamp may be expressions, hence templates.
 */
public record WaitState(Common common, Template seconds, JsonPathExpr secondsPath, Template timestamp,
                        JsonPathExpr timestampPath) implements State {}
