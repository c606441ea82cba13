package dev.stepwise.engine.store;

import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.HistoryJson;
import java.time.Instant;
import java.util.List;

/**
 * What one interpreter step adds to an execution: the signal it processed (kept so the step can
 * be replayed after a restart), when it ran, the events it appended, already written as the JSON
 * array (UTF-8) the API's events come from (ids {@code firstEventId} to {@code lastEventId}; none
 * when {@code events} is null), where the execution stands after it ({@code update}) and the
 * read-model rows it changes ({@code projections}: Map runs, a face's step results), written in
 * the same transaction. Events are written by the thread that ran the step, not by the store's
 * single writer.
 */
public record StepRecord(long seq, Instant at, String signal, long firstEventId, long lastEventId, byte[] events,
                         ExecutionUpdate update, List<ResourceChange> projections) {

    public static StepRecord of(long seq, Instant at, String signal, List<HistoryEvent> events,
                                ExecutionUpdate update, List<ResourceChange> projections) {
        if (events.isEmpty()) {
            return new StepRecord(seq, at, signal, 0, 0, null, update, projections);
        }
        return new StepRecord(seq, at, signal, events.get(0).id(), events.get(events.size() - 1).id(),
                HistoryJson.arrayBytes(events), update, projections);
    }
}
