package dev.stepwise.engine.store;

import java.time.Instant;

/**
 * Where an execution stands after a step, as data (see {@code ExecutionSnapshot}): the engine's
 * {@code format} and bytes, the position of its random source, and when the step ran.
 */
public record Snapshot(int format, byte[] state, long randomState, Instant at) {}
