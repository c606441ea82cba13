package dev.stepwise.engine.store;

import java.time.Instant;

/** An activity as stored; {@code encryption} is its configuration as JSON text, or null. */
public record ActivityRecord(String arn, String name, Instant created, String encryption) {}
