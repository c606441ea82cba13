package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSON_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.PASS_RESULT_IS_STATIC;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static dev.stepwise.asl.parse.DiagnosticCodes.TOO_DEEPLY_NESTED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.eval.Timestamps;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.ChoiceRule;
import dev.stepwise.asl.model.ChoiceState;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ErrorHandling;
import dev.stepwise.asl.model.FailState;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.PassState;
import dev.stepwise.asl.model.QueryLanguage;
import dev.stepwise.asl.model.ResultFlow;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.StateType;
import dev.stepwise.asl.model.SucceedState;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.asl.model.WaitState;
import dev.stepwise.asl.resource.TaskResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a definition into the model, collecting every schema problem with its location instead
 * of stopping at the first; the {@link DefinitionValidator} then checks names, transitions,
 * reachability and terminal states on the same JSON. Contract: {@link #parse} never throws; it
 * yields a machine exactly when no ERROR diagnostic was found, and that machine the engine can run.
 */
public final class DefinitionParser {
    /** The type of state machine a definition is validated for; EXPRESS refuses some integrations. */
    public enum MachineType { STANDARD, EXPRESS }

    private static final Set<String> ROOT_FIELDS = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("Comment", "StartAt", "States");
    private static final Set<String> PROCESSOR_FIELDS = Set.of("Comment", "StartAt", "States", "ProcessorConfig");
    private static final int MAX_SECONDS = 99999999;

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Templates templates = new Templates(diagnostics);
    private final ChoiceRules choiceRules = new ChoiceRules(diagnostics, templates);
    private final ErrorHandlers errorHandlers = new ErrorHandlers(diagnostics, templates);
    private final MachineType machineType;
    /** Whether any service integration is taken, recognised by {@link dev.stepwise.asl.resource.IntegrationCatalog} or not. */
    private final boolean anyIntegration;
    private QueryLanguage machineLanguage = QueryLanguage.JSONPATH;

    private DefinitionParser(MachineType machineType, boolean anyIntegration) {
        this.machineType = machineType;
        this.anyIntegration = anyIntegration;
    }

    /** Parses and validates a definition for a STANDARD state machine. */
    public static ParsedDefinition parse(String text) {
        return parse(text, MachineType.STANDARD);
    }

    /** Parses and validates a definition for a state machine of the given type. */
    public static ParsedDefinition parse(String text, MachineType type) {
        return parse(text, type, false);
    }

    /**
     * Parses a definition that was accepted before (an execution's stored definition) or that a face
     * compiled for the engine (a Transfer or Image Builder workflow, whose Tasks call the face's own
     * integrations): as {@link #parse(String, MachineType)}, except that a service integration is
     * taken whether or not this build's catalog recognises it. So a running execution is never refused
     * by a later build's narrower list, and an integration no integration serves fails its task when
     * it runs, naming the resource.
     */
    public static ParsedDefinition parseAccepted(String text, MachineType type) {
        return parse(text, type, true);
    }

    private static ParsedDefinition parse(String text, MachineType type, boolean anyIntegration) {
        DefinitionParser parser = new DefinitionParser(type, anyIntegration);
        JsonNode root = parser.readJson(text);
        StateMachine machine = null;
        if (root != null) {
            machine = parser.machine((ObjectNode) root);
            parser.diagnostics.addAll(DefinitionValidator.validate((ObjectNode) root, text, false));
        }
        return parser.outcome(machine);
    }

    /**
     * Parses the definition of one state on its own (TestState's definition without a stateName):
     * the state becomes the only state, named {@code name}, of a STANDARD machine, so its problems
     * are located at "/States/{name}/…" as AWS locates them. Its transitions lead outside the
     * machine, so they are not checked, nor is the machine's terminal state; the blocks nested in
     * the state (Parallel branches, a Map's item processor) are checked in full.
     */
    public static ParsedDefinition parseState(String text, String name) {
        DefinitionParser parser = new DefinitionParser(MachineType.STANDARD, false);
        JsonNode state = parser.readJson(text);
        StateMachine machine = null;
        if (state != null) {
            // the wrapper is written around the state's own text so that keys it repeats are still found
            String quoted = Json.write(Json.text(name));
            String wrapped = "{\"StartAt\":" + quoted + ",\"States\":{" + quoted + ":" + text + "}}";
            ObjectNode root = Json.object();
            root.put("StartAt", name);
            root.putObject("States").set(name, state);
            machine = parser.machine(root);
            parser.diagnostics.addAll(DefinitionValidator.validate(root, wrapped, true));
        }
        return parser.outcome(machine);
    }

    private ParsedDefinition outcome(StateMachine machine) {
        boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
        return new ParsedDefinition(failed ? null : machine, List.copyOf(diagnostics));
    }

    // ---- the text

    /** The definition's root object, or null (reported) when the text is not a JSON object. */
    private JsonNode readJson(String text) {
        if (text == null || text.isEmpty()) {
            diagnostics.add(Diagnostic.error(MISSING_DESCRIPTION, "The definition is empty", null));
            return null;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            diagnostics.add(Diagnostic.error(TOO_DEEPLY_NESTED, "The definition is too deeply nested", null));
            return null;
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? null : e.getLocation().toString();
            diagnostics.add(Diagnostic.error(INVALID_JSON_DESCRIPTION, e.getMessage(), location));
            return null;
        }
        if (root == null || !root.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object", null));
            return null;
        }
        return root;
    }

    // ---- the machine and its blocks

    private StateMachine machine(ObjectNode node) {
        FieldReader r = new FieldReader(node, "", diagnostics, ROOT_FIELDS);
        String comment = r.string("Comment");
        String version = r.string("Version");
        Integer timeout = r.integer("TimeoutSeconds");
        if (timeout != null && (timeout < 0 || timeout > MAX_SECONDS)) {
            r.rangeError("TimeoutSeconds", "between 0 and " + MAX_SECONDS);
        }
        if (r.has("QueryLanguage")) {
            machineLanguage = queryLanguage(r);
        }
        Block block = block(r, "");
        r.finish();
        return block == null ? null : new StateMachine(comment, version, timeout, machineLanguage, block);
    }

    /**
     * A QueryLanguage value: only "JSONPath" means JSONPath; any other value, reported when it is
     * not "JSONata", means JSONata.
     */
    private static QueryLanguage queryLanguage(FieldReader r) {
        JsonNode v = r.raw("QueryLanguage");
        if (!v.isTextual()) {
            r.typeError("QueryLanguage", "String");
            return QueryLanguage.JSONATA;
        }
        QueryLanguage parsed = QueryLanguage.fromWire(v.asText());
        if (parsed == null) {
            r.error(SCHEMA_VALIDATION_FAILED, "The field 'QueryLanguage' should have one of these values: "
                    + "[JSONPath, JSONata]", r.at("QueryLanguage"));
            return QueryLanguage.JSONATA;
        }
        return parsed;
    }

    /** Reads StartAt and States from the object behind {@code r}; null when a state could not be read. */
    private Block block(FieldReader r, String location) {
        r.require("States");
        r.require("StartAt");
        String startAt = r.string("StartAt");
        JsonNode statesNode = r.raw("States");
        if (statesNode == null) {
            return null;
        }
        if (!statesNode.isObject()) {
            r.typeError("States", "Object");
            return null;
        }
        Map<String, State> states = new LinkedHashMap<>();
        boolean complete = true;
        Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            State state = state(e.getKey(), e.getValue(), location + "/States/" + e.getKey());
            if (state == null) {
                complete = false;
            } else {
                states.put(e.getKey(), state);
            }
        }
        return startAt == null || !complete ? null : new Block(startAt, states, location);
    }

    /** A Parallel branch or a Map's item processor: an object with its own StartAt and States. */
    private Block nestedBlock(JsonNode node, String location, Set<String> fields) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics, fields);
        r.string("Comment");
        Block block = block(r, location);
        r.finish();
        return block;
    }

    // ---- one state

    private State state(String name, JsonNode node, String location) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        StateType type = stateType((ObjectNode) node, location);
        if (type == null) {
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics, StateFields.supported(type));
        String comment = r.string("Comment");
        LanguageFields lang = new LanguageFields(r, stateLanguage(r));
        lang.checkFields();
        Transition transition = transition(r, type);
        PathField inputPath = lang.has("InputPath") ? pathField(r, "InputPath") : PathField.ROOT;
        PathField outputPath = lang.has("OutputPath") ? pathField(r, "OutputPath") : PathField.ROOT;
        Template assign = r.has("Assign") ? templates.assign(r, lang.jsonata()) : null;
        Template output = lang.has("Output") ? templates.jsonata(r.raw("Output"), "Output", r.at("Output")) : null;
        Common common = new Common(name, type, comment, lang.language(), inputPath, outputPath, transition.next(),
                transition.end(), assign, output, location);
        State state = switch (type) {
            case Pass -> pass(r, common, lang);
            case Succeed -> new SucceedState(common);
            case Fail -> fail(r, common, lang);
            case Wait -> waitState(r, common, lang);
            case Choice -> choice(r, common, lang);
            case Task -> task(r, common, lang);
            case Parallel -> parallel(r, common, lang);
            case Map -> map(r, common, lang);
        };
        r.finish();
        return state;
    }

    /** The state's Type, or null (reported) when it is missing or unknown. */
    private StateType stateType(ObjectNode node, String location) {
        FieldReader r = new FieldReader(node, location, diagnostics);
        String typeName = r.requiredString("Type");
        if (typeName == null) {
            if (!node.has("Type")) {
                r.error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Type]", r.location());
            }
            return null;
        }
        StateType type = StateType.fromWire(typeName);
        if (type == null) {
            r.error(SCHEMA_VALIDATION_FAILED, "The field 'Type' should have one of these values: "
                    + "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]", r.at("Type"));
        }
        return type;
    }

    /** A state's QueryLanguage: its own, else the machine's; JSONPath under a JSONata machine is refused. */
    private QueryLanguage stateLanguage(FieldReader r) {
        if (!r.has("QueryLanguage")) {
            return machineLanguage;
        }
        QueryLanguage parsed = queryLanguage(r);
        if (parsed == QueryLanguage.JSONPATH && machineLanguage == QueryLanguage.JSONATA) {
            r.error(SCHEMA_VALIDATION_FAILED,
                    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", r.location());
        }
        return parsed;
    }

    private record Transition(String next, boolean end) {}

    /** Next or End, exactly one of them, on the types that transition (not Choice, Succeed, Fail). */
    private static Transition transition(FieldReader r, StateType type) {
        if (!r.supports("Next")) {
            return new Transition(null, false);
        }
        String next = r.string("Next");
        boolean end = Boolean.TRUE.equals(r.bool("End"));
        if (r.has("Next") && end) {
            r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Next' and 'End' may be set", r.location());
        } else if (!r.has("Next") && !end) {
            r.error(SCHEMA_VALIDATION_FAILED, "Either the field 'Next' or the field 'End' must be set", r.location());
        }
        return new Transition(next, end);
    }

    // ---- fields shared by several state types

    private PathField pathField(FieldReader r, String field) {
        JsonNode v = r.raw(field);
        if (v.isNull()) {
            return PathField.NULL;
        }
        if (!v.isTextual()) {
            r.typeError(field, "String");
            return PathField.ROOT;
        }
        JsonPathExpr path = templates.path(v.asText(), field, r.at(field), true);
        return path == null ? PathField.ROOT : PathField.of(path);
    }

    /** A JSONPath-only path field (SecondsPath, MaxConcurrencyPath, …); null when absent or invalid. */
    private JsonPathExpr optionalPath(FieldReader r, LanguageFields lang, String field) {
        if (!lang.has(field)) {
            return null;
        }
        String text = r.string(field);
        return text == null ? null : templates.path(text, field, r.at(field), true);
    }

    /** A payload template field (Parameters, ResultSelector, ItemSelector): an object in JSONPath. */
    private Template payloadField(FieldReader r, String field) {
        JsonNode v = r.raw(field);
        if (!v.isObject()) {
            r.typeError(field, "Object");
            return null;
        }
        return templates.payload(v, r.at(field));
    }

    /** Parameters (JSONPath) or Arguments (JSONata), ResultSelector and ResultPath. */
    private ResultFlow resultFlow(FieldReader r, LanguageFields lang) {
        Template parameters = null;
        if (lang.has("Arguments")) {
            parameters = templates.jsonata(r.raw("Arguments"), "Arguments", r.at("Arguments"));
        } else if (lang.has("Parameters")) {
            parameters = payloadField(r, "Parameters");
        }
        Template selector = lang.has("ResultSelector") ? payloadField(r, "ResultSelector") : null;
        PathField resultPath = lang.has("ResultPath") ? Templates.resultPath(r) : PathField.ROOT;
        return new ResultFlow(parameters, selector, resultPath);
    }

    /**
     * A positive-integer setting (TimeoutSeconds, MaxConcurrency, …) between {@code min} and
     * 99999999: a literal, or in JSONata a "{% %}" expression. Null when absent or invalid.
     */
    private Template integerSetting(FieldReader r, LanguageFields lang, String field, int min) {
        if (!r.has(field)) {
            return null;
        }
        JsonNode v = r.raw(field);
        if (lang.jsonata() && Templates.isJsonataString(v)) {
            return templates.jsonata(v, field, r.at(field));
        }
        if (!v.isIntegralNumber()) {
            r.typeError(field, "Integer");
            return null;
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > MAX_SECONDS) {
            r.rangeError(field, "between " + min + " and " + MAX_SECONDS);
            return null;
        }
        return new Template.Literal(v);
    }

    // ---- one method per state type

    private State pass(FieldReader r, Common common, LanguageFields lang) {
        JsonNode result = lang.has("Result") ? r.raw("Result") : null;
        if (result != null && hasDynamicKey(result)) {
            diagnostics.add(Diagnostic.warning(PASS_RESULT_IS_STATIC, "The field 'Result' is static: "
                    + "field names ending in '.$' in it are not evaluated", r.at("Result")));
        }
        return new PassState(common, result, resultFlow(r, lang));
    }

    private static boolean hasDynamicKey(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith(".$") || hasDynamicKey(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (hasDynamicKey(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private State fail(FieldReader r, Common common, LanguageFields lang) {
        r.exclusive("Error", "ErrorPath");
        r.exclusive("Cause", "CausePath");
        Template error = failField(r, lang, "Error");
        Template cause = failField(r, lang, "Cause");
        Template errorPath = failPath(r, lang, "ErrorPath");
        Template causePath = failPath(r, lang, "CausePath");
        return new FailState(common, error, errorPath, cause, causePath);
    }

    private Template failPath(FieldReader r, LanguageFields lang, String field) {
        String text = lang.has(field) ? r.string(field) : null;
        return text == null ? null : templates.failPath(text, field, r.at(field));
    }

    private Template failField(FieldReader r, LanguageFields lang, String field) {
        if (!r.has(field)) {
            return null;
        }
        if (lang.jsonata()) {
            return templates.jsonata(r.raw(field), field, r.at(field));
        }
        String text = r.string(field);
        if (text == null) {
            return null;
        }
        templates.warnNoPath(field, text, r.at(field));
        return new Template.Literal(Json.text(text));
    }

    private State waitState(FieldReader r, Common common, LanguageFields lang) {
        long given = List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath").stream().filter(lang::has).count();
        if (given != 1) {
            r.error(SCHEMA_VALIDATION_FAILED,
                    "Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set", r.location());
        }
        Template seconds = lang.has("Seconds") ? waitSeconds(r, lang) : null;
        Template timestamp = lang.has("Timestamp") ? waitTimestamp(r, lang) : null;
        JsonPathExpr secondsPath = optionalPath(r, lang, "SecondsPath");
        JsonPathExpr timestampPath = optionalPath(r, lang, "TimestampPath");
        return new WaitState(common, seconds, secondsPath, timestamp, timestampPath);
    }

    private Template waitSeconds(FieldReader r, LanguageFields lang) {
        JsonNode v = r.raw("Seconds");
        if (lang.jsonata() && Templates.isJsonataString(v)) {
            return templates.jsonata(v, "Seconds", r.at("Seconds"));
        }
        if (!v.isIntegralNumber()) {
            r.typeError("Seconds", "Integer");
            return null;
        }
        if (!v.canConvertToLong() || v.longValue() < 0 || v.longValue() > MAX_SECONDS) {
            r.rangeError("Seconds", "between 0 and " + MAX_SECONDS);
            return null;
        }
        return new Template.Literal(v);
    }

    private Template waitTimestamp(FieldReader r, LanguageFields lang) {
        JsonNode v = r.raw("Timestamp");
        if (lang.jsonata() && Templates.isJsonataString(v)) {
            return templates.jsonata(v, "Timestamp", r.at("Timestamp"));
        }
        if (!v.isTextual()) {
            r.typeError("Timestamp", "String");
            return null;
        }
        if (!Timestamps.isValid(v.asText())) {
            r.error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", r.at("Timestamp"));
            return null;
        }
        return new Template.Literal(v);
    }

    private State choice(FieldReader r, Common common, LanguageFields lang) {
        r.require("Choices");
        String defaultNext = r.string("Default");
        List<ChoiceRule> rules = new ArrayList<>();
        JsonNode choicesNode = r.raw("Choices");
        if (choicesNode != null && r.isArray("Choices")) {
            if (choicesNode.isEmpty()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at("Choices"));
            }
            for (int i = 0; i < choicesNode.size(); i++) {
                ChoiceRule rule = choiceRules.rule(choicesNode.get(i), FieldReader.index(r.at("Choices"), i), lang.language());
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return new ChoiceState(common, List.copyOf(rules), defaultNext);
    }

    private State task(FieldReader r, Common common, LanguageFields lang) {
        String text = r.requiredString("Resource");
        TaskResource resource = text == null ? null
                : Resources.check(text, machineType == MachineType.EXPRESS, anyIntegration, r.at("Resource"),
                        diagnostics);
        ResultFlow flow = resultFlow(r, lang);
        ErrorHandling errors = errorHandlers.read(r, lang);
        r.exclusive("TimeoutSeconds", "TimeoutSecondsPath");
        r.exclusive("HeartbeatSeconds", "HeartbeatSecondsPath");
        Template timeout = integerSetting(r, lang, "TimeoutSeconds", 1);
        Template heartbeat = integerSetting(r, lang, "HeartbeatSeconds", 1);
        checkHeartbeat(r, timeout, heartbeat);
        JsonPathExpr timeoutPath = optionalPath(r, lang, "TimeoutSecondsPath");
        JsonPathExpr heartbeatPath = optionalPath(r, lang, "HeartbeatSecondsPath");
        JsonNode credentials = r.has("Credentials") ? credentials(r) : null;
        return new TaskState(common, resource, flow, errors, timeout, timeoutPath, heartbeat, heartbeatPath,
                credentials);
    }

    /** A literal HeartbeatSeconds must be smaller than a literal TimeoutSeconds. */
    private static void checkHeartbeat(FieldReader r, Template timeout, Template heartbeat) {
        if (timeout instanceof Template.Literal t && heartbeat instanceof Template.Literal h
                && h.value().longValue() >= t.value().longValue()) {
            r.error(SCHEMA_VALIDATION_FAILED, "The value of 'HeartbeatSeconds' must be less than the value of "
                    + "'TimeoutSeconds'", r.at("HeartbeatSeconds"));
        }
    }

    /** Credentials: an object naming the role to assume, as RoleArn (or RoleArn.$ in JSONPath). */
    private static JsonNode credentials(FieldReader r) {
        ObjectNode credentials = r.object("Credentials");
        if (credentials != null && !credentials.has("RoleArn") && !credentials.has("RoleArn.$")) {
            r.error(SCHEMA_VALIDATION_FAILED, "The field 'RoleArn' is required but was missing", r.at("Credentials"));
        }
        return credentials;
    }

    private State parallel(FieldReader r, Common common, LanguageFields lang) {
        r.require("Branches");
        List<Block> branches = new ArrayList<>();
        boolean complete = true;
        JsonNode branchesNode = r.raw("Branches");
        if (branchesNode != null && r.isArray("Branches")) {
            if (branchesNode.isEmpty()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at("Branches"));
            }
            for (int i = 0; i < branchesNode.size(); i++) {
                Block block = nestedBlock(branchesNode.get(i), FieldReader.index(r.at("Branches"), i), BRANCH_FIELDS);
                complete &= block != null;
                if (block != null) {
                    branches.add(block);
                }
            }
        }
        ResultFlow flow = resultFlow(r, lang);
        ErrorHandling errors = errorHandlers.read(r, lang);
        return complete ? new ParallelState(common, List.copyOf(branches), flow, errors) : null;
    }

    private State map(FieldReader r, Common common, LanguageFields lang) {
        r.exclusive("ItemProcessor", "Iterator");
        r.exclusive("ItemSelector", "Parameters");
        String processorField = r.has("ItemProcessor") || !r.has("Iterator") ? "ItemProcessor" : "Iterator";
        Processor processor = processor(r, processorField);
        PathField itemsPath = lang.has("ItemsPath") ? pathField(r, "ItemsPath") : PathField.ROOT;
        Template items = lang.has("Items") ? templates.jsonata(r.raw("Items"), "Items", r.at("Items")) : null;
        Template itemSelector = itemSelector(r, lang);
        ResultFlow flow = new ResultFlow(null, lang.has("ResultSelector") ? payloadField(r, "ResultSelector") : null,
                lang.has("ResultPath") ? Templates.resultPath(r) : PathField.ROOT);
        ErrorHandling errors = errorHandlers.read(r, lang);
        r.exclusive("MaxConcurrency", "MaxConcurrencyPath");
        r.exclusive("ToleratedFailureCount", "ToleratedFailureCountPath");
        r.exclusive("ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        Template maxConcurrency = integerSetting(r, lang, "MaxConcurrency", 0);
        JsonPathExpr maxConcurrencyPath = optionalPath(r, lang, "MaxConcurrencyPath");
        Template toleratedCount = integerSetting(r, lang, "ToleratedFailureCount", 0);
        JsonPathExpr toleratedCountPath = optionalPath(r, lang, "ToleratedFailureCountPath");
        Template toleratedPercentage = percentage(r, lang);
        JsonPathExpr toleratedPercentagePath = optionalPath(r, lang, "ToleratedFailurePercentagePath");
        String label = r.string("Label");
        JsonNode itemReader = r.object("ItemReader");
        JsonNode itemBatcher = r.object("ItemBatcher");
        JsonNode resultWriter = r.object("ResultWriter");
        if (processor == null) {
            return null;
        }
        return new MapState(common, processor.block(), processor.mode(), processor.executionType(), itemsPath, items,
                itemSelector, flow, errors, maxConcurrency, maxConcurrencyPath, toleratedCount, toleratedCountPath,
                toleratedPercentage, toleratedPercentagePath, label, itemReader, itemBatcher, resultWriter,
                processorDefinition(r.raw(processorField)));
    }

    /** ItemSelector (either language) or, in JSONPath, its older name Parameters. */
    private Template itemSelector(FieldReader r, LanguageFields lang) {
        if (r.has("ItemSelector")) {
            return lang.jsonata() ? templates.jsonata(r.raw("ItemSelector"), "ItemSelector", r.at("ItemSelector"))
                    : payloadField(r, "ItemSelector");
        }
        return lang.has("Parameters") ? payloadField(r, "Parameters") : null;
    }

    private record Processor(Block block, MapState.Mode mode, String executionType) {}

    /**
     * The item processor as a state machine definition of its own, for the child executions of a
     * distributed Map run: its StartAt and States, in the machine's query language.
     */
    private String processorDefinition(JsonNode processor) {
        ObjectNode definition = Json.object();
        if (machineLanguage == QueryLanguage.JSONATA) {
            definition.put("QueryLanguage", QueryLanguage.JSONATA.wireName());
        }
        processor.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("ProcessorConfig")) {
                definition.set(e.getKey(), e.getValue());
            }
        });
        return Json.write(definition);
    }

    private Processor processor(FieldReader r, String field) {
        if (!r.has(field)) {
            r.require("ItemProcessor");
            return null;
        }
        JsonNode node = r.raw(field);
        Block block = nestedBlock(node, r.at(field), PROCESSOR_FIELDS);
        MapState.Mode mode = MapState.Mode.INLINE;
        String executionType = null;
        JsonNode config = node.path("ProcessorConfig");
        if (config.isObject()) {
            FieldReader cr = new FieldReader((ObjectNode) config, r.at(field) + "/ProcessorConfig", diagnostics,
                    Set.of("Mode", "ExecutionType"));
            mode = mode(cr);
            executionType = cr.string("ExecutionType");
            if (executionType != null && !executionType.equals("STANDARD") && !executionType.equals("EXPRESS")) {
                cr.error(SCHEMA_VALIDATION_FAILED,
                        "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]",
                        cr.at("ExecutionType"));
            }
            cr.finish();
        } else if (!config.isMissingNode()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object",
                    r.at(field) + "/ProcessorConfig"));
        }
        return block == null ? null : new Processor(block, mode, executionType);
    }

    private static MapState.Mode mode(FieldReader cr) {
        String name = cr.string("Mode");
        if (name == null) {
            return MapState.Mode.INLINE;
        }
        for (MapState.Mode m : MapState.Mode.values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        cr.error(SCHEMA_VALIDATION_FAILED, "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]",
                cr.at("Mode"));
        return MapState.Mode.INLINE;
    }

    private Template percentage(FieldReader r, LanguageFields lang) {
        String field = "ToleratedFailurePercentage";
        if (!r.has(field)) {
            return null;
        }
        JsonNode v = r.raw(field);
        if (lang.jsonata() && Templates.isJsonataString(v)) {
            return templates.jsonata(v, field, r.at(field));
        }
        if (!v.isNumber()) {
            r.typeError(field, "Number");
            return null;
        }
        if (v.doubleValue() < 0 || v.doubleValue() > 100) {
            r.rangeError(field, "between 0 and 100");
            return null;
        }
        return new Template.Literal(v);
    }
}
