package dev.stepwise.asl.model;

/**
 * The Choice comparison operators. Each has a kind (what it compares) and whether its operand is
 * a path ({@code …Path}). The Is… tests take a boolean operand.
 */
public enum ComparisonOperator {
    StringEquals(Kind.STRING), StringEqualsPath(Kind.STRING),
    StringLessThan(Kind.STRING), StringLessThanPath(Kind.STRING),
    StringGreaterThan(Kind.STRING), StringGreaterThanPath(Kind.STRING),
    StringLessThanEquals(Kind.STRING), StringLessThanEqualsPath(Kind.STRING),
    StringGreaterThanEquals(Kind.STRING), StringGreaterThanEqualsPath(Kind.STRING),
    StringMatches(Kind.STRING),
    NumericEquals(Kind.NUMERIC), NumericEqualsPath(Kind.NUMERIC),
    NumericLessThan(Kind.NUMERIC), NumericLessThanPath(Kind.NUMERIC),
    NumericGreaterThan(Kind.NUMERIC), NumericGreaterThanPath(Kind.NUMERIC),
    NumericLessThanEquals(Kind.NUMERIC), NumericLessThanEqualsPath(Kind.NUMERIC),
    NumericGreaterThanEquals(Kind.NUMERIC), NumericGreaterThanEqualsPath(Kind.NUMERIC),
    BooleanEquals(Kind.BOOLEAN), BooleanEqualsPath(Kind.BOOLEAN),
    TimestampEquals(Kind.TIMESTAMP), TimestampEqualsPath(Kind.TIMESTAMP),
    TimestampLessThan(Kind.TIMESTAMP), TimestampLessThanPath(Kind.TIMESTAMP),
    TimestampGreaterThan(Kind.TIMESTAMP), TimestampGreaterThanPath(Kind.TIMESTAMP),
    TimestampLessThanEquals(Kind.TIMESTAMP), TimestampLessThanEqualsPath(Kind.TIMESTAMP),
    TimestampGreaterThanEquals(Kind.TIMESTAMP), TimestampGreaterThanEqualsPath(Kind.TIMESTAMP),
    IsNull(Kind.TYPE_TEST), IsPresent(Kind.TYPE_TEST), IsNumeric(Kind.TYPE_TEST), IsString(Kind.TYPE_TEST),
    IsBoolean(Kind.TYPE_TEST), IsTimestamp(Kind.TYPE_TEST);

    public enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    private final Kind kind;

    ComparisonOperator(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean takesPath() {
        return name().endsWith("Path");
    }

    /** The relation without the Path suffix: "Equals", "LessThan", "GreaterThanEquals", … */
    public String relation() {
        String n = takesPath() ? name().substring(0, name().length() - 4) : name();
        return switch (kind) {
            case STRING -> n.substring("String".length());
            case NUMERIC -> n.substring("Numeric".length());
            case BOOLEAN -> n.substring("Boolean".length());
            case TIMESTAMP -> n.substring("Timestamp".length());
            case TYPE_TEST -> n;
        };
    }

    public static ComparisonOperator fromWire(String name) {
        for (ComparisonOperator op : values()) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        return null;
    }
}
