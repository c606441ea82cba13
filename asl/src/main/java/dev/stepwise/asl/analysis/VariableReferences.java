package dev.stepwise.asl.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables each state of a definition reads, as DescribeStateMachine reports them in
 * {@code variableReferences}: from path fields ({@code …Path}, {@code Variable}), {@code "key.$"}
 * values (paths and intrinsic arguments) and JSONata expressions. States nested in Parallel
 * branches and Map processors are reported under their own names. Only states that read at least
 * one variable appear; names are sorted.
 */
public final class VariableReferences {
    private static final Pattern PATH_VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern INTRINSIC_VARIABLE = Pattern.compile("(?<![A-Za-z0-9_$.])\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern JSONATA_VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*(\\()?");

    private VariableReferences() {}

    public static Map<String, List<String>> of(JsonNode definition) {
        Map<String, List<String>> out = new TreeMap<>();
        states(definition, out);
        return out;
    }

    private static void states(JsonNode block, Map<String, List<String>> out) {
        JsonNode states = block.path("States");
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            TreeSet<String> names = new TreeSet<>();
            fields(e.getValue(), names, true);
            if (!names.isEmpty()) {
                out.put(e.getKey(), new ArrayList<>(names));
            }
            JsonNode state = e.getValue();
            for (JsonNode branch : state.path("Branches")) {
                states(branch, out);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.has(processor)) {
                    states(state.get(processor), out);
                }
            }
        }
    }

    /** Collects references in a state's own fields; nested blocks are left to {@link #states}. */
    private static void fields(JsonNode node, TreeSet<String> names, boolean stateLevel) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                if (stateLevel && (key.equals("Branches") || key.equals("ItemProcessor") || key.equals("Iterator"))) {
                    continue;
                }
                if (value.isTextual()) {
                    String text = value.asText();
                    if (key.endsWith(".$") || key.endsWith("Path")) {
                        // ErrorPath and CausePath may hold an intrinsic call, as "key.$" values do
                        dynamicValue(text, names);
                    } else if (key.equals("Variable")) {
                        pathVariable(text, names);
                    } else {
                        jsonata(text, names);
                    }
                } else {
                    fields(value, names, false);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    jsonata(item.asText(), names);
                } else {
                    fields(item, names, false);
                }
            }
        }
    }

    private static void dynamicValue(String text, TreeSet<String> names) {
        if (text.startsWith("States.")) {
            Matcher m = INTRINSIC_VARIABLE.matcher(withoutStringLiterals(text));
            while (m.find()) {
                names.add(m.group(1));
            }
        } else {
            pathVariable(text, names);
        }
    }

    private static void pathVariable(String text, TreeSet<String> names) {
        if (text.startsWith("$$")) {
            return;
        }
        Matcher m = PATH_VARIABLE.matcher(text);
        if (m.find()) {
            names.add(m.group(1));
        }
    }

    private static void jsonata(String text, TreeSet<String> names) {
        if (!(text.startsWith("{%") && text.endsWith("%}"))) {
            return;
        }
        Matcher m = JSONATA_VARIABLE.matcher(withoutStringLiterals(text.substring(2, text.length() - 2)));
        while (m.find()) {
            if (m.group(2) == null && !m.group(1).equals("states")) {
                names.add(m.group(1));
            }
        }
    }

    /** The text with the contents of its '…' and "…" literals blanked out. */
    private static String withoutStringLiterals(String text) {
        StringBuilder out = new StringBuilder(text.length());
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < text.length()) {
                    i++;
                    out.append("  ");
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                    out.append(c);
                } else {
                    out.append(' ');
                }
            } else {
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
