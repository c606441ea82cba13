package dev.stepwise.asl.model;

import java.util.List;

/** Choice: the first rule that matches picks the next state; otherwise Default (null if absent). */
public record ChoiceState(Common common, List<ChoiceRule> choices, String defaultNext) implements State {}
