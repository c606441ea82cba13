package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_LABEL_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.DUPLICATE_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_LABEL_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_STATE_NAME;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_END_STATE;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_TRANSITION_TARGET;
import static dev.stepwise.asl.parse.DiagnosticCodes.TOO_DEEPLY_NESTED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.model.StateType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks that look at a definition as a graph, on its JSON, so that they run even where a
 * state's fields could not be read: state names (valid, unique in the whole machine), transition
 * targets, states nothing reaches, blocks without a terminal state, Map labels, nesting depth.
 * Per block, AWS's order: dangling targets, then a missing terminal state or, when the block has
 * one, the unreachable states. A block whose StartAt names no state gets no reachability check.
 */
public final class DefinitionValidator {
    /** How many Parallel or Map levels may nest; AWS does not document its bound. */
    static final int MAX_NESTING = 40;
    private static final int MAX_STATE_NAME = 80;
    private static final int MAX_LABEL = 40;
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");
    private static final Pattern LABEL_FORBIDDEN = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1f\\x7f-\\x9f]");

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> stateNames = new HashSet<>();
    private final Set<String> labels = new HashSet<>();
    /** Whether the top-level block is one state tested in isolation (see {@link #validate(ObjectNode, String, boolean)}). */
    private boolean isolatedState;

    private DefinitionValidator() {}

    /** Validates the definition's root object; {@code text} is its source, for names written twice. */
    public static List<Diagnostic> validate(ObjectNode root, String text) {
        return validate(root, text, false);
    }

    /**
     * As {@link #validate(ObjectNode, String)}; with {@code isolatedState}, the top level holds one
     * state tested on its own, whose transitions lead out of the definition: its targets, terminal
     * state and reachability are not checked (nested blocks still are).
     */
    public static List<Diagnostic> validate(ObjectNode root, String text, boolean isolatedState) {
        DefinitionValidator v = new DefinitionValidator();
        v.isolatedState = isolatedState;
        for (String pointer : DuplicateStateKeys.find(text)) {
            v.duplicateName(pointer.substring(pointer.lastIndexOf("/States/") + "/States/".length()), pointer);
        }
        v.block(root, "", 0);
        return v.diagnostics;
    }

    private void block(JsonNode block, String location, int depth) {
        JsonNode states = block.get("States");
        if (states == null || !states.isObject()) {
            return;
        }
        if (depth > MAX_NESTING) {
            error(TOO_DEEPLY_NESTED, "The states are too deeply nested", location.isEmpty() ? "/" : location);
            return;
        }
        Map<String, List<String>> edges = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String stateLocation = location + "/States/" + e.getKey();
            stateName(e.getKey(), stateLocation);
            label(e.getValue(), stateLocation);
            if (!(isolatedState && depth == 0)) {
                edges.put(e.getKey(), targets(e.getValue(), stateLocation, states));
            }
        }
        if (isolatedState && depth == 0) {
            nested(states, location, depth);
            return;
        }
        String startAt = block.path("StartAt").isTextual() ? block.get("StartAt").asText() : null;
        boolean startExists = startAt != null && states.has(startAt);
        if (startAt != null && !startExists) {
            missingTarget(startAt, location + "/StartAt");
        }
        if (!states.isEmpty() && !hasTerminal(states)) {
            error(MISSING_END_STATE, "Workflow has no terminal state", null);
        } else if (startExists) {
            unreachable(startAt, edges, location);
        }
        nested(states, location, depth);
    }

    private void stateName(String name, String location) {
        if (name.isEmpty()) {
            error(INVALID_STATE_NAME, "Invalid State name: State name must not be empty", location);
        } else if (name.codePointCount(0, name.length()) > MAX_STATE_NAME) {
            error(INVALID_STATE_NAME, "Invalid State name: State '" + name
                    + "' exceeds the 80-character limit allowed by the service", location);
        } else if (CONTROL.matcher(name).find()) {
            error(INVALID_STATE_NAME, "Invalid State name: State '" + name + "' contains control characters", location);
        }
        if (!stateNames.add(name)) {
            duplicateName(name, location);
        }
    }

    private void duplicateName(String name, String location) {
        error(DUPLICATE_STATE_NAME, "Duplicate State name: " + name, location);
    }

    /** A Map's Label: up to 40 characters, none of them special, unique in the machine. */
    private void label(JsonNode state, String location) {
        JsonNode label = state.path("Label");
        if (!"Map".equals(state.path("Type").asText()) || !label.isTextual()) {
            return;
        }
        String text = label.asText();
        String at = location + "/Label";
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_LABEL) {
            error(INVALID_LABEL_NAME, "Invalid Label name: Label '" + text + "' must be between 1 and 40 characters long", at);
        } else if (LABEL_FORBIDDEN.matcher(text).find()) {
            error(INVALID_LABEL_NAME, "Invalid Label name: Label '" + text
                    + "' contains whitespace, brackets, wildcards, special or control characters", at);
        }
        if (!labels.add(text)) {
            error(DUPLICATE_LABEL_NAME, "Duplicate Label name: " + text, at);
        }
    }

    /**
     * The states this state may go to next, reporting each that does not exist in its block. Only
     * the transition fields its type supports count (a Fail state's Next is a schema problem).
     */
    private List<String> targets(JsonNode state, String location, JsonNode states) {
        List<String> targets = new ArrayList<>();
        String type = state.path("Type").asText();
        if (type.equals("Choice")) {
            entryTargets(state, "Choices", location, states, targets);
            target(state.path("Default"), location + "/Default", states, targets);
        } else if (!type.equals("Succeed") && !type.equals("Fail")) {
            target(state.path("Next"), location + "/Next", states, targets);
        }
        if (type.equals("Task") || type.equals("Parallel") || type.equals("Map")) {
            entryTargets(state, "Catch", location, states, targets);
        }
        return targets;
    }

    private void entryTargets(JsonNode state, String list, String location, JsonNode states, List<String> targets) {
        JsonNode entries = state.path(list);
        for (int i = 0; i < entries.size() && entries.isArray(); i++) {
            target(entries.get(i).path("Next"), FieldReader.index(location + "/" + list, i) + "/Next", states, targets);
        }
    }

    private void target(JsonNode next, String location, JsonNode states, List<String> targets) {
        if (!next.isTextual()) {
            return;
        }
        if (states.has(next.asText())) {
            targets.add(next.asText());
        } else {
            missingTarget(next.asText(), location);
        }
    }

    private void missingTarget(String next, String location) {
        error(MISSING_TRANSITION_TARGET, "Missing 'Next' target: " + next, location);
    }

    /**
     * Terminal states: Succeed, Fail, or "End": true. A block with a state that is not an object or
     * has no known Type may have one, as far as anyone can tell.
     */
    private static boolean hasTerminal(JsonNode states) {
        for (JsonNode state : states) {
            String type = state.path("Type").asText();
            if (type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false)
                    || StateType.fromWire(type) == null) {
                return true;
            }
        }
        return false;
    }

    private void unreachable(String startAt, Map<String, List<String>> edges, String location) {
        Set<String> reached = new HashSet<>(List.of(startAt));
        Deque<String> queue = new ArrayDeque<>(reached);
        while (!queue.isEmpty()) {
            for (String next : edges.get(queue.pop())) {
                if (reached.add(next)) {
                    queue.push(next);
                }
            }
        }
        for (String name : edges.keySet()) {
            if (!reached.contains(name)) {
                error(MISSING_TRANSITION_TARGET, "State \"" + name + "\" is not reachable.", location + "/States/" + name);
            }
        }
    }

    private void nested(JsonNode states, String location, int depth) {
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String stateLocation = location + "/States/" + e.getKey();
            JsonNode branches = e.getValue().path("Branches");
            for (int i = 0; i < branches.size() && branches.isArray(); i++) {
                block(branches.get(i), FieldReader.index(stateLocation + "/Branches", i), depth + 1);
            }
            for (String field : List.of("ItemProcessor", "Iterator")) {
                if (e.getValue().path(field).isObject()) {
                    block(e.getValue().get(field), stateLocation + "/" + field, depth + 1);
                }
            }
        }
    }

    private void error(String code, String message, String location) {
        diagnostics.add(Diagnostic.error(code, message, location));
    }
}
