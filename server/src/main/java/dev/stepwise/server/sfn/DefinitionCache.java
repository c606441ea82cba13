package dev.stepwise.server.sfn;

import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed definitions by their text and machine type, so that starting an execution does not parse
 * its definition again. Parsed machines are immutable and shared between executions. Bounded:
 * the least recently used entries are dropped.
 */
final class DefinitionCache {
    private static final int CAPACITY = 512;

    private record Key(String definition, DefinitionParser.MachineType type) {}

    private final Map<Key, ParsedDefinition> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ParsedDefinition> eldest) {
            return size() > CAPACITY;
        }
    };

    ParsedDefinition parse(String definition, DefinitionParser.MachineType type) {
        Key key = new Key(definition, type);
        synchronized (entries) {
            ParsedDefinition cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ParsedDefinition parsed = DefinitionParser.parse(definition, type);
        synchronized (entries) {
            entries.put(key, parsed);
        }
        return parsed;
    }
}
