package dev.stepwise.imagebuilder.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first pass over a workflow document: parses its text (YAML, of which JSON is a part) and
 * reads its structure into records, collecting every problem of form it finds (malformed text,
 * missing or misspelt fields, values of the wrong kind, bad {@code .$} paths, step names, the
 * number of steps) instead of stopping at the first. What it cannot read it leaves null or out,
 * so that {@link DocumentChecker} can still check the rest.
 */
final class DocumentReader {
    static final int MAX_STEPS = 15;
    static final int MAX_PARAMETERS = 25;
    static final int MAX_OUTPUTS = 25;
    static final int MAX_BRANCHES = 10;
    static final int MAX_CONDITION_LEVELS = 4;
    static final int MAX_TEXT = 1024;

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .nodeFactory(Json.NODES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> DOCUMENT_FIELDS = Set.of("name", "description", "schemaVersion", "parameters",
            "steps", "outputs");
    private static final Set<String> STEP_FIELDS = Set.of("name", "action", "description", "inputs", "if", "onFailure",
            "rollbackEnabled", "timeoutSeconds");
    private static final Set<String> PARAMETER_FIELDS = Set.of("name", "type", "default", "description");
    private static final Set<String> OUTPUT_FIELDS = Set.of("name", "value");
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_]{3,128}");
    private static final Pattern INTERPOLATION = Pattern.compile("\\{\\{\\s*(\\$\\..*?)\\s*}}");
    private static final String REFERENCE_SUFFIX = ".$";

    private final List<DocumentProblem> problems = new ArrayList<>();

    /** The document as read (null when its text is not a document at all) and the problems found. */
    record Read(WorkflowDocument document, List<DocumentProblem> problems) {}

    static Read read(String text) {
        return new DocumentReader().readText(text);
    }

    private Read readText(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            problem("", "The workflow document is not valid YAML or JSON: " + parserMessage(e) + ".");
            return new Read(null, problems);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problem("", "The workflow document is empty.");
            return new Read(null, problems);
        }
        if (!root.isObject()) {
            problem("", "The workflow document must be a mapping of fields (name, description, schemaVersion, "
                    + "parameters, steps, outputs), not " + kind(root) + ".");
            return new Read(null, problems);
        }
        unknownFields(root, DOCUMENT_FIELDS, "", "the workflow document");
        String name = optionalText(root, "name", "", "The document's name");
        String description = optionalText(root, "description", "", "The document's description");
        String schemaVersion = schemaVersion(root.get("schemaVersion"));
        List<WorkflowParameter> parameters = parameters(root.get("parameters"));
        List<WorkflowStep> steps = steps(root.get("steps"));
        List<WorkflowOutput> outputs = outputs(root.get("outputs"));
        return new Read(new WorkflowDocument(name, description, schemaVersion, parameters, steps, outputs), problems);
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

    // ---- identification

    private String schemaVersion(JsonNode v) {
        if (v == null || v.isNull()) {
            problem("schemaVersion", "The workflow document must give its schemaVersion, which is 1.0.");
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

    private List<WorkflowParameter> parameters(JsonNode list) {
        List<WorkflowParameter> parameters = new ArrayList<>();
        if (list == null || list.isNull()) {
            return parameters;
        }
        if (!list.isArray()) {
            problem("parameters", "'parameters' must be a list of parameters, not " + kind(list) + ".");
            return parameters;
        }
        if (list.size() > MAX_PARAMETERS) {
            problem("parameters", "The workflow document has " + list.size()
                    + " parameters; a workflow document can have at most " + MAX_PARAMETERS + ".");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "parameters[" + i + "]";
            JsonNode p = list.get(i);
            if (!p.isObject()) {
                problem(at, at + " must be a mapping with a name and a type, not " + kind(p) + ".");
                continue;
            }
            unknownFields(p, PARAMETER_FIELDS, at, at);
            String name = p.path("name").isTextual() ? p.get("name").asText() : null;
            if (name == null || name.isEmpty() || name.length() > 128 || name.indexOf('\0') >= 0) {
                problem(at + ".name", at + " must have a name of 1 to 128 characters.");
                continue;
            }
            String label = "Parameter '" + name + "' (" + at + ")";
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                problem(at + ".name", "Duplicate parameter name '" + name + "' at " + at
                        + ": parameter names must be unique (first used at parameters[" + first + "]).");
            }
            ParameterType type = parameterType(p.get("type"), at, label);
            String description = optionalText(p, "description", at, label + ": the description");
            List<String> defaultValue = type == null ? null : defaultValue(p.get("default"), type, at, label);
            if (type != null) {
                parameters.add(new WorkflowParameter(name, type, defaultValue, description));
            }
        }
        return parameters;
    }

    /** A parameter without a type is a string, as AWS documents it. */
    private ParameterType parameterType(JsonNode v, String at, String label) {
        if (v == null || v.isNull()) {
            return ParameterType.STRING;
        }
        Optional<ParameterType> type = v.isTextual() ? ParameterType.fromDocumentName(v.asText()) : Optional.empty();
        if (type.isEmpty()) {
            problem(at + ".type", label + ": the type '" + v.asText()
                    + "' is not supported; use string, integer, boolean or stringList.");
            return null;
        }
        return type.get();
    }

    private List<String> defaultValue(JsonNode v, ParameterType type, String at, String label) {
        if (v == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean ok = switch (type) {
            case STRING -> v.isTextual();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToLong();
            case BOOLEAN -> v.isBoolean();
            case STRING_LIST -> {
                boolean allText = v.isArray();
                for (JsonNode item : v) {
                    allText &= item.isTextual();
                }
                yield allText;
            }
        };
        if (!ok) {
            problem(at + ".default", label + ": the default value " + shown(v) + " is not " + article(type)
                    + ", the parameter's type.");
            return null;
        }
        if (v.isArray()) {
            v.forEach(item -> values.add(item.asText()));
        } else {
            values.add(v.asText());
        }
        for (String value : values) {
            if (value.length() > MAX_TEXT) {
                problem(at + ".default", label + ": a default value can have at most " + MAX_TEXT + " characters.");
                return null;
            }
        }
        return values;
    }

    private static String article(ParameterType type) {
        return switch (type) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case BOOLEAN -> "a boolean";
            case STRING_LIST -> "a stringList (a list of strings)";
        };
    }

    // ---- steps

    private List<WorkflowStep> steps(JsonNode list) {
        List<WorkflowStep> steps = new ArrayList<>();
        if (list == null || list.isNull()) {
            problem("steps", "The workflow document must have 'steps': a list of 1 to " + MAX_STEPS + " steps.");
            return steps;
        }
        if (!list.isArray()) {
            problem("steps", "'steps' must be a list of 1 to " + MAX_STEPS + " steps, not " + kind(list) + ".");
            return steps;
        }
        if (list.isEmpty()) {
            problem("steps", "The workflow document must have at least one step.");
        } else if (list.size() > MAX_STEPS) {
            problem("steps", "The workflow document has " + list.size()
                    + " steps; a workflow document can have at most " + MAX_STEPS + " steps.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "steps[" + i + "]";
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                problem(at, at + " must be a mapping with a name and an action, not " + kind(s) + ".");
                steps.add(null);
                continue;
            }
            steps.add(step(s, at, seen, i));
        }
        return steps;
    }

    private WorkflowStep step(JsonNode s, String at, Map<String, Integer> seen, int index) {
        String name = stepName(s.get("name"), at, seen, index);
        String label = name != null ? "Step '" + name + "' (" + at + ")" : at;
        unknownFields(s, STEP_FIELDS, at, name != null ? "step '" + name + "' (" + at + ")" : at);
        String action = null;
        JsonNode a = s.get("action");
        if (a == null || a.isNull()) {
            problem(at + ".action", label + ": 'action' is required.");
        } else if (!a.isTextual()) {
            problem(at + ".action", label + ": 'action' must be the name of a step action, not " + kind(a) + ".");
        } else {
            action = a.asText();
        }
        String description = optionalText(s, "description", at, label + ": the description");
        Map<String, InputValue> inputs = inputs(s.get("inputs"), at, label);
        Condition condition = s.has("if") ? parentCondition(s.get("if"), at + ".if", label) : null;
        OnFailure onFailure = onFailure(s.get("onFailure"), at, label);
        InputValue rollbackEnabled = rollbackEnabled(s.get("rollbackEnabled"), at, label);
        Integer timeoutSeconds = timeoutSeconds(s.get("timeoutSeconds"), at, label);
        return new WorkflowStep(name, action, description, inputs, condition, onFailure, rollbackEnabled,
                timeoutSeconds);
    }

    private String stepName(JsonNode v, String at, Map<String, Integer> seen, int index) {
        if (v == null || v.isNull()) {
            problem(at + ".name", at + ": 'name' is required.");
            return null;
        }
        String name = v.asText();
        if (!v.isTextual() || !STEP_NAME.matcher(name).matches()) {
            problem(at + ".name", "Invalid step name '" + name + "' at " + at + ". A step name is 3 to 128 "
                    + "characters: numbers [0-9], english letters [a-z,A-Z] and the special character [_].");
            return null;
        }
        Integer first = seen.putIfAbsent(name, index);
        if (first != null) {
            problem(at + ".name", "Duplicate step name '" + name + "' at " + at
                    + ": step names must be unique within the workflow document (first used at steps[" + first + "]).");
        }
        return name;
    }

    private OnFailure onFailure(JsonNode v, String at, String label) {
        if (v == null || v.isNull()) {
            return OnFailure.ABORT;
        }
        Optional<OnFailure> f = v.isTextual() ? OnFailure.fromDocumentName(v.asText()) : Optional.empty();
        if (f.isEmpty()) {
            problem(at + ".onFailure", label + ": onFailure must be Abort or Continue, not " + shown(v) + ".");
            return OnFailure.ABORT;
        }
        return f.get();
    }

    private InputValue rollbackEnabled(JsonNode v, String at, String label) {
        if (v == null || v.isNull()) {
            return InputValue.literal(BooleanNode.TRUE);
        }
        if (v.isBoolean()) {
            return InputValue.literal(v);
        }
        if (v.isTextual()) {
            Optional<VariablePath> path = VariablePath.parse(v.asText());
            if (path.isPresent()) {
                return new InputValue.Reference(path.get());
            }
        }
        problem(at + ".rollbackEnabled", label + ": rollbackEnabled must be true, false or a JSONPath variable "
                + "that resolves to true or false, not " + shown(v) + ".");
        return InputValue.literal(BooleanNode.TRUE);
    }

    private Integer timeoutSeconds(JsonNode v, String at, String label) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            problem(at + ".timeoutSeconds", label + ": timeoutSeconds must be a whole number of seconds of at least 1, "
                    + "not " + shown(v) + ".");
            return null;
        }
        return v.intValue();
    }

    // ---- inputs

    private Map<String, InputValue> inputs(JsonNode v, String at, String label) {
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            problem(at + ".inputs", label + ": 'inputs' must be a mapping of input names to values, not "
                    + kind(v) + ".");
            return Map.of();
        }
        return ((InputValue.MapValue) value(v, at + ".inputs", label)).entries();
    }

    /** A value of the document; {@code at} is its location, {@code label} names its step for messages. */
    private InputValue value(JsonNode v, String at, String label) {
        if (v.isObject()) {
            Map<String, InputValue> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String where = at + "." + key;
                InputValue item;
                String name = key;
                if (key.endsWith(REFERENCE_SUFFIX) && key.length() > REFERENCE_SUFFIX.length()) {
                    name = key.substring(0, key.length() - REFERENCE_SUFFIX.length());
                    item = reference(e.getValue(), where, label, key);
                } else {
                    item = value(e.getValue(), where, label);
                }
                if (item == null) {
                    continue;
                }
                if (entries.containsKey(name)) {
                    problem(where, label + ": '" + name + "' and '" + name + REFERENCE_SUFFIX + "' are both given at "
                            + at + "; give the value or the reference, not both.");
                    continue;
                }
                entries.put(name, item);
            }
            return new InputValue.MapValue(entries);
        }
        if (v.isArray()) {
            List<InputValue> items = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                InputValue item = value(v.get(i), at + "[" + i + "]", label);
                if (item != null) {
                    items.add(item);
                }
            }
            return new InputValue.ListValue(items);
        }
        if (v.isTextual()) {
            return text(v, at, label);
        }
        return InputValue.literal(v);
    }

    /** The value of an input named {@code name.$}: a JSONPath variable, nothing else. */
    private InputValue reference(JsonNode v, String at, String label, String key) {
        if (v.isTextual()) {
            Optional<VariablePath> path = VariablePath.parse(v.asText());
            if (path.isPresent()) {
                return new InputValue.Reference(path.get());
            }
        }
        problem(at, label + ": '" + key + "' has " + shown(v) + ", which is not a JSONPath variable; an input named "
                + "with the suffix .$ takes $.parameters.<name>, $.stepOutputs.<step>.<output>, "
                + "$.workflowOutputs.<name> or $.imagebuilder.<variable>.");
        return null;
    }

    /** A string: a literal, or a template when it interpolates variables ({@code {{ $.… }}}). */
    private InputValue text(JsonNode v, String at, String label) {
        String s = v.asText();
        Matcher m = INTERPOLATION.matcher(s);
        List<VariablePath> paths = new ArrayList<>();
        while (m.find()) {
            Optional<VariablePath> path = VariablePath.parse(m.group(1));
            if (path.isEmpty()) {
                problem(at, label + ": '{{ " + m.group(1) + " }}' at " + at + " is not a JSONPath variable; use "
                        + "$.parameters.<name>, $.stepOutputs.<step>.<output>, $.workflowOutputs.<name> or "
                        + "$.imagebuilder.<variable>.");
            } else {
                paths.add(path.get());
            }
        }
        return paths.isEmpty() ? InputValue.literal(v) : new InputValue.Template(s, paths);
    }

    // ---- conditions

    /**
     * The statement under {@code if}: one statement at the parent level, written as a mapping (a
     * comparison may also be written as a one-item list, as AWS's examples do).
     */
    private Condition parentCondition(JsonNode v, String at, String label) {
        if (v.isArray() && v.size() == 1 && v.get(0).isObject() && isComparison(v.get(0))) {
            return statement(v.get(0), 1, at + "[0]", label);
        }
        if (!v.isObject()) {
            problem(at, label + ": 'if' must hold one conditional statement (and, or, not, or a comparison), not "
                    + kind(v) + ".");
            return null;
        }
        return statement(v, 1, at, label);
    }

    private static boolean isComparison(JsonNode v) {
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            if (ComparisonOperator.fromDocumentName(it.next()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Condition statement(JsonNode v, int level, String at, String label) {
        if (level > MAX_CONDITION_LEVELS) {
            problem(at, label + ": the conditional statement at " + at + " is nested " + level
                    + " levels deep; conditional statements can have at most " + MAX_CONDITION_LEVELS + " levels.");
            return null;
        }
        if (!v.isObject()) {
            problem(at, label + ": the conditional statement at " + at + " must be a mapping, not " + kind(v) + ".");
            return null;
        }
        for (String branch : List.of("and", "or", "not")) {
            if (v.has(branch)) {
                if (v.size() != 1) {
                    problem(at, label + ": '" + branch + "' at " + at
                            + " must be on a line by itself, with its conditions indented under it.");
                    return null;
                }
                return branch.equals("not") ? not(v.get("not"), level, at + ".not", label)
                        : branching(branch, v.get(branch), level, at + "." + branch, label);
            }
        }
        return comparison(v, at, label);
    }

    private Condition branching(String branch, JsonNode children, int level, String at, String label) {
        if (!children.isArray() || children.isEmpty() || children.size() > MAX_BRANCHES) {
            problem(at, label + ": '" + branch + "' at " + at + " must list 1 to " + MAX_BRANCHES
                    + " conditional statements.");
            return null;
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Condition c = statement(children.get(i), level + 1, at + "[" + i + "]", label);
            if (c != null) {
                conditions.add(c);
            }
        }
        if (conditions.size() != children.size()) {
            return null;
        }
        return branch.equals("and") ? new Condition.And(conditions) : new Condition.Or(conditions);
    }

    private Condition not(JsonNode child, int level, String at, String label) {
        JsonNode statement = child.isArray() && child.size() == 1 ? child.get(0) : child;
        if (!statement.isObject()) {
            problem(at, label + ": 'not' at " + at + " must hold exactly one conditional statement.");
            return null;
        }
        Condition c = statement(statement, level + 1, child.isArray() ? at + "[0]" : at, label);
        return c == null ? null : new Condition.Not(c);
    }

    private Condition comparison(JsonNode v, String at, String label) {
        ComparisonOperator operator = null;
        JsonNode operand = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("value")) {
                continue;
            }
            Optional<ComparisonOperator> op = ComparisonOperator.fromDocumentName(e.getKey());
            if (op.isEmpty()) {
                problem(at + "." + e.getKey(), label + ": '" + e.getKey() + "' at " + at + " is not a conditional "
                        + "statement; use and, or, not, booleanEquals, numberEquals, numberGreaterThan, "
                        + "numberGreaterThanEquals, numberLessThan, numberLessThanEquals or stringEquals.");
                return null;
            }
            if (operator != null) {
                problem(at, label + ": the comparison at " + at + " has two operators (" + operator.documentName()
                        + " and " + e.getKey() + "); each comparison has one, with its value.");
                return null;
            }
            operator = op.get();
            operand = e.getValue();
        }
        if (operator == null) {
            problem(at, label + ": the conditional statement at " + at + " has no comparison operator.");
            return null;
        }
        String where = at + "." + operator.documentName();
        if (!operand.isValueNode() || operand.isNull()) {
            problem(where, label + ": " + operator.documentName() + " at " + at + " must compare with a "
                    + kindOf(operator) + ", not " + kind(operand) + ".");
            return null;
        }
        if (!fits(operand, operator)) {
            problem(where, label + ": " + operator.documentName() + " at " + at + " must compare with a "
                    + kindOf(operator) + ", not " + shown(operand) + ".");
            return null;
        }
        JsonNode value = v.get("value");
        if (value == null || value.isNull()) {
            problem(at + ".value", label + ": the comparison " + operator.documentName() + " at " + at
                    + " needs a 'value' to compare.");
            return null;
        }
        InputValue compared = comparedValue(value, operator, at + ".value", label);
        return compared == null ? null : new Condition.Comparison(operator, (ValueNode) operand, compared);
    }

    private InputValue comparedValue(JsonNode value, ComparisonOperator operator, String at, String label) {
        if (value.isTextual() && VariablePath.looksLikePath(value.asText())) {
            Optional<VariablePath> path = VariablePath.parse(value.asText());
            if (path.isEmpty()) {
                problem(at, label + ": the value " + shown(value) + " at " + at + " is not a JSONPath variable; use "
                        + "$.parameters.<name>, $.stepOutputs.<step>.<output>, $.workflowOutputs.<name> or "
                        + "$.imagebuilder.<variable>.");
                return null;
            }
            return new InputValue.Reference(path.get());
        }
        if (!value.isValueNode() || !fits(value, operator)) {
            problem(at, label + ": the value " + shown(value) + " at " + at + " is not a " + kindOf(operator)
                    + ", which " + operator.documentName() + " compares.");
            return null;
        }
        return InputValue.literal(value);
    }

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /** Whether a literal can be compared by {@code operator}: strings convert to strings, numbers may be written as text. */
    private static boolean fits(JsonNode v, ComparisonOperator operator) {
        return switch (operator.kind()) {
            case BOOLEAN -> v.isBoolean();
            case NUMBER -> v.isNumber() || v.isTextual() && NUMERIC.matcher(v.asText()).matches();
            case STRING -> v.isTextual() || v.isNumber() || v.isBoolean();
        };
    }

    private static String kindOf(ComparisonOperator operator) {
        return switch (operator.kind()) {
            case BOOLEAN -> "boolean (true or false)";
            case NUMBER -> "number";
            case STRING -> "string";
        };
    }

    // ---- outputs

    private List<WorkflowOutput> outputs(JsonNode list) {
        List<WorkflowOutput> outputs = new ArrayList<>();
        if (list == null || list.isNull()) {
            return outputs;
        }
        if (!list.isArray()) {
            problem("outputs", "'outputs' must be a list of outputs, each with a name and a value, not "
                    + kind(list) + ".");
            return outputs;
        }
        if (list.size() > MAX_OUTPUTS) {
            problem("outputs", "The workflow document has " + list.size()
                    + " outputs; a workflow document can have at most " + MAX_OUTPUTS + ".");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "outputs[" + i + "]";
            JsonNode o = list.get(i);
            if (!o.isObject()) {
                problem(at, at + " must be a mapping with a name and a value, not " + kind(o) + ".");
                continue;
            }
            unknownFields(o, OUTPUT_FIELDS, at, at);
            JsonNode name = o.get("name");
            JsonNode value = o.get("value");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                problem(at + ".name", at + " must have a name.");
                continue;
            }
            String label = "Output '" + name.asText() + "' (" + at + ")";
            Integer first = seen.putIfAbsent(name.asText(), i);
            if (first != null) {
                problem(at + ".name", "Duplicate output name '" + name.asText() + "' at " + at
                        + ": output names must be unique (first used at outputs[" + first + "]).");
            }
            if (value == null || !value.isTextual()) {
                problem(at + ".value", label + " must have a value: a string, usually a variable such as "
                        + "$.stepOutputs.<step>.<output>.");
                continue;
            }
            InputValue v;
            if (VariablePath.looksLikePath(value.asText())) {
                Optional<VariablePath> path = VariablePath.parse(value.asText());
                if (path.isEmpty()) {
                    problem(at + ".value", label + ": the value " + shown(value) + " is not a JSONPath variable; use "
                            + "$.parameters.<name>, $.stepOutputs.<step>.<output>, $.workflowOutputs.<name> or "
                            + "$.imagebuilder.<variable>.");
                    continue;
                }
                v = new InputValue.Reference(path.get());
            } else {
                v = text(value, at + ".value", label);
            }
            outputs.add(new WorkflowOutput(name.asText(), v));
        }
        return outputs;
    }

    // ---- helpers

    private String optionalText(JsonNode o, String field, String at, String what) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String where = at.isEmpty() ? field : at + "." + field;
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_TEXT) {
            problem(where, what + " must be a string of 1 to " + MAX_TEXT + " characters.");
            return null;
        }
        return v.asText();
    }

    private void unknownFields(JsonNode o, Set<String> known, String at, String label) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                problem(at.isEmpty() ? field : at + "." + field, "Unknown field '" + field + "' in " + label
                        + "; the fields are " + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }

    private void problem(String location, String message) {
        problems.add(new DocumentProblem(location, message));
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT, POJO -> "a mapping";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "nothing";
            default -> "a value";
        };
    }

    /** A value as messages quote it: strings in quotes, anything else in its YAML-ish JSON form. */
    static String shown(JsonNode v) {
        if (v.isTextual()) {
            String s = v.asText();
            return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
        }
        String s = Json.write(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
