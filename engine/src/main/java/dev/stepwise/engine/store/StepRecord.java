package dev.stepwise.engine.store;

import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.HistoryJson;
import java.time.Instant;
import java.util.List;

/**
 * What one interpreter step adds to an execution: when it ran, the events it appended, already
 * written as the JSON array (UTF-8) the API's events come from (ids {@code firstEventId} to
 * {@code lastEventId}; none when {@code events} is null), where the execution stands after it
 * ({@code update}, and as data, {@code snapshot}: null when nothing will need it again), and the
 * read-model rows it changes ({@code projections}: Map runs, a face's step results), all written in
 * one transaction. Events are written by the thread that ran the step, not by the store's single
 * writer. {@code seq} and {@code signal} are the step log of executions stored before snapshots
 * (read back by {@link ExecutionLog#steps}; new steps have none: signal null). {@code inboxAnswers}:
 * the signals another node handed over (cluster mode, their inbox ids) that this step applied, so
 * that the verdict their senders wait for commits with the step and a takeover never applies them
 * twice.
 */
public record StepRecord(long seq, Instant at, String signal, long firstEventId, long lastEventId, byte[] events,
                         ExecutionUpdate update, Snapshot snapshot, List<ResourceChange> projections,
                         List<Long> inboxAnswers) {

    public StepRecord(long seq, Instant at, String signal, long firstEventId, long lastEventId, byte[] events,
                      ExecutionUpdate update, Snapshot snapshot, List<ResourceChange> projections) {
        this(seq, at, signal, firstEventId, lastEventId, events, update, snapshot, projections, List.of());
    }

    /** This step, also answering the inbox entry {@code inboxId} (none when 0). */
    public StepRecord answering(long inboxId) {
        if (inboxId == 0) {
            return this;
        }
        return new StepRecord(seq, at, signal, firstEventId, lastEventId, events, update, snapshot, projections,
                java.util.stream.Stream.concat(inboxAnswers.stream(), java.util.stream.Stream.of(inboxId)).toList());
    }

    public static StepRecord of(Instant at, List<HistoryEvent> events, ExecutionUpdate update, Snapshot snapshot,
                                List<ResourceChange> projections) {
        if (events.isEmpty()) {
            return new StepRecord(0, at, null, 0, 0, null, update, snapshot, projections);
        }
        return new StepRecord(0, at, null, events.get(0).id(), events.get(events.size() - 1).id(),
                HistoryJson.arrayBytes(events), update, snapshot, projections);
    }
}
