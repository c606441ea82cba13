package dev.stepwise.engine.store;

import java.time.Instant;

/** Where an execution stands after a step: its status and, once it is closed, how it ended. */
public record ExecutionUpdate(String status, Instant stop, String output, String error, String cause,
                              long nextEventId, int redriveCount, Instant redriveDate) {}
