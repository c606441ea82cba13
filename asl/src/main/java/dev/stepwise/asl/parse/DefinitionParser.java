package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSON_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.MISSING_DESCRIPTION;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.eval.Timestamps;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.model.Block;
import dev.stepwise.asl.model.Catcher;
import dev.stepwise.asl.model.ChoiceRule;
import dev.stepwise.asl.model.ChoiceState;
import dev.stepwise.asl.model.Common;
import dev.stepwise.asl.model.ComparisonOperator;
import dev.stepwise.asl.model.Condition;
import dev.stepwise.asl.model.ErrorHandling;
import dev.stepwise.asl.model.FailState;
import dev.stepwise.asl.model.MapState;
import dev.stepwise.asl.model.ParallelState;
import dev.stepwise.asl.model.PassState;
import dev.stepwise.asl.model.QueryLanguage;
import dev.stepwise.asl.model.ResultFlow;
import dev.stepwise.asl.model.Retrier;
import dev.stepwise.asl.model.State;
import dev.stepwise.asl.model.StateMachine;
import dev.stepwise.asl.model.StateType;
import dev.stepwise.asl.model.SucceedState;
import dev.stepwise.asl.model.TaskState;
import dev.stepwise.asl.model.WaitState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a definition into the model, collecting every schema problem with its location instead
 * of stopping at the first. Semantic checks (transitions, end states, names) are the
 * {@link DefinitionValidator}'s. Contract: a definition whose parse reports no error yields a
 * machine the engine can run.
 */
public final class DefinitionParser {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Templates templates = new Templates(diagnostics);
    private QueryLanguage machineLanguage = QueryLanguage.JSONPATH;

    private DefinitionParser() {}

    /** Parses and validates a definition. */
    public static ParsedDefinition parse(String text) {
        DefinitionParser parser = new DefinitionParser();
        StateMachine machine = parser.read(text);
        if (machine != null) {
            parser.diagnostics.addAll(DefinitionValidator.validate(machine));
        }
        return new ParsedDefinition(machine, List.copyOf(parser.diagnostics));
    }

    private StateMachine read(String text) {
        if (text == null || text.isBlank()) {
            diagnostics.add(Diagnostic.error(MISSING_DESCRIPTION, "The definition is empty", "/"));
            return null;
        }
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            diagnostics.add(Diagnostic.error(INVALID_JSON_DESCRIPTION, e.getMessage(), "/"));
            return null;
        }
        if (!root.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object", "/"));
            return null;
        }
        return machine((ObjectNode) root);
    }

    private StateMachine machine(ObjectNode node) {
        FieldReader r = new FieldReader(node, "", diagnostics);
        r.allow("Comment");
        String comment = r.string("Comment");
        String version = r.string("Version");
        Integer timeout = r.integer("TimeoutSeconds");
        if (timeout != null && timeout < 0) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value must be non-negative", r.at("TimeoutSeconds"));
        }
        String ql = r.string("QueryLanguage");
        if (ql != null) {
            QueryLanguage parsed = QueryLanguage.fromWire(ql);
            if (parsed == null) {
                queryLanguageError(r);
            } else {
                machineLanguage = parsed;
            }
        }
        Block block = block(r, "", 0);
        finishRoot(r);
        if (block == null) {
            return null;
        }
        return new StateMachine(comment, version, timeout, machineLanguage, block);
    }

    private void finishRoot(FieldReader r) {
        // AWS lists the root's missing fields as [States, StartAt]
        r.finish();
    }

    private static void queryLanguageError(FieldReader r) {
        r.error(SCHEMA_VALIDATION_FAILED, "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]",
                r.at("QueryLanguage"));
    }

    /** Reads StartAt and States from the object behind {@code r}. */
    private Block block(FieldReader r, String location, int depth) {
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
        Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields();
        boolean complete = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String stateLocation = location + "/States/" + e.getKey();
            if (!e.getValue().isObject()) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", stateLocation));
                complete = false;
                continue;
            }
            State state = state(e.getKey(), (ObjectNode) e.getValue(), stateLocation, depth);
            if (state == null) {
                complete = false;
            } else {
                states.put(e.getKey(), state);
            }
        }
        if (startAt == null) {
            return null;
        }
        return complete || !states.isEmpty() ? new Block(startAt, states, location) : null;
    }

    private State state(String name, ObjectNode node, String location, int depth) {
        FieldReader r = new FieldReader(node, location, diagnostics);
        r.require("Type");
        String typeName = r.string("Type");
        r.allow("Comment");
        String comment = r.string("Comment");
        if (typeName == null) {
            r.finish();
            return null;
        }
        StateType type = StateType.fromWire(typeName);
        if (type == null) {
            r.error(SCHEMA_VALIDATION_FAILED, "The field 'Type' should have one of these values: "
                    + "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]", r.at("Type"));
            return null;
        }
        QueryLanguage language = stateLanguage(r);
        boolean jsonata = language == QueryLanguage.JSONATA;
        LanguageFields lang = new LanguageFields(r, language);

        boolean terminal = type == StateType.Choice || type == StateType.Succeed || type == StateType.Fail;
        String next = null;
        boolean end = false;
        if (!terminal) {
            next = r.string("Next");
            Boolean endValue = r.bool("End");
            end = Boolean.TRUE.equals(endValue);
            if (next != null && endValue != null) {
                r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Next' and 'End' may be set", location);
            } else if (next == null && !end && !r.has("Next")) {
                r.error(DiagnosticCodes.MISSING_END_STATE,
                        "The state must either have a 'Next' field or set 'End' to true", location);
            }
        }
        PathField inputPath = PathField.ROOT;
        PathField outputPath = PathField.ROOT;
        if (type != StateType.Fail) {
            inputPath = lang.jsonPathOnly("InputPath") ? pathField(r, "InputPath") : PathField.ROOT;
            outputPath = lang.jsonPathOnly("OutputPath") ? pathField(r, "OutputPath") : PathField.ROOT;
        }
        Template assign = r.has("Assign") ? assign(r, jsonata) : null;
        Template output = null;
        if (type != StateType.Fail && lang.jsonataOnly("Output")) {
            output = templates.jsonata(r.raw("Output"), "Output", r.at("Output"));
        }
        Common common = new Common(name, type, comment, language, inputPath, outputPath, next, end, assign, output,
                location);
        State state = switch (type) {
            case Pass -> pass(r, common, lang);
            case Succeed -> new SucceedState(common);
            case Fail -> fail(r, common, lang);
            case Wait -> waitState(r, common, lang);
            case Choice -> choice(r, common, lang);
            case Task -> task(r, common, lang);
            case Parallel -> parallel(r, common, lang, depth);
            case Map -> map(r, common, lang, depth);
        };
        r.finish();
        return state;
    }

    private QueryLanguage stateLanguage(FieldReader r) {
        String ql = r.string("QueryLanguage");
        if (ql == null) {
            return machineLanguage;
        }
        QueryLanguage parsed = QueryLanguage.fromWire(ql);
        if (parsed == null) {
            queryLanguageError(r);
            return machineLanguage;
        }
        if (parsed == QueryLanguage.JSONPATH && machineLanguage == QueryLanguage.JSONATA) {
            r.error(SCHEMA_VALIDATION_FAILED,
                    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", r.location());
        }
        return parsed;
    }

    /** Gatekeeper for fields that exist in one query language only. */
    private record LanguageFields(FieldReader r, QueryLanguage language) {
        boolean jsonPathOnly(String field) {
            if (!r.has(field)) {
                return false;
            }
            if (language == QueryLanguage.JSONATA) {
                r.error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONata', but field '" + field
                        + "' is only supported for the 'JSONPath' QueryLanguage", r.location());
                return false;
            }
            return true;
        }

        boolean jsonataOnly(String field) {
            if (!r.has(field)) {
                return false;
            }
            if (language == QueryLanguage.JSONPATH) {
                r.error(SCHEMA_VALIDATION_FAILED, "The QueryLanguage is set to 'JSONPath', but field '" + field
                        + "' is only supported for the 'JSONata' QueryLanguage", r.location());
                return false;
            }
            return true;
        }

        boolean jsonata() {
            return language == QueryLanguage.JSONATA;
        }
    }

    // ---- fields shared by several state types

    private PathField pathField(FieldReader r, String field) {
        JsonNode v = r.raw(field);
        if (v == null) {
            return PathField.ROOT;
        }
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

    /** A reference path (ResultPath): only member and index steps, rooted at the input. */
    private PathField resultPath(FieldReader r, String field) {
        JsonNode v = r.raw(field);
        if (v == null) {
            return PathField.ROOT;
        }
        if (v.isNull()) {
            return PathField.NULL;
        }
        if (!v.isTextual()) {
            r.typeError(field, "String");
            return PathField.ROOT;
        }
        String text = v.asText();
        if (!ReferencePath.isValid(text)) {
            r.error(SCHEMA_VALIDATION_FAILED, "The value for the field '" + field + "' must be a valid JSONPath",
                    r.at(field));
            return PathField.ROOT;
        }
        return PathField.of(JsonPathExpr.compile(text, false));
    }

    private JsonPathExpr optionalPath(FieldReader r, LanguageFields lang, String field) {
        if (!lang.jsonPathOnly(field)) {
            return null;
        }
        String text = r.string(field);
        return text == null ? null : templates.path(text, field, r.at(field), true);
    }

    private Template assign(FieldReader r, boolean jsonata) {
        JsonNode v = r.raw("Assign");
        if (!v.isObject()) {
            r.typeError("Assign", "Object");
            return null;
        }
        return jsonata ? templates.jsonata(v, "Assign", r.at("Assign"))
                : templates.payload(v, r.at("Assign"));
    }

    private ResultFlow resultFlow(FieldReader r, LanguageFields lang, boolean hasResultSelector) {
        Template parameters = null;
        if (lang.jsonata()) {
            if (lang.jsonataOnly("Arguments")) {
                parameters = templates.jsonata(r.raw("Arguments"), "Arguments", r.at("Arguments"));
            }
        } else {
            lang.jsonataOnly("Arguments");
            if (lang.jsonPathOnly("Parameters")) {
                parameters = templates.payload(r.raw("Parameters"), r.at("Parameters"));
            }
        }
        Template selector = null;
        if (hasResultSelector && lang.jsonPathOnly("ResultSelector")) {
            selector = templates.payload(r.raw("ResultSelector"), r.at("ResultSelector"));
        }
        PathField resultPath = lang.jsonPathOnly("ResultPath") ? resultPath(r, "ResultPath") : PathField.ROOT;
        return new ResultFlow(parameters, selector, resultPath);
    }

    private ErrorHandling errorHandling(FieldReader r, LanguageFields lang) {
        List<Retrier> retry = new ArrayList<>();
        JsonNode retryNode = r.raw("Retry");
        if (retryNode != null) {
            if (!retryNode.isArray()) {
                r.typeError("Retry", "Array");
            } else {
                for (int i = 0; i < retryNode.size(); i++) {
                    Retrier retrier = retrier(retryNode.get(i), r.at("Retry") + "/" + i);
                    if (retrier != null) {
                        retry.add(retrier);
                    }
                }
                checkStatesAllLast(retry.stream().map(Retrier::errorEquals).toList(), r.at("Retry"));
            }
        }
        List<Catcher> catchers = new ArrayList<>();
        JsonNode catchNode = r.raw("Catch");
        if (catchNode != null) {
            if (!catchNode.isArray()) {
                r.typeError("Catch", "Array");
            } else {
                for (int i = 0; i < catchNode.size(); i++) {
                    Catcher catcher = catcher(catchNode.get(i), r.at("Catch") + "/" + i, lang.language());
                    if (catcher != null) {
                        catchers.add(catcher);
                    }
                }
                checkStatesAllLast(catchers.stream().map(Catcher::errorEquals).toList(), r.at("Catch"));
            }
        }
        return retry.isEmpty() && catchers.isEmpty() ? ErrorHandling.NONE
                : new ErrorHandling(List.copyOf(retry), List.copyOf(catchers));
    }

    private void checkStatesAllLast(List<List<String>> lists, String location) {
        for (int i = 0; i < lists.size(); i++) {
            List<String> errors = lists.get(i);
            if (errors.contains("States.ALL") && (errors.size() > 1 || i < lists.size() - 1)) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                        "States.ALL must appear alone in the last ErrorEquals array", location + "/" + i + "/ErrorEquals"));
            }
        }
    }

    private List<String> errorEquals(FieldReader r) {
        r.require("ErrorEquals");
        JsonNode v = r.raw("ErrorEquals");
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            r.typeError("ErrorEquals", "Array");
            return null;
        }
        if (v.isEmpty()) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at("ErrorEquals"));
            return null;
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", r.at("ErrorEquals") + "/" + i);
                return null;
            }
            errors.add(v.get(i).asText());
        }
        return List.copyOf(errors);
    }

    private Retrier retrier(JsonNode node, String location) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics);
        r.allow("Comment");
        List<String> errors = errorEquals(r);
        Integer interval = r.integer("IntervalSeconds");
        Integer maxAttempts = r.integer("MaxAttempts");
        Double backoff = r.number("BackoffRate");
        Integer maxDelay = r.integer("MaxDelaySeconds");
        String jitter = r.string("JitterStrategy");
        if (interval != null && (interval < 1 || interval > 99999999)) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value must be between 1 and 99999999", r.at("IntervalSeconds"));
        }
        if (maxAttempts != null && (maxAttempts < 0 || maxAttempts > 99999999)) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", r.at("MaxAttempts"));
        }
        if (backoff != null && backoff < 1.0) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value must be greater than or equal to 1.0", r.at("BackoffRate"));
        }
        if (maxDelay != null && (maxDelay < 1 || maxDelay > 31622400)) {
            r.error(SCHEMA_VALIDATION_FAILED, "Value must be between 1 and 31622400", r.at("MaxDelaySeconds"));
        }
        Retrier.JitterStrategy jitterStrategy = Retrier.JitterStrategy.NONE;
        if (jitter != null) {
            try {
                jitterStrategy = Retrier.JitterStrategy.valueOf(jitter);
            } catch (IllegalArgumentException e) {
                r.error(SCHEMA_VALIDATION_FAILED, "The field 'JitterStrategy' should have one of these values: [FULL, NONE]",
                        r.at("JitterStrategy"));
            }
        }
        r.finish();
        if (errors == null) {
            return null;
        }
        return new Retrier(errors, interval == null ? 1 : interval, maxAttempts == null ? 3 : maxAttempts,
                backoff == null ? 2.0 : backoff, maxDelay, jitterStrategy);
    }

    private Catcher catcher(JsonNode node, String location, QueryLanguage language) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics);
        LanguageFields lang = new LanguageFields(r, language);
        r.allow("Comment");
        List<String> errors = errorEquals(r);
        String next = r.requiredString("Next");
        PathField resultPath = lang.jsonPathOnly("ResultPath") ? resultPath(r, "ResultPath") : PathField.ROOT;
        Template output = lang.jsonataOnly("Output") ? templates.jsonata(r.raw("Output"), "Output", r.at("Output")) : null;
        Template assign = r.has("Assign") ? assign(r, lang.jsonata()) : null;
        r.finish();
        if (errors == null || next == null) {
            return null;
        }
        return new Catcher(errors, next, resultPath, output, assign);
    }

    // ---- one method per state type

    private State pass(FieldReader r, Common common, LanguageFields lang) {
        JsonNode result = lang.jsonPathOnly("Result") ? r.raw("Result") : null;
        ResultFlow flow = resultFlow(r, lang, false);
        return new PassState(common, result, flow);
    }

    private State fail(FieldReader r, Common common, LanguageFields lang) {
        Template error = failField(r, lang, "Error");
        Template cause = failField(r, lang, "Cause");
        JsonPathExpr errorPath = optionalPath(r, lang, "ErrorPath");
        JsonPathExpr causePath = optionalPath(r, lang, "CausePath");
        if (error != null && errorPath != null) {
            r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Error' and 'ErrorPath' may be set", r.location());
        }
        if (cause != null && causePath != null) {
            r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'Cause' and 'CausePath' may be set", r.location());
        }
        return new FailState(common, error, errorPath, cause, causePath);
    }

    private Template failField(FieldReader r, LanguageFields lang, String field) {
        if (!r.has(field)) {
            return null;
        }
        if (lang.jsonata()) {
            return templates.jsonata(r.raw(field), field, r.at(field));
        }
        String text = r.string(field);
        return text == null ? null : new Template.Literal(Json.text(text));
    }

    private State waitState(FieldReader r, Common common, LanguageFields lang) {
        Template seconds = null;
        Template timestamp = null;
        if (r.has("Seconds")) {
            JsonNode v = r.raw("Seconds");
            if (lang.jsonata() && Templates.isJsonataString(v)) {
                seconds = templates.jsonata(v, "Seconds", r.at("Seconds"));
            } else if (!v.isIntegralNumber()) {
                r.typeError("Seconds", "Integer");
            } else if (v.longValue() < 0 || v.longValue() > 99999999) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value must be between 0 and 99999999", r.at("Seconds"));
            } else {
                seconds = new Template.Literal(v);
            }
        }
        if (r.has("Timestamp")) {
            JsonNode v = r.raw("Timestamp");
            if (lang.jsonata() && Templates.isJsonataString(v)) {
                timestamp = templates.jsonata(v, "Timestamp", r.at("Timestamp"));
            } else if (!v.isTextual()) {
                r.typeError("Timestamp", "String");
            } else if (!Timestamps.isValid(v.asText())) {
                r.error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", r.at("Timestamp"));
            } else {
                timestamp = new Template.Literal(v);
            }
        }
        JsonPathExpr secondsPath = optionalPath(r, lang, "SecondsPath");
        JsonPathExpr timestampPath = optionalPath(r, lang, "TimestampPath");
        int given = (r.raw("Seconds") != null ? 1 : 0) + (r.raw("Timestamp") != null ? 1 : 0)
                + (r.raw("SecondsPath") != null ? 1 : 0) + (r.raw("TimestampPath") != null ? 1 : 0);
        if (given != 1) {
            r.error(SCHEMA_VALIDATION_FAILED,
                    "Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set", r.location());
        }
        return new WaitState(common, seconds, secondsPath, timestamp, timestampPath);
    }

    private State choice(FieldReader r, Common common, LanguageFields lang) {
        r.require("Choices");
        JsonNode choicesNode = r.raw("Choices");
        String defaultNext = r.string("Default");
        List<ChoiceRule> rules = new ArrayList<>();
        if (choicesNode != null) {
            if (!choicesNode.isArray()) {
                r.typeError("Choices", "Array");
            } else if (choicesNode.isEmpty()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at("Choices"));
            } else {
                for (int i = 0; i < choicesNode.size(); i++) {
                    ChoiceRule rule = choiceRule(choicesNode.get(i), r.at("Choices") + "/" + i, lang.language());
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        return new ChoiceState(common, List.copyOf(rules), defaultNext);
    }

    private ChoiceRule choiceRule(JsonNode node, String location, QueryLanguage language) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics);
        LanguageFields lang = new LanguageFields(r, language);
        r.allow("Comment");
        String next = r.requiredString("Next");
        Template assign = r.has("Assign") ? assign(r, lang.jsonata()) : null;
        Template output = lang.jsonataOnly("Output") ? templates.jsonata(r.raw("Output"), "Output", r.at("Output")) : null;
        Condition condition;
        if (lang.jsonata()) {
            r.require("Condition");
            JsonNode c = r.raw("Condition");
            condition = c == null ? null : new Condition.Expression(templates.jsonata(c, "Condition", r.at("Condition")));
        } else {
            lang.jsonataOnly("Condition");
            condition = condition(r, true);
        }
        r.finish();
        return condition == null || next == null ? null : new ChoiceRule(condition, next, assign, output);
    }

    /** A JSONPath condition: a comparison or And/Or/Not, read from the fields of {@code r}. */
    private Condition condition(FieldReader r, boolean topLevel) {
        if (r.has("And") || r.has("Or")) {
            boolean and = r.has("And");
            String field = and ? "And" : "Or";
            JsonNode list = r.raw(field);
            if (!list.isArray()) {
                r.typeError(field, "Array");
                return null;
            }
            if (list.isEmpty()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at(field));
                return null;
            }
            List<Condition> inner = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Condition c = nestedCondition(list.get(i), r.at(field) + "/" + i);
                if (c == null) {
                    return null;
                }
                inner.add(c);
            }
            return and ? new Condition.And(List.copyOf(inner)) : new Condition.Or(List.copyOf(inner));
        }
        if (r.has("Not")) {
            Condition inner = nestedCondition(r.raw("Not"), r.at("Not"));
            return inner == null ? null : new Condition.Not(inner);
        }
        String variable = r.requiredString("Variable");
        ComparisonOperator operator = null;
        String operatorName = null;
        for (ComparisonOperator op : ComparisonOperator.values()) {
            if (r.has(op.name())) {
                if (operator != null) {
                    r.error(SCHEMA_VALIDATION_FAILED, "A Choice rule may have only one comparison operator", r.location());
                    return null;
                }
                operator = op;
                operatorName = op.name();
            }
        }
        if (operator == null) {
            if (variable != null) {
                r.error(SCHEMA_VALIDATION_FAILED, "A Choice rule must have a comparison operator", r.location());
            }
            return null;
        }
        JsonPathExpr variablePath = variable == null ? null : templates.path(variable, "Variable", r.at("Variable"), true);
        JsonNode operand = r.raw(operatorName);
        JsonPathExpr operandPath = null;
        switch (operator.kind()) {
            case STRING -> {
                if (!operand.isTextual()) {
                    r.typeError(operatorName, "String");
                    return null;
                }
            }
            case NUMERIC -> {
                if (!operator.takesPath() && !operand.isNumber()) {
                    r.typeError(operatorName, "Number");
                    return null;
                }
            }
            case BOOLEAN, TYPE_TEST -> {
                if (!operator.takesPath() && !operand.isBoolean()) {
                    r.typeError(operatorName, "Boolean");
                    return null;
                }
            }
            case TIMESTAMP -> {
                if (!operand.isTextual()) {
                    r.typeError(operatorName, "String");
                    return null;
                }
                if (!operator.takesPath() && !Timestamps.isValid(operand.asText())) {
                    r.error(SCHEMA_VALIDATION_FAILED, "String does not match RFC3339 timestamp", r.at(operatorName));
                    return null;
                }
            }
            default -> throw new IllegalStateException();
        }
        if (operator.takesPath()) {
            if (!operand.isTextual()) {
                r.typeError(operatorName, "String");
                return null;
            }
            operandPath = templates.path(operand.asText(), operatorName, r.at(operatorName), true);
            if (operandPath == null) {
                return null;
            }
        }
        if (variablePath == null) {
            return null;
        }
        return new Condition.Comparison(variablePath, operator, operand, operandPath);
    }

    private Condition nestedCondition(JsonNode node, String location) {
        if (!node.isObject()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
            return null;
        }
        FieldReader r = new FieldReader((ObjectNode) node, location, diagnostics);
        r.allow("Comment");
        if (r.has("Next")) {
            r.error(SCHEMA_VALIDATION_FAILED, "Nested Choice rules may not have a 'Next' field", r.at("Next"));
        }
        Condition c = condition(r, false);
        r.finish();
        return c;
    }

    private State task(FieldReader r, Common common, LanguageFields lang) {
        String resource = r.requiredString("Resource");
        ResultFlow flow = resultFlow(r, lang, true);
        ErrorHandling errors = errorHandling(r, lang);
        Template timeout = positiveNumberField(r, lang, "TimeoutSeconds");
        Template heartbeat = positiveNumberField(r, lang, "HeartbeatSeconds");
        JsonPathExpr timeoutPath = optionalPath(r, lang, "TimeoutSecondsPath");
        JsonPathExpr heartbeatPath = optionalPath(r, lang, "HeartbeatSecondsPath");
        JsonNode credentials = r.raw("Credentials");
        return new TaskState(common, resource, flow, errors, timeout, timeoutPath, heartbeat, heartbeatPath,
                credentials);
    }

    /** An integer setting (TimeoutSeconds, MaxConcurrency, …): a literal, or a JSONata expression. */
    private Template positiveNumberField(FieldReader r, LanguageFields lang, String field) {
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
        return new Template.Literal(v);
    }

    private State parallel(FieldReader r, Common common, LanguageFields lang, int depth) {
        r.require("Branches");
        JsonNode branchesNode = r.raw("Branches");
        List<Block> branches = new ArrayList<>();
        if (branchesNode != null) {
            if (!branchesNode.isArray()) {
                r.typeError("Branches", "Array");
            } else if (branchesNode.isEmpty()) {
                r.error(SCHEMA_VALIDATION_FAILED, "Value cannot be empty", r.at("Branches"));
            } else {
                for (int i = 0; i < branchesNode.size(); i++) {
                    String location = r.at("Branches") + "/" + i;
                    JsonNode b = branchesNode.get(i);
                    if (!b.isObject()) {
                        diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "Expected value of type Object", location));
                        continue;
                    }
                    FieldReader br = new FieldReader((ObjectNode) b, location, diagnostics);
                    br.allow("Comment");
                    Block block = block(br, location, depth + 1);
                    br.finish();
                    if (block != null) {
                        branches.add(block);
                    }
                }
            }
        }
        ResultFlow flow = resultFlow(r, lang, true);
        ErrorHandling errors = errorHandling(r, lang);
        return new ParallelState(common, List.copyOf(branches), flow, errors);
    }

    private State map(FieldReader r, Common common, LanguageFields lang, int depth) {
        String processorField = r.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (r.has("ItemProcessor") && r.has("Iterator")) {
            r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'ItemProcessor' and 'Iterator' may be set",
                    r.location());
        }
        Block processor = null;
        MapState.Mode mode = MapState.Mode.INLINE;
        String executionType = null;
        ObjectNode processorNode = r.object(processorField);
        if (processorNode == null && !r.has(processorField)) {
            r.require("ItemProcessor");
        }
        if (processorNode != null) {
            String location = r.at(processorField);
            FieldReader pr = new FieldReader(processorNode, location, diagnostics);
            pr.allow("Comment");
            ObjectNode config = pr.object("ProcessorConfig");
            if (config != null) {
                FieldReader cr = new FieldReader(config, pr.at("ProcessorConfig"), diagnostics);
                String modeName = cr.string("Mode");
                if (modeName != null) {
                    try {
                        mode = MapState.Mode.valueOf(modeName);
                    } catch (IllegalArgumentException e) {
                        cr.error(SCHEMA_VALIDATION_FAILED,
                                "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]", cr.at("Mode"));
                    }
                }
                executionType = cr.string("ExecutionType");
                if (executionType != null && !executionType.equals("STANDARD") && !executionType.equals("EXPRESS")) {
                    cr.error(SCHEMA_VALIDATION_FAILED,
                            "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]",
                            cr.at("ExecutionType"));
                }
                cr.finish();
            }
            processor = block(pr, location, depth + 1);
            pr.finish();
        }
        PathField itemsPath = lang.jsonPathOnly("ItemsPath") ? pathField(r, "ItemsPath") : PathField.ROOT;
        Template items = null;
        if (lang.jsonataOnly("Items")) {
            items = templates.jsonata(r.raw("Items"), "Items", r.at("Items"));
        }
        Template itemSelector = null;
        if (r.has("ItemSelector")) {
            itemSelector = lang.jsonata() ? templates.jsonata(r.raw("ItemSelector"), "ItemSelector", r.at("ItemSelector"))
                    : templates.payload(r.raw("ItemSelector"), r.at("ItemSelector"));
        }
        if (!lang.jsonata() && r.has("Parameters")) {
            if (itemSelector != null) {
                r.error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'ItemSelector' and 'Parameters' may be set",
                        r.location());
            }
            itemSelector = templates.payload(r.raw("Parameters"), r.at("Parameters"));
        }
        ResultFlow flow = new ResultFlow(null,
                lang.jsonPathOnly("ResultSelector") ? templates.payload(r.raw("ResultSelector"), r.at("ResultSelector")) : null,
                lang.jsonPathOnly("ResultPath") ? resultPath(r, "ResultPath") : PathField.ROOT);
        if (lang.jsonata()) {
            lang.jsonataOnly("Arguments");
        }
        ErrorHandling errors = errorHandling(r, lang);
        Template maxConcurrency = positiveNumberField(r, lang, "MaxConcurrency");
        JsonPathExpr maxConcurrencyPath = optionalPath(r, lang, "MaxConcurrencyPath");
        Template toleratedCount = positiveNumberField(r, lang, "ToleratedFailureCount");
        JsonPathExpr toleratedCountPath = optionalPath(r, lang, "ToleratedFailureCountPath");
        Template toleratedPercentage = numberField(r, lang, "ToleratedFailurePercentage");
        JsonPathExpr toleratedPercentagePath = optionalPath(r, lang, "ToleratedFailurePercentagePath");
        String label = r.string("Label");
        JsonNode itemReader = r.raw("ItemReader");
        JsonNode itemBatcher = r.raw("ItemBatcher");
        JsonNode resultWriter = r.raw("ResultWriter");
        if (processor == null) {
            return null;
        }
        return new MapState(common, processor, mode, executionType, itemsPath, items, itemSelector, flow, errors,
                maxConcurrency, maxConcurrencyPath, toleratedCount, toleratedCountPath, toleratedPercentage,
                toleratedPercentagePath, label, itemReader, itemBatcher, resultWriter);
    }

    private Template numberField(FieldReader r, LanguageFields lang, String field) {
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
        return new Template.Literal(v);
    }
}
