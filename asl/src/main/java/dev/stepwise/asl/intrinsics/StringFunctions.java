package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stepwise.asl.json.Json;

/** States.Format ("Intrinsic for generic operation"), States.StringSplit and States.UUID. */
final class StringFunctions {
    private StringFunctions() {}

    /**
     * The template with each "{}" replaced by the next argument (see {@link JsonValues#formatText}).
     * In a template written as a literal, {@code \{} and {@code \}} are braces that open no
     * placeholder ("the { and } characters can be escaped respectively as \\{ and \\}"). There
     * must be as many arguments as placeholders, and a '{' that does not open "{}" is an error.
     * A template read from a path is used as it is: it has no escapes.
     */
    static JsonNode format(Invocation call) {
        String template;
        boolean escaped;
        if (call.argument(0) instanceof Argument.StringLiteral literal) {
            template = literal.source();
            escaped = true;
        } else {
            template = call.string(0);
            escaped = false;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escaped && c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{') {
                if (i + 1 >= template.length() || template.charAt(i + 1) != '}') {
                    throw call.unmatchedBrace();
                }
                if (next >= call.size()) {
                    throw call.invalid();
                }
                out.append(JsonValues.formatText(call.value(next++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != call.size()) {
            throw call.invalid();
        }
        return Json.text(out.toString());
    }

    /** The number of "{}" placeholders in a literal template's source (escaped braces skipped). */
    static int placeholders(String source) {
        int count = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                count++;
                i++;
            }
        }
        return count;
    }

    /**
     * The pieces of the string between delimiters, where every character of the second argument
     * is a delimiter and empty pieces are dropped. AWS recorded: ("1,2,3,4,5", ",") gives
     * ["1","2","3","4","5"], ("This.is+a,test=string", ".+,=") gives ["This","is","a","test","string"],
     * (", , ,", ",") gives [" "," "] and (",,,,", ",") gives [].
     */
    static JsonNode stringSplit(Invocation call) {
        String text = call.string(0);
        String delimiters = call.string(1);
        ArrayNode out = Json.array();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (delimiters.indexOf(cp) >= 0) {
                if (i > start) {
                    out.add(text.substring(start, i));
                }
                start = i + width;
            }
            i += width;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** A version 4 UUID from the injected random source. */
    static JsonNode uuid(Invocation call) {
        return Json.text(call.ctx().random().uuid().toString());
    }
}
