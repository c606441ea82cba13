package dev.stepwise.asl.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stepwise.asl.eval.JsonPathExpr;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an intrinsic call. Grammar (AWS, "Intrinsic functions for JSONPath states in Step
 * Functions"):
 *
 * <pre>
 * call     := "States." Name "(" [ argument ( "," argument )* ] ")"
 * argument := 'string' | number | true | false | null | path | call
 * </pre>
 *
 * Whitespace may surround arguments. In a string literal {@code \'}, {@code \{}, {@code \}} and
 * {@code \\} stand for {@code ' { } \}, the only escapes there are; any other backslash (an "open
 * escape") makes the call invalid, and AWS refuses the definition that holds it (the States
 * Language specification calls it a runtime error, but AWS checks it when the definition is
 * created, as it checks the rest of the call's syntax). A path runs to the next
 * {@code ,} or {@code )} outside brackets, so filters such as {@code $.a[?(@.b == 'x')]} work.
 * AWS allows "up to 10 intrinsic functions within a field"; its own example counts every call
 * in the field ("nine nested intrinsic functions" for a States.Format with eight calls inside),
 * so the limit applies to the number of calls, nested ones included.
 */
final class IntrinsicParser {
    static final int MAX_CALLS = 10;
    private static final String PREFIX = "States.";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private final String text;
    private int pos;
    private int calls;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    static Argument.Call parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("An intrinsic function call must start with 'States.'.");
        }
        IntrinsicParser parser = new IntrinsicParser(text);
        Argument.Call call = parser.call();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.error("Unexpected text '" + text.substring(parser.pos) + "' after the call to "
                    + call.function().name() + ".");
        }
        return call;
    }

    private Argument.Call call() {
        int start = pos;
        pos += PREFIX.length();
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        IntrinsicFunctions.Signature function = IntrinsicFunctions.lookup(name);
        if (function == null) {
            throw error("'" + name + "' is not an intrinsic function.");
        }
        if (++calls > MAX_CALLS) {
            throw error("A field can hold at most " + MAX_CALLS + " intrinsic functions, nested calls included.");
        }
        skipSpace();
        if (!at('(')) {
            throw error("Expected '(' after " + name + " at position " + pos + ".");
        }
        pos++;
        List<Argument> arguments = new ArrayList<>();
        skipSpace();
        if (at(')')) {
            pos++;
        } else {
            while (true) {
                arguments.add(argument(name));
                skipSpace();
                if (pos >= text.length()) {
                    throw error("The call to " + name + " is missing its closing ')'.");
                }
                char c = text.charAt(pos);
                pos++;
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    throw error("Expected ',' or ')' at position " + (pos - 1) + " in the arguments of " + name + ".");
                }
            }
        }
        checkArity(function, arguments);
        return new Argument.Call(function, List.copyOf(arguments));
    }

    private static void checkArity(IntrinsicFunctions.Signature function, List<Argument> arguments) {
        int n = arguments.size();
        if (n < function.minArgs() || n > function.maxArgs()) {
            throw new IllegalArgumentException(function.name() + " " + function.arity() + " but was given " + n + ".");
        }
        if (function.name().equals("States.Format") && arguments.get(0) instanceof Argument.StringLiteral template) {
            int placeholders = StringFunctions.placeholders(template.source());
            if (placeholders != n - 1) {
                throw new IllegalArgumentException("The template of States.Format has " + placeholders
                        + " '{}' placeholder" + (placeholders == 1 ? "" : "s") + " but " + (n - 1)
                        + (n - 1 == 1 ? " value follows it." : " values follow it."));
            }
        }
    }

    private Argument argument(String function) {
        skipSpace();
        if (pos >= text.length()) {
            throw error("The call to " + function + " is missing its closing ')'.");
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return path();
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        if (text.startsWith(PREFIX, pos)) {
            return call();
        }
        if (c == ',' || c == ')') {
            throw error("An argument of " + function + " is missing at position " + pos + ".");
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String word = text.substring(start, pos);
        return switch (word) {
            case "true" -> new Argument.Literal(Json.NODES.booleanNode(true));
            case "false" -> new Argument.Literal(Json.NODES.booleanNode(false));
            case "null" -> new Argument.Literal(Json.NODES.nullNode());
            default -> {
                pos = start;
                String shown = word.isEmpty() ? String.valueOf(c) : word;
                throw error("Unexpected '" + shown + "' at position " + start + " in the arguments of " + function
                        + " (strings take single quotes).");
            }
        };
    }

    private Argument string() {
        int open = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next != '\'' && next != '{' && next != '}' && next != '\\') {
                    throw error("The string literal that starts at position " + open + " holds the open escape '\\"
                            + next + "' at position " + pos + "; only \\', \\{, \\} and \\\\ are escapes.");
                }
                value.append(next);
                pos += 2;
            } else if (c == '\'') {
                String source = text.substring(open + 1, pos);
                pos++;
                return new Argument.StringLiteral(value.toString(), source);
            } else {
                value.append(c);
                pos++;
            }
        }
        throw error("The string literal that starts at position " + open + " is not terminated.");
    }

    private Argument number() {
        Matcher m = NUMBER.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw error("Expected a number at position " + pos + ".");
        }
        String literal = m.group();
        try {
            Argument argument = new Argument.Literal(Json.parse(literal));
            pos = m.end();
            return argument;
        } catch (JsonProcessingException e) {
            throw error("'" + literal + "' at position " + pos + " is not a valid number.");
        }
    }

    private Argument path() {
        int start = pos;
        int brackets = 0;
        char quote = 0;
        scan:
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\' && pos + 1 < text.length()) {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (brackets > 0) {
                switch (c) {
                    case '\'', '"' -> quote = c;
                    case '[' -> brackets++;
                    case ']' -> brackets--;
                    default -> { }
                }
            } else {
                switch (c) {
                    case '[' -> brackets++;
                    case ',', ')' -> {
                        break scan;
                    }
                    default -> {
                        if (Character.isWhitespace(c)) {
                            break scan;
                        }
                    }
                }
            }
            pos++;
        }
        String path = text.substring(start, pos);
        if (quote != 0 || brackets != 0) {
            throw error("The path '" + path + "' that starts at position " + start + " is not closed.");
        }
        try {
            return new Argument.PathArgument(JsonPathExpr.compile(path));
        } catch (IllegalArgumentException e) {
            throw error("The path '" + path + "' is not a valid JSONPath (" + e.getMessage() + ").");
        }
    }

    private boolean at(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message);
    }
}
