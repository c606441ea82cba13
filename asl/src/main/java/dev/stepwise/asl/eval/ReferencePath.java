package dev.stepwise.asl.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a reference path (ResultPath): {@code $} followed by member steps ({@code .name},
 * {@code ['name']}, {@code ["name"]}, also written {@code .['name']}) and index steps
 * ({@code [0]}) only, so that it names exactly one node. A bracketed name takes the escapes Jayway
 * JsonPath takes when it reads a path (backslash before {@code ' " \ n t r f b}, and before
 * {@code u} with four hex digits; before any other character it stands for that character), so a
 * ResultPath writes the member that the same text reads in InputPath or a {@code "key.$"} value.
 */
public final class ReferencePath {
    /** Characters a dot-notation name cannot hold. */
    private static final String NOT_IN_NAME = ".[]'\"*@?()$ ";

    private final String text;
    private int pos = 1;

    private ReferencePath(String text) {
        this.text = text;
    }

    /**
     * The steps of a reference path: member names (String, unescaped) and indexes (Integer);
     * null when the text is not a reference path.
     */
    public static List<Object> steps(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            return null;
        }
        return new ReferencePath(text).read();
    }

    private List<Object> read() {
        List<Object> steps = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            Object step;
            if (c == '.' && pos < text.length() && text.charAt(pos) == '[') {
                pos++;
                step = bracket();
            } else if (c == '.') {
                step = dotName();
            } else if (c == '[') {
                step = bracket();
            } else {
                return null;
            }
            if (step == null) {
                return null;
            }
            steps.add(step);
        }
        return steps;
    }

    private String dotName() {
        int start = pos;
        while (pos < text.length() && NOT_IN_NAME.indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return pos > start ? text.substring(start, pos) : null;
    }

    /** After "[": an index or a quoted name, then "]". */
    private Object bracket() {
        if (pos >= text.length()) {
            return null;
        }
        char quote = text.charAt(pos);
        Object step = quote == '\'' || quote == '"' ? quotedName(quote) : index();
        if (step == null || pos >= text.length() || text.charAt(pos) != ']') {
            return null;
        }
        pos++;
        return step;
    }

    private Integer index() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return pos > start ? Integer.valueOf(text.substring(start, pos)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String quotedName(char quote) {
        StringBuilder name = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return name.toString();
            }
            if (c != '\\') {
                name.append(c);
            } else if (!unescape(name)) {
                return null;
            }
        }
        return null;
    }

    /** Appends the character the escape at {@code pos} (after its backslash) stands for. */
    private boolean unescape(StringBuilder name) {
        if (pos >= text.length()) {
            return false;
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'n' -> name.append('\n');
            case 't' -> name.append('\t');
            case 'r' -> name.append('\r');
            case 'f' -> name.append('\f');
            case 'b' -> name.append('\b');
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    return false;
                }
                try {
                    name.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                } catch (NumberFormatException e) {
                    return false;
                }
                pos += 4;
            }
            default -> name.append(c);
        }
        return true;
    }
}
