package dev.stepwise.asl.model;

/** Succeed: ends its block successfully. */
public record SucceedState(Common common) implements State {}
