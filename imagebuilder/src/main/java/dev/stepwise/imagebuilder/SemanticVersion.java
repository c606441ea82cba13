package dev.stepwise.imagebuilder;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic version of an Image Builder resource: major.minor.patch, each 0 to 2^30-1 (the
 * build number, the fourth node, is assigned by Image Builder and kept apart). Ordered numerically.
 */
record SemanticVersion(int major, int minor, int patch) implements Comparable<SemanticVersion> {
    /** The largest value of a node: 2^30-1. */
    static final long MAX_NODE = 1_073_741_823L;
    static final Pattern TEXT = Pattern.compile("^([0-9]+)\\.([0-9]+)\\.([0-9]+)$");
    private static final Comparator<SemanticVersion> ORDER = Comparator.comparingInt(SemanticVersion::major)
            .thenComparingInt(SemanticVersion::minor).thenComparingInt(SemanticVersion::patch);

    /**
     * The version {@code text} writes, for text matching the model's pattern; InvalidVersionNumberException
     * for a node beyond 2^30-1. Null for text of another form (the caller words that error).
     */
    static SemanticVersion parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return new SemanticVersion(node(m.group(1), text), node(m.group(2), text), node(m.group(3), text));
    }

    private static int node(String digits, String text) {
        if (digits.length() > 10 || Long.parseLong(digits) > MAX_NODE) {
            throw ImageBuilderErrors.invalidVersionNumber("The semantic version '" + text + "' is not valid: each of "
                    + "its major, minor and patch numbers must be from 0 to " + MAX_NODE + ".");
        }
        return Integer.parseInt(digits);
    }

    /** A key that sorts versions in their numeric order: each node zero-padded to 10 digits. */
    String sortKey() {
        return String.format("%010d.%010d.%010d", major, minor, patch);
    }

    @Override
    public int compareTo(SemanticVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
