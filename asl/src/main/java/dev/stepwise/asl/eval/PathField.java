package dev.stepwise.asl.eval;

/**
 * A JSONPath field that may be given as JSON null (InputPath, OutputPath, ResultPath, ItemsPath).
 * {@link #ROOT} stands for an absent field, which means "$".
 */
public final class PathField {
    public static final PathField ROOT = new PathField(JsonPathExpr.compile("$", false));
    public static final PathField NULL = new PathField(null);

    private final JsonPathExpr path;

    private PathField(JsonPathExpr path) {
        this.path = path;
    }

    public static PathField of(JsonPathExpr path) {
        return path.isRoot() && path.root() == JsonPathExpr.Root.INPUT ? ROOT : new PathField(path);
    }

    /** The path, or null when the field was given as null. */
    public JsonPathExpr path() {
        return path;
    }

    public boolean isNull() {
        return path == null;
    }

    public boolean isRoot() {
        return this == ROOT;
    }

    @Override
    public String toString() {
        return path == null ? "null" : path.text();
    }
}
