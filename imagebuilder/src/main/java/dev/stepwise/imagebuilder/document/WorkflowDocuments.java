package dev.stepwise.imagebuilder.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads workflow documents: parses the text (YAML or JSON), reads it into a {@link WorkflowDocument}
 * and checks it for a workflow of a given type, collecting every problem with the step and field it
 * concerns. Pure: no I/O, no clock.
 */
public final class WorkflowDocuments {

    private static final Pattern ITEM = Pattern.compile("^(parameters|steps|outputs)\\[(\\d+)]");
    private static final List<String> SECTIONS = List.of("parameters", "steps", "outputs");
    private static final Comparator<DocumentProblem> DOCUMENT_ORDER = Comparator
            .comparingInt((DocumentProblem p) -> section(p.location())).thenComparingInt(p -> item(p.location()));

    private WorkflowDocuments() {}

    /** 0 for the document's own fields, then 1, 2, 3 for parameters, steps and outputs. */
    private static int section(String location) {
        Matcher m = ITEM.matcher(location);
        return m.find() ? SECTIONS.indexOf(m.group(1)) + 1 : SECTIONS.contains(location) ? SECTIONS.indexOf(location) + 1
                : 0;
    }

    private static int item(String location) {
        Matcher m = ITEM.matcher(location);
        return m.find() ? Integer.parseInt(m.group(2)) : -1;
    }

    /**
     * The document, when it has no problem; otherwise every problem found, in document order by
     * section (the document's own fields, parameters, steps, outputs) and item, those of form
     * before the others within an item.
     */
    public record Checked(WorkflowDocument document, List<DocumentProblem> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Reads and checks {@code text} as the document of a workflow of {@code type}. */
    public static Checked read(String text, WorkflowType type) {
        DocumentReader.Read read = DocumentReader.read(text);
        if (read.document() == null) {
            return new Checked(null, read.problems());
        }
        List<DocumentProblem> problems = new ArrayList<>(read.problems());
        problems.addAll(DocumentChecker.check(read.document(), type));
        problems.sort(DOCUMENT_ORDER); // stable: an item's problems keep the order they were found in
        return new Checked(problems.isEmpty() ? read.document() : null, problems);
    }
}
