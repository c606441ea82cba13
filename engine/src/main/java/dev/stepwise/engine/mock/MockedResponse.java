package dev.stepwise.engine.mock;

import java.util.List;
import java.util.Optional;

/**
 * A named entry of MockedResponses: what each invocation of a mocked Task returns or throws,
 * keyed by invocation number ("0") or inclusive range ("1-2"), counting from 0. Ranges never
 * overlap (checked when the file is read); an invocation no key covers has no response.
 */
public record MockedResponse(String name, List<Entry> entries) {

    /** Invocations {@code from} to {@code to}, both included, as written in {@code key}. */
    public record Entry(String key, int from, int to, MockOutcome outcome) {}

    public Optional<MockOutcome> at(int invocation) {
        for (Entry e : entries) {
            if (invocation >= e.from() && invocation <= e.to()) {
                return Optional.of(e.outcome());
            }
        }
        return Optional.empty();
    }

    /** The keys as written, in file order ("0, 1-2, 3"), for messages. */
    public String keys() {
        return entries.isEmpty() ? "none" : String.join(", ", entries.stream().map(Entry::key).toList());
    }
}
