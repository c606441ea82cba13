package dev.stepwise.asl.model;

import dev.stepwise.asl.eval.Template;

/** A top-level Choice rule: its condition, where it leads, and (JSONata / variables) its Output and Assign. */
public record ChoiceRule(Condition condition, String next, Template assign, Template output) {}
