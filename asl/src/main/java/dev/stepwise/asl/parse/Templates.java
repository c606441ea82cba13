package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.INVALID_JSONATA_EXPRESSION;
import static dev.stepwise.asl.parse.DiagnosticCodes.NO_DOLLAR;
import static dev.stepwise.asl.parse.DiagnosticCodes.NO_PATH;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.ReferencePath;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.intrinsics.IntrinsicExpression;
import dev.stepwise.asl.jsonata.JsonataExpression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles the dynamic values of a definition: JSONPath payload templates, JSONata values and
 * plain paths, reporting what does not compile at its location. Contract: never throws on any
 * input; a value that does not compile is reported and replaced by its literal.
 */
final class Templates {
    /** A string a user most likely meant as a path: "$.a", "$$.Execution", "$['a']". */
    private static final Pattern LOOKS_LIKE_PATH = Pattern.compile("\\$\\$?[.\\[][\\s\\S]*");
    private static final Pattern LOOKS_LIKE_INTRINSIC = Pattern.compile("States\\.[A-Za-z0-9]+\\([\\s\\S]*\\)");

    /**
     * The intrinsic functions ErrorPath and CausePath may call: those that return a string, as the
     * developer guide's Fail state page lists them.
     */
    private static final Set<String> FAIL_PATH_FUNCTIONS = Set.of("States.Format", "States.JsonToString",
            "States.ArrayGetItem", "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.UUID");

    private final List<Diagnostic> diagnostics;

    Templates(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    static boolean isJsonataString(JsonNode node) {
        return node != null && node.isTextual() && jsonataBody(node.asText()) != null;
    }

    /** The expression inside "{% … %}", or null when the text is not one. */
    static String jsonataBody(String text) {
        if (text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}")) {
            return text.substring(2, text.length() - 2);
        }
        return null;
    }

    static boolean looksLikePath(String text) {
        return LOOKS_LIKE_PATH.matcher(text).matches();
    }

    static boolean looksLikeIntrinsic(String text) {
        return LOOKS_LIKE_INTRINSIC.matcher(text).matches();
    }

    /** A path, or null (reported) when the text is not one. */
    JsonPathExpr path(String text, String field, String location, boolean allowVariables) {
        try {
            return JsonPathExpr.compile(text, allowVariables);
        } catch (RuntimeException e) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                    "The value for the field '" + field + "' must be a valid JSONPath", location));
            return null;
        }
    }

    /** Assign: an object, a payload template in JSONPath or a JSONata value; null when not an object (reported). */
    Template assign(FieldReader r, boolean jsonata) {
        JsonNode v = r.raw("Assign");
        if (!v.isObject()) {
            r.typeError("Assign", "Object");
            return null;
        }
        return jsonata ? jsonata(v, "Assign", r.at("Assign")) : payload(v, r.at("Assign"));
    }

    /** ResultPath, a reference path: only member and index steps, rooted at the input; null means discard. */
    static PathField resultPath(FieldReader r) {
        JsonNode v = r.raw("ResultPath");
        if (v.isNull()) {
            return PathField.NULL;
        }
        if (!v.isTextual()) {
            r.typeError("ResultPath", "String");
            return PathField.ROOT;
        }
        try {
            if (ReferencePath.steps(v.asText()) != null) {
                return PathField.of(JsonPathExpr.compile(v.asText(), false));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        r.error(SCHEMA_VALIDATION_FAILED, "The value for the field 'ResultPath' must be a valid JSONPath",
                r.at("ResultPath"));
        return PathField.ROOT;
    }

    /** NO_PATH: a literal that reads like a path in a field whose name does not end with "Path". */
    void warnNoPath(String field, String value, String location) {
        if (looksLikePath(value)) {
            diagnostics.add(Diagnostic.warning(NO_PATH, "The value for the field '" + field
                    + "' looks like a path, but the field name does not end with 'Path'", location));
        }
    }

    /**
     * A JSONPath payload template: members named "key.$" hold a path or an intrinsic call. Problems
     * are located at the object that holds the member ("/States/P/Parameters").
     */
    Template payload(JsonNode node, String location) {
        Template t = payloadNode(node, location);
        return t == null ? new Template.Literal(node) : t;
    }

    private Template payloadNode(JsonNode node, String location) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Template> values = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$") && key.length() > 2) {
                    dynamic = true;
                    keys.add(key.substring(0, key.length() - 2));
                    values.add(dynamicValue(e.getValue(), key, location));
                } else {
                    warnNoDollar(key, e.getValue(), location);
                    Template inner = payloadNode(e.getValue(), location + "/" + key);
                    dynamic |= !inner.isStatic();
                    keys.add(key);
                    values.add(inner);
                }
            }
            return dynamic ? new Template.Obj(keys.toArray(String[]::new), values.toArray(Template[]::new))
                    : new Template.Literal(node);
        }
        if (node.isArray()) {
            Template[] items = new Template[node.size()];
            boolean dynamic = false;
            for (int i = 0; i < node.size(); i++) {
                items[i] = payloadNode(node.get(i), FieldReader.index(location, i));
                dynamic |= !items[i].isStatic();
            }
            return dynamic ? new Template.Arr(items) : new Template.Literal(node);
        }
        return new Template.Literal(node);
    }

    /** NO_DOLLAR: a plain member whose string value reads like a path or an intrinsic call. */
    private void warnNoDollar(String key, JsonNode value, String location) {
        if (value.isTextual() && (looksLikePath(value.asText()) || looksLikeIntrinsic(value.asText()))) {
            diagnostics.add(Diagnostic.warning(NO_DOLLAR, "The value for the field '" + key
                    + "' looks like a JSONPath or an intrinsic function, but the field name does not end with '.$'",
                    location));
        }
    }

    private Template dynamicValue(JsonNode value, String field, String location) {
        Template compiled = value.isTextual() ? compileDynamic(value.asText(), field, Set.of()) : null;
        if (compiled == null) {
            invalidDynamic(field, location);
            return new Template.Literal(value);
        }
        return compiled;
    }

    /**
     * ErrorPath or CausePath: a path, or a call of one of the intrinsic functions AWS lists for
     * them (those that return a string), evaluated as a {@code "key.$"} value is; null (reported)
     * when it is neither.
     */
    Template failPath(String text, String field, String location) {
        Template compiled = compileDynamic(text, field, FAIL_PATH_FUNCTIONS);
        if (compiled == null) {
            invalidDynamic(field, location);
        }
        return compiled;
    }

    /**
     * A path or an intrinsic call (the latter limited to {@code functions} when not empty); null
     * when the text is neither.
     */
    private static Template compileDynamic(String text, String field, Set<String> functions) {
        try {
            if (IntrinsicExpression.isIntrinsic(text)) {
                IntrinsicExpression call = IntrinsicExpression.parse(text);
                return functions.isEmpty() || functions.contains(call.function())
                        ? new Template.Intrinsic(call, field) : null;
            }
            return new Template.Path(JsonPathExpr.compile(text, true), field);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private void invalidDynamic(String field, String location) {
        diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, "The value for the field '" + field
                + "' must be a valid JSONPath or a valid intrinsic function call", location));
    }

    /**
     * A JSONata value: "{% … %}" strings anywhere in it are expressions. {@code field} names the
     * value as AWS does in run-time messages ("Output/a[0]"); {@code location} points at it.
     */
    Template jsonata(JsonNode node, String field, String location) {
        if (node.isTextual()) {
            return jsonataText(node, field, location);
        }
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Template> values = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Template inner = jsonata(e.getValue(), field + "/" + e.getKey(), location + "/" + e.getKey());
                dynamic |= !inner.isStatic();
                keys.add(e.getKey());
                values.add(inner);
            }
            return dynamic ? new Template.Obj(keys.toArray(String[]::new), values.toArray(Template[]::new))
                    : new Template.Literal(node);
        }
        if (node.isArray()) {
            Template[] items = new Template[node.size()];
            boolean dynamic = false;
            for (int i = 0; i < node.size(); i++) {
                items[i] = jsonata(node.get(i), field + "[" + i + "]", FieldReader.index(location, i));
                dynamic |= !items[i].isStatic();
            }
            return dynamic ? new Template.Arr(items) : new Template.Literal(node);
        }
        return new Template.Literal(node);
    }

    /** INVALID_JSONATA_EXPRESSION carries the JSONata parser's own message, without its code. */
    private Template jsonataText(JsonNode node, String field, String location) {
        String body = jsonataBody(node.asText());
        if (body == null) {
            return new Template.Literal(node);
        }
        try {
            return new Template.Jsonata(JsonataExpression.compile(body), field);
        } catch (RuntimeException e) {
            diagnostics.add(Diagnostic.error(INVALID_JSONATA_EXPRESSION, parserMessage(e), location));
        } catch (StackOverflowError e) {
            diagnostics.add(Diagnostic.error(INVALID_JSONATA_EXPRESSION, "The expression is too deeply nested", location));
        }
        return new Template.Literal(node);
    }

    private static String parserMessage(RuntimeException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "The expression is not valid JSONata";
        }
        return message.replaceFirst("^[STDU]\\d{4}: ", "");
    }
}
