package dev.stepwise.imagebuilder.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dynamic variable of a workflow document: a JSONPath selector whose first node after the root
 * names the document structure it reads ({@code $.parameters.<name>}, {@code $.stepOutputs.<step>.<output>},
 * {@code $.workflowOutputs.<name>} or {@code $.imagebuilder.<variable>}), followed by member names
 * and array indexes ({@code $.stepOutputs.Snapshot.output[0]}). {@code segments} are those that follow
 * the structure node: member names as they are, indexes as "[n]".
 */
public record VariablePath(String text, Root root, List<String> segments) {

    /** The document structures a variable can read. */
    public enum Root {
        PARAMETERS("parameters"), STEP_OUTPUTS("stepOutputs"), WORKFLOW_OUTPUTS("workflowOutputs"),
        IMAGEBUILDER("imagebuilder");

        private final String documentName;

        Root(String documentName) {
            this.documentName = documentName;
        }

        public String documentName() {
            return documentName;
        }
    }

    private static final Pattern WHOLE = Pattern.compile("\\$\\.([A-Za-z]+)((?:\\.[A-Za-z0-9_-]+|\\[[0-9]+])+)");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[([0-9]+)]");

    public VariablePath {
        segments = List.copyOf(segments);
    }

    /**
     * The variable {@code text} names, or empty when it is not one: not a JSONPath of this form, or
     * one whose structure node is none of the four. The structure node {@code imagebuilder} is
     * also taken as {@code imageBuilder}, as AWS's documentation writes it in places.
     */
    public static Optional<VariablePath> parse(String text) {
        String t = text.strip();
        Matcher m = WHOLE.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        Root root = switch (m.group(1)) {
            case "parameters" -> Root.PARAMETERS;
            case "stepOutputs" -> Root.STEP_OUTPUTS;
            case "workflowOutputs" -> Root.WORKFLOW_OUTPUTS;
            case "imagebuilder", "imageBuilder" -> Root.IMAGEBUILDER;
            default -> null;
        };
        if (root == null) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        Matcher s = SEGMENT.matcher(m.group(2));
        while (s.find()) {
            segments.add(s.group(1) != null ? s.group(1) : "[" + s.group(2) + "]");
        }
        if (segments.get(0).startsWith("[")) {
            return Optional.empty();
        }
        return Optional.of(new VariablePath(t, root, segments));
    }

    /** Whether {@code text} looks meant as a variable (it starts with "$."), valid or not. */
    public static boolean looksLikePath(String text) {
        return text.strip().startsWith("$.");
    }

    /** The first segment: the parameter, step, workflow output or system variable named. */
    public String first() {
        return segments.get(0);
    }

    /** The second segment (a step output's name), or null when there is none or it is an index. */
    public String second() {
        return segments.size() > 1 && !segments.get(1).startsWith("[") ? segments.get(1) : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
