package dev.stepwise.imagebuilder.document;

import java.util.Optional;

/**
 * The comparison operators of a step's {@code if}, as AWS documents them ("Use conditional
 * statements in your workflow steps"): each compares its operand with the statement's
 * {@code value}, as booleans, numbers or strings.
 */
public enum ComparisonOperator {
    BOOLEAN_EQUALS("booleanEquals", Kind.BOOLEAN),
    NUMBER_EQUALS("numberEquals", Kind.NUMBER),
    NUMBER_GREATER_THAN("numberGreaterThan", Kind.NUMBER),
    NUMBER_GREATER_THAN_EQUALS("numberGreaterThanEquals", Kind.NUMBER),
    NUMBER_LESS_THAN("numberLessThan", Kind.NUMBER),
    NUMBER_LESS_THAN_EQUALS("numberLessThanEquals", Kind.NUMBER),
    STRING_EQUALS("stringEquals", Kind.STRING);

    /** What an operator compares. */
    public enum Kind { BOOLEAN, NUMBER, STRING }

    private final String documentName;
    private final Kind kind;

    ComparisonOperator(String documentName, Kind kind) {
        this.documentName = documentName;
        this.kind = kind;
    }

    public String documentName() {
        return documentName;
    }

    public Kind kind() {
        return kind;
    }

    public static Optional<ComparisonOperator> fromDocumentName(String name) {
        for (ComparisonOperator o : values()) {
            if (o.documentName.equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
