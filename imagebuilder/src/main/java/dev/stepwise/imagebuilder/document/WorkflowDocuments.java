package dev.stepwise.imagebuilder.document;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads workflow documents: parses the text (YAML or JSON), reads it into a {@link WorkflowDocument}
 * and checks it for a workflow of a given type, collecting every problem with the step and field it
 * concerns. Pure: no I/O, no clock.
 */
public final class WorkflowDocuments {

    private WorkflowDocuments() {}

    /** The document, when it has no problem; otherwise every problem found: those of form first, then the others. */
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
        return new Checked(problems.isEmpty() ? read.document() : null, problems);
    }
}
