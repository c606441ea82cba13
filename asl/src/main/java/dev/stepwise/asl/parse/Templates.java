package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.intrinsics.IntrinsicExpression;
import dev.stepwise.asl.jsonata.JsonataExpression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles the dynamic values of a definition: JSONPath payload templates, JSONata values and
 * plain paths, reporting what does not compile at its location.
 */
final class Templates {
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

    JsonPathExpr path(String text, String field, String location, boolean allowVariables) {
        try {
            return JsonPathExpr.compile(text, allowVariables);
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                    "The value for the field '" + field + "' must be a valid JSONPath", location));
            return null;
        }
    }

    /** A JSONPath payload template: members named "key.$" hold a path or an intrinsic call. */
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
                items[i] = payloadNode(node.get(i), location + "/" + i);
                dynamic |= !items[i].isStatic();
            }
            return dynamic ? new Template.Arr(items) : new Template.Literal(node);
        }
        return new Template.Literal(node);
    }

    private Template dynamicValue(JsonNode value, String field, String location) {
        String invalid = "The value for the field '" + field + "' must be a valid JSONPath or a valid intrinsic function call";
        if (!value.isTextual()) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, invalid, location));
            return new Template.Literal(value);
        }
        String text = value.asText();
        if (IntrinsicExpression.isIntrinsic(text)) {
            try {
                return new Template.Intrinsic(IntrinsicExpression.parse(text), field);
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, invalid, location));
                return new Template.Literal(value);
            }
        }
        try {
            return new Template.Path(JsonPathExpr.compile(text, true), field);
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED, invalid, location));
            return new Template.Literal(value);
        }
    }

    /** A JSONata value: "{% … %}" strings anywhere in it are expressions. */
    Template jsonata(JsonNode node, String field, String location) {
        if (node.isTextual()) {
            String body = jsonataBody(node.asText());
            if (body == null) {
                return new Template.Literal(node);
            }
            try {
                return new Template.Jsonata(JsonataExpression.compile(body), field);
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                        "The JSONata expression '" + body + "' is not valid: " + e.getMessage(), location));
                return new Template.Literal(node);
            }
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
                items[i] = jsonata(node.get(i), field + "[" + i + "]", location + "/" + i);
                dynamic |= !items[i].isStatic();
            }
            return dynamic ? new Template.Arr(items) : new Template.Literal(node);
        }
        return new Template.Literal(node);
    }
}
