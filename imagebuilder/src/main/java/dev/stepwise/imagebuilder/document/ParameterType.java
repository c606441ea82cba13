package dev.stepwise.imagebuilder.document;

import java.util.Optional;

/** The data types a workflow document's parameter can have, as the document spells them. */
public enum ParameterType {
    STRING("string"), INTEGER("integer"), BOOLEAN("boolean"), STRING_LIST("stringList");

    private final String documentName;

    ParameterType(String documentName) {
        this.documentName = documentName;
    }

    /** "string", "integer", "boolean" or "stringList". */
    public String documentName() {
        return documentName;
    }

    public static Optional<ParameterType> fromDocumentName(String name) {
        for (ParameterType t : values()) {
            if (t.documentName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
