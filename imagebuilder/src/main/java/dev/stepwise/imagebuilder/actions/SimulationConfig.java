package dev.stepwise.imagebuilder.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the simulated actions behave, set by a file (YAML, or JSON, which is YAML too) given with
 * {@code --imagebuilder-actions FILE}:
 *
 * <pre>
 * rules:
 *   - step: Configure              # the step's name (absent: any step)
 *     action: RunCommand           # the step's action (absent: any action)
 *     workflow: my-build           # the workflow's name (absent: any workflow)
 *     attempts: [1, 2]             # which runs of the matching step (1: its first); absent: every run
 *     fail: The command failed.    # the action fails with this message
 *     outputs: {status: Failed}    # outputs put over the simulated ones
 *     rollbackFail: Cannot undo.   # the step's rollback fails with this message
 * </pre>
 *
 * The first rule that matches a step's run applies to it. Runs are counted per workflow name and
 * step name from the server's start (a step run again after a restart counts again).
 */
public record SimulationConfig(List<Rule> rules) {
    public static final SimulationConfig NONE = new SimulationConfig(List.of());
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("step", "action", "workflow", "attempts", "fail", "outputs",
            "rollbackFail");

    public SimulationConfig {
        rules = List.copyOf(rules);
    }

    /** A rule: which runs it matches (null: any) and what it makes of them. */
    public record Rule(String step, String action, String workflow, Set<Integer> attempts, String fail,
                       ObjectNode outputs, String rollbackFail) {

        boolean matches(String workflowName, String stepName, String actionName, int attempt) {
            return (step == null || step.equals(stepName)) && (action == null || action.equals(actionName))
                    && (workflow == null || workflow.equals(workflowName))
                    && (attempts == null || attempts.contains(attempt));
        }
    }

    /** The first rule matching the {@code attempt}th run of a step; null when none does. */
    public Rule rule(String workflowName, String stepName, String action, int attempt) {
        return rules.stream().filter(r -> r.matches(workflowName, stepName, action, attempt)).findFirst()
                .orElse(null);
    }

    /** Reads a configuration file; IllegalArgumentException naming the problem when it is not one. */
    public static SimulationConfig load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Reads a configuration's text; IllegalArgumentException naming the problem when it is not one. */
    public static SimulationConfig parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The Image Builder actions file is not valid YAML or JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        JsonNode rules = root.path("rules");
        if (!root.isObject() || !rules.isArray()) {
            throw new IllegalArgumentException("The Image Builder actions file must hold a list 'rules'.");
        }
        List<Rule> read = new ArrayList<>();
        int i = 0;
        for (JsonNode r : rules) {
            read.add(rule(r, "rules[" + i++ + "]"));
        }
        return new SimulationConfig(read);
    }

    private static Rule rule(JsonNode r, String at) {
        if (!r.isObject()) {
            throw new IllegalArgumentException(at + " must be a map.");
        }
        r.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(at + " has the unknown field '" + f + "'; the fields are "
                        + new TreeSet<>(FIELDS) + ".");
            }
        });
        Set<Integer> attempts = null;
        if (r.has("attempts")) {
            attempts = new TreeSet<>();
            for (JsonNode a : r.get("attempts")) {
                if (!a.canConvertToInt() || !a.isIntegralNumber() || a.asInt() < 1) {
                    throw new IllegalArgumentException(at + ".attempts must list whole numbers of at least 1.");
                }
                attempts.add(a.asInt());
            }
            if (!r.get("attempts").isArray() || attempts.isEmpty()) {
                throw new IllegalArgumentException(at + ".attempts must list whole numbers of at least 1.");
            }
        }
        JsonNode outputs = r.get("outputs");
        if (outputs != null && !outputs.isObject()) {
            throw new IllegalArgumentException(at + ".outputs must be a map of output names to values.");
        }
        return new Rule(text(r, "step", at), text(r, "action", at), text(r, "workflow", at), attempts,
                text(r, "fail", at), (ObjectNode) outputs, text(r, "rollbackFail", at));
    }

    private static String text(JsonNode r, String field, String at) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(at + "." + field + " must be a string.");
        }
        return v.asText();
    }
}
