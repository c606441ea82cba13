package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.eval.PathField;
import dev.stepwise.asl.eval.Template;
import dev.stepwise.asl.model.Catcher;
import dev.stepwise.asl.model.ErrorHandling;
import dev.stepwise.asl.model.QueryLanguage;
import dev.stepwise.asl.model.Retrier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the Retry and Catch fields of Task, Parallel and Map states: retriers with their value
 * ranges, catchers with their Next, and States.ALL alone in the last entry.
 */
final class ErrorHandlers {
    private static final int MAX_SECONDS = 99999999;

    private final List<Diagnostic> diagnostics;
    private final Templates templates;

    ErrorHandlers(List<Diagnostic> diagnostics, Templates templates) {
        this.diagnostics = diagnostics;
        this.templates = templates;
    }

    /** The state's Retry and Catch lists; NONE when it has neither. */
    ErrorHandling read(FieldReader r, LanguageFields lang) {
        List<Retrier> retry = new ArrayList<>();
        JsonNode retryNode = r.raw("Retry");
        if (retryNode != null && r.isArray("Retry")) {
            for (int i = 0; i < retryNode.size(); i++) {
                Retrier retrier = retrier(retryNode.get(i), FieldReader.index(r.at("Retry"), i));
                if (retrier != null) {
                    retry.add(retrier);
                }
            }
            checkStatesAll(retryNode, r.at("Retry"));
        }
        List<Catcher> catchers = new ArrayList<>();
        JsonNode catchNode = r.raw("Catch");
        if (catchNode != null && r.isArray("Catch")) {
            for (int i = 0; i < catchNode.size(); i++) {
                Catcher catcher = catcher(catchNode.get(i), FieldReader.index(r.at("Catch"), i), lang.language());
                if (catcher != null) {
                    catchers.add(catcher);
                }
            }
            checkStatesAll(catchNode, r.at("Catch"));
        }
        return retry.isEmpty() && catchers.isEmpty() ? ErrorHandling.NONE
                : new ErrorHandling(List.copyOf(retry), List.copyOf(catchers));
    }

    /** States.ALL must stand alone in its ErrorEquals, in the last retrier or catcher. */
    private void checkStatesAll(JsonNode entries, String location) {
        for (int i = 0; i < entries.size(); i++) {
            JsonNode errors = entries.get(i).path("ErrorEquals");
            if (!errors.isArray() || !containsText(errors, "States.ALL")) {
                continue;
            }
            String at = FieldReader.index(location, i) + "/ErrorEquals";
            if (errors.size() > 1) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                        "States.ALL must be the only error name in its ErrorEquals", at));
            }
            if (i < entries.size() - 1) {
                diagnostics.add(Diagnostic.error(SCHEMA_VALIDATION_FAILED,
                        "States.ALL must appear in the last element of the array", at));
            }
        }
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.isTextual() && item.asText().equals(text)) {
                return true;
            }
        }
        return false;
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
                r.error(SCHEMA_VALIDATION_FAILED, "Expected value of type String", FieldReader.index(r.at("ErrorEquals"), i));
                return null;
            }
            errors.add(v.get(i).asText());
        }
        return List.copyOf(errors);
    }

    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");

    private Retrier retrier(JsonNode node, String location) {
        FieldReader r = FieldReader.element(node, location, diagnostics, RETRIER_FIELDS);
        if (r == null) {
            return null;
        }
        r.string("Comment");
        List<String> errors = errorEquals(r);
        Integer interval = boundedInteger(r, "IntervalSeconds", 1, MAX_SECONDS);
        Integer maxAttempts = boundedInteger(r, "MaxAttempts", 0, MAX_SECONDS);
        Integer maxDelay = boundedInteger(r, "MaxDelaySeconds", 1, 31622400);
        Double backoff = r.number("BackoffRate");
        if (backoff != null && backoff < 1.0) {
            r.rangeError("BackoffRate", "greater than or equal to 1.0");
            backoff = null;
        }
        Retrier.JitterStrategy jitter = jitter(r);
        r.finish();
        if (errors == null) {
            return null;
        }
        return new Retrier(errors, interval == null ? 1 : interval, maxAttempts == null ? 3 : maxAttempts,
                backoff == null ? 2.0 : backoff, maxDelay, jitter);
    }

    /** An integer field between {@code min} and {@code max}; null when absent or invalid (reported). */
    private static Integer boundedInteger(FieldReader r, String field, int min, int max) {
        Integer value = r.integer(field);
        if (value != null && (value < min || value > max)) {
            r.rangeError(field, "between " + min + " and " + max);
            return null;
        }
        return value;
    }

    private static Retrier.JitterStrategy jitter(FieldReader r) {
        String jitter = r.string("JitterStrategy");
        if (jitter == null) {
            return Retrier.JitterStrategy.NONE;
        }
        for (Retrier.JitterStrategy s : Retrier.JitterStrategy.values()) {
            if (s.name().equals(jitter)) {
                return s;
            }
        }
        r.error(SCHEMA_VALIDATION_FAILED, "The field 'JitterStrategy' should have one of these values: [FULL, NONE]",
                r.at("JitterStrategy"));
        return Retrier.JitterStrategy.NONE;
    }

    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Output", "Assign",
            "Comment");

    private Catcher catcher(JsonNode node, String location, QueryLanguage language) {
        FieldReader r = FieldReader.element(node, location, diagnostics, CATCHER_FIELDS);
        if (r == null) {
            return null;
        }
        LanguageFields lang = new LanguageFields(r, language);
        lang.checkFields();
        r.string("Comment");
        List<String> errors = errorEquals(r);
        String next = r.requiredString("Next");
        PathField resultPath = lang.has("ResultPath") ? Templates.resultPath(r) : PathField.ROOT;
        Template output = lang.has("Output") ? templates.jsonata(r.raw("Output"), "Output", r.at("Output")) : null;
        Template assign = r.has("Assign") ? templates.assign(r, lang.jsonata()) : null;
        r.finish();
        if (errors == null || next == null) {
            return null;
        }
        return new Catcher(errors, next, resultPath, output, assign);
    }
}
