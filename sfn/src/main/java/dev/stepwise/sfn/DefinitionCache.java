package dev.stepwise.sfn;

import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed definitions by their text and machine type, so that starting an execution does not parse
 * its definition again. Parsed machines are immutable and shared between executions. Bounded:
 * when it is full it starts over (definitions in use come back at their next start).
 */
final class DefinitionCache {
    private static final int CAPACITY = 1024;

    private record Key(String definition, DefinitionParser.MachineType type) {}

    private final ConcurrentHashMap<Key, ParsedDefinition> entries = new ConcurrentHashMap<>();

    ParsedDefinition parse(String definition, DefinitionParser.MachineType type) {
        Key key = new Key(definition, type);
        ParsedDefinition cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        ParsedDefinition parsed = DefinitionParser.parse(definition, type);
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        entries.put(key, parsed);
        return parsed;
    }
}
