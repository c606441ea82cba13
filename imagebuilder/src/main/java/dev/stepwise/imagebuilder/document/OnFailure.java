package dev.stepwise.imagebuilder.document;

import java.util.Optional;

/**
 * What a failed step does to its workflow: {@code Abort} (the default) fails the workflow and rolls
 * back, from the failed step backwards, the steps that allow it; {@code Continue} fails the step and
 * runs the next one, without rollback.
 */
public enum OnFailure {
    ABORT("Abort"), CONTINUE("Continue");

    private final String documentName;

    OnFailure(String documentName) {
        this.documentName = documentName;
    }

    public String documentName() {
        return documentName;
    }

    public static Optional<OnFailure> fromDocumentName(String name) {
        for (OnFailure f : values()) {
            if (f.documentName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
