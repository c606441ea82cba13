package dev.stepwise.asl.model;

import java.util.List;

/** Parallel: runs every branch on the same input; its result is the array of branch outputs. */
public record ParallelState(Common common, List<Block> branches, ResultFlow flow, ErrorHandling errors)
        implements State {}
