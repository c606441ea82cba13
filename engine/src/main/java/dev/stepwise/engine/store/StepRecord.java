package dev.stepwise.engine.store;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.history.HistoryJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one interpreter step adds to an execution: the signal it processed (kept so the step can
 * be replayed after a restart), when it ran, the events it appended, already written as the JSON
 * array (UTF-8) the API's events come from (ids {@code firstEventId} to {@code lastEventId}; none when
 * {@code events} is null), and the Map runs it started, changed or ended. Events are written by the
 * thread that ran the step, not by the store's single writer.
 */
public record StepRecord(long seq, Instant at, String signal, long firstEventId, long lastEventId, byte[] events,
                         List<MapRunRecord> mapRuns) {

    public static StepRecord of(long seq, Instant at, String signal, List<HistoryEvent> events,
                                List<Command> commands) {
        List<MapRunRecord> mapRuns = new ArrayList<>(0);
        for (Command c : commands) {
            if (c instanceof Command.MapRunChanged m) {
                mapRuns.add(new MapRunRecord(m.mapRunArn(), m.executionArn(), m.status(), m.start(), m.stop(),
                        m.itemCount(), m.maxConcurrency(), m.toleratedFailureCount(), m.toleratedFailurePercentage()));
            }
        }
        if (events.isEmpty()) {
            return new StepRecord(seq, at, signal, 0, 0, null, mapRuns);
        }
        return new StepRecord(seq, at, signal, events.get(0).id(), events.get(events.size() - 1).id(),
                HistoryJson.arrayBytes(events), mapRuns);
    }
}
