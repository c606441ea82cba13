package dev.stepwise.engine.history;

import java.time.Instant;

/** One event of an execution's history, as GetExecutionHistory returns it. */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, EventType type, EventDetails details) {}
