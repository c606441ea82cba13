package dev.stepwise.imagebuilder.component;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.document.DocumentProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads component documents: parses the text (YAML, of which JSON is a part) and checks what Image
 * Builder checks when a component is created: schemaVersion 1.0, parameters (each a one-key mapping
 * of its name to its type, default and description), and one to three phases (build, validate,
 * test), each with steps that have a unique name and one of the documented action modules, with
 * onFailure, timeoutSeconds and maxAttempts of the documented forms. Every problem is collected,
 * each naming its phase, step and field. Pure: no I/O, no clock.
 */
public final class ComponentDocuments {
    /** The action modules AWS Task Orchestrator and Executor documents for component steps. */
    public static final List<String> ACTIONS = List.of("AppendFile", "Assert", "CopyFile", "CopyFolder",
            "CreateFile", "CreateFolder", "CreateSymlink", "DeleteFile", "DeleteFolder", "ExecuteBash",
            "ExecuteBinary", "ExecuteDocument", "ExecutePowerShell", "InstallMSI", "ListFiles", "MoveFile",
            "MoveFolder", "ReadFile", "Reboot", "S3Download", "S3Upload", "SetFileEncoding", "SetFileOwner",
            "SetFilePermissions", "SetFolderOwner", "SetFolderPermissions", "SetRegistry", "UninstallMSI", "UpdateOS",
            "WebDownload");
    static final List<String> PHASES = List.of("build", "validate", "test");
    static final List<String> ON_FAILURE = List.of("Abort", "Continue", "Ignore");

    private static final ObjectMapper YAML = YAMLMapper.builder().nodeFactory(Json.NODES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> DOCUMENT_FIELDS = Set.of("name", "description", "schemaVersion", "parameters",
            "constants", "phases");
    private static final Set<String> STEP_FIELDS = Set.of("name", "action", "timeoutSeconds", "onFailure",
            "maxAttempts", "inputs", "loop", "if");
    private static final Set<String> PARAMETER_FIELDS = Set.of("type", "default", "description");

    private final List<DocumentProblem> problems = new ArrayList<>();

    private ComponentDocuments() {}

    /** The document, when it has no problem; otherwise every problem found, in document order. */
    public record Checked(ComponentDocument document, List<DocumentProblem> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Reads and checks {@code text} as a component document. */
    public static Checked read(String text) {
        ComponentDocuments reader = new ComponentDocuments();
        ComponentDocument document = reader.document(text);
        return new Checked(reader.problems.isEmpty() ? document : null, reader.problems);
    }

    private ComponentDocument document(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            problem("", "The component document is not valid YAML or JSON: " + parserMessage(e) + ".");
            return null;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problem("", "The component document is empty.");
            return null;
        }
        if (!root.isObject()) {
            problem("", "The component document must be a mapping of fields (name, description, schemaVersion, "
                    + "parameters, constants, phases), not " + kind(root) + ".");
            return null;
        }
        unknownFields(root, DOCUMENT_FIELDS, "", "The component document");
        String name = text(root, "name", "The document's name");
        String description = text(root, "description", "The document's description");
        String schemaVersion = schemaVersion(root.get("schemaVersion"));
        List<ComponentDocument.Parameter> parameters = parameters(root.get("parameters"));
        JsonNode constants = root.get("constants");
        if (constants != null && !constants.isNull() && !constants.isArray()) {
            problem("constants", "The document's constants must be a list, not " + kind(constants) + ".");
        }
        List<ComponentDocument.Phase> phases = phases(root.get("phases"));
        return new ComponentDocument(name, description, schemaVersion, parameters, phases);
    }

    private String schemaVersion(JsonNode v) {
        if (v == null || v.isNull()) {
            problem("schemaVersion", "The component document must give its schemaVersion, which is 1.0.");
            return null;
        }
        boolean one = v.isTextual() ? v.asText().strip().equals("1.0") : v.isNumber() && v.doubleValue() == 1.0;
        if (!one) {
            problem("schemaVersion", "The schemaVersion '" + v.asText() + "' is not supported; it must be 1.0.");
            return null;
        }
        return "1.0";
    }

    // ---- parameters

    private List<ComponentDocument.Parameter> parameters(JsonNode list) {
        List<ComponentDocument.Parameter> parameters = new ArrayList<>();
        if (list == null || list.isNull()) {
            return parameters;
        }
        if (!list.isArray()) {
            problem("parameters", "The document's parameters must be a list, not " + kind(list) + ".");
            return parameters;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "parameters[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject() || item.size() != 1) {
                problem(at, "Parameter " + at + " must be a mapping of the parameter's name to its type, default "
                        + "and description.");
                continue;
            }
            Map.Entry<String, JsonNode> entry = item.fields().next();
            String name = entry.getKey();
            JsonNode fields = entry.getValue();
            String label = "Parameter '" + name + "' (" + at + ")";
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                problem(at, "Duplicate parameter name '" + name + "' at " + at + " (first used at parameters[" + first
                        + "]).");
            }
            if (!fields.isObject()) {
                problem(at, label + ": it must be a mapping of type, default and description.");
                continue;
            }
            unknownFields(fields, PARAMETER_FIELDS, at + "." + name, label);
            JsonNode type = fields.get("type");
            if (type == null || type.isNull()) {
                problem(at + "." + name + ".type", label + ": the type is missing; it must be string.");
            } else if (!type.isTextual() || !type.asText().equals("string")) {
                problem(at + "." + name + ".type", label + ": the type '" + type.asText()
                        + "' is not supported; it must be string.");
            }
            JsonNode defaultValue = fields.get("default");
            if (defaultValue != null && !defaultValue.isNull() && !defaultValue.isValueNode()) {
                problem(at + "." + name + ".default", label + ": the default must be a string, not "
                        + kind(defaultValue) + ".");
                defaultValue = null;
            }
            JsonNode description = fields.get("description");
            parameters.add(new ComponentDocument.Parameter(name, "string",
                    defaultValue == null || defaultValue.isNull() ? null : defaultValue.asText(),
                    description == null || !description.isValueNode() ? null : description.asText()));
        }
        return parameters;
    }

    // ---- phases and steps

    private List<ComponentDocument.Phase> phases(JsonNode list) {
        List<ComponentDocument.Phase> phases = new ArrayList<>();
        if (list == null || list.isNull()) {
            problem("phases", "The component document must have phases: a list of build, validate and test "
                    + "phases.");
            return phases;
        }
        if (!list.isArray() || list.isEmpty()) {
            problem("phases", "The document's phases must be a list of one to three phases (build, validate, "
                    + "test).");
            return phases;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "phases[" + i + "]";
            JsonNode phase = list.get(i);
            if (!phase.isObject()) {
                problem(at, "Phase " + at + " must be a mapping of name and steps, not " + kind(phase) + ".");
                continue;
            }
            unknownFields(phase, Set.of("name", "steps"), at, "Phase " + at);
            JsonNode nameNode = phase.get("name");
            String name = nameNode != null && nameNode.isTextual() ? nameNode.asText() : null;
            if (name == null) {
                problem(at + ".name", "Phase " + at + " must have a name: build, validate or test.");
            } else if (!PHASES.contains(name)) {
                problem(at + ".name", "Phase " + at + ": '" + name + "' is not a phase; the phases are build, "
                        + "validate and test.");
            } else {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    problem(at + ".name", "Duplicate phase '" + name + "' at " + at + " (first used at phases["
                            + first + "]).");
                }
            }
            String label = "Phase '" + (name == null ? "?" : name) + "' (" + at + ")";
            phases.add(new ComponentDocument.Phase(name, steps(phase.get("steps"), at, label)));
        }
        return phases;
    }

    private List<ComponentDocument.Step> steps(JsonNode list, String phaseAt, String phaseLabel) {
        List<ComponentDocument.Step> steps = new ArrayList<>();
        if (list == null || list.isNull() || !list.isArray() || list.isEmpty()) {
            problem(phaseAt + ".steps", phaseLabel + ": it must have steps, a list of at least one step.");
            return steps;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = phaseAt + ".steps[" + i + "]";
            JsonNode step = list.get(i);
            if (!step.isObject()) {
                problem(at, phaseLabel + ": step " + at + " must be a mapping of name, action and inputs, not "
                        + kind(step) + ".");
                continue;
            }
            JsonNode nameNode = step.get("name");
            String name = nameNode != null && nameNode.isTextual() && !nameNode.asText().isBlank()
                    ? nameNode.asText() : null;
            String label = "Step '" + (name == null ? "?" : name) + "' (" + at + ")";
            unknownFields(step, STEP_FIELDS, at, label);
            if (name == null) {
                problem(at + ".name", phaseLabel + ": step " + at + " must have a name.");
            } else {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    problem(at + ".name", "Duplicate step name '" + name + "' at " + at + ": step names must be "
                            + "unique within a phase (first used at " + phaseAt + ".steps[" + first + "]).");
                }
            }
            JsonNode actionNode = step.get("action");
            String action = actionNode != null && actionNode.isTextual() ? actionNode.asText() : null;
            if (action == null) {
                problem(at + ".action", label + ": the action is missing; it must be one of the action modules "
                        + String.join(", ", ACTIONS) + ".");
            } else if (!ACTIONS.contains(action)) {
                problem(at + ".action", label + ": '" + action + "' is not an action module; the action modules "
                        + "are " + String.join(", ", ACTIONS) + ".");
            }
            onFailure(step.get("onFailure"), at, label);
            integer(step.get("timeoutSeconds"), at + ".timeoutSeconds", label, "timeoutSeconds", -1, 43_200);
            integer(step.get("maxAttempts"), at + ".maxAttempts", label, "maxAttempts", 1, 10);
            JsonNode loop = step.get("loop");
            if (loop != null && !loop.isNull() && !loop.isObject()) {
                problem(at + ".loop", label + ": the loop must be a mapping, not " + kind(loop) + ".");
            }
            steps.add(new ComponentDocument.Step(name, action));
        }
        return steps;
    }

    private void onFailure(JsonNode v, String at, String label) {
        if (v != null && !v.isNull() && (!v.isTextual() || !ON_FAILURE.contains(v.asText()))) {
            problem(at + ".onFailure", label + ": onFailure '" + v.asText() + "' is not valid; it must be Abort, "
                    + "Continue or Ignore.");
        }
    }

    private void integer(JsonNode v, String at, String label, String field, int min, int max) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isIntegralNumber() || v.longValue() < min || v.longValue() > max) {
            problem(at, label + ": " + field + " '" + v.asText() + "' is not valid; it must be a whole number from "
                    + min + " to " + max + ".");
        }
    }

    // ---- helpers

    private String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            problem(field, what + " must be text, not " + kind(v) + ".");
            return null;
        }
        return v.asText();
    }

    private void unknownFields(JsonNode node, Set<String> known, String at, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                problem(at.isEmpty() ? field : at + "." + field, what + " has an unknown field '" + field + "'.");
            }
        }
    }

    private void problem(String location, String message) {
        problems.add(new DocumentProblem(location, message));
    }

    private static String kind(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.isTextual() ? "text" : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : "nothing";
    }

    private static String parserMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "unreadable content" : e.getOriginalMessage().strip();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline).strip();
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return message;
    }
}
