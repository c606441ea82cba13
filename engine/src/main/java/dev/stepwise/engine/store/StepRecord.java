package dev.stepwise.engine.store;

import dev.stepwise.engine.history.HistoryEvent;
import java.time.Instant;
import java.util.List;

/**
 * What one interpreter step adds to an execution: the signal it processed (kept so the step can
 * be replayed after a restart), when it ran, and the events it appended.
 */
public record StepRecord(long seq, Instant at, String signal, List<HistoryEvent> events) {}
