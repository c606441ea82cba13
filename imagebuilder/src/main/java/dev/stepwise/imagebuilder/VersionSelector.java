package dev.stepwise.imagebuilder;

/**
 * A version in an ARN that may hold wildcards ({@code x}) for its nodes, as in {@code 1.x.x} or
 * {@code x.x.x}: which semantic versions it matches. A null node matches any value.
 */
record VersionSelector(Integer major, Integer minor, Integer patch) {

    static final VersionSelector ANY = new VersionSelector(null, null, null);

    static VersionSelector exactly(SemanticVersion v) {
        return new VersionSelector(v.major(), v.minor(), v.patch());
    }

    /** Parses "1.0.0", "1.x.x", "x.x.x"; null for anything else. Nodes beyond 2^30-1 match nothing. */
    static VersionSelector parse(String text) {
        String[] nodes = text.split("\\.", -1);
        if (nodes.length != 3) {
            return null;
        }
        Integer[] values = new Integer[3];
        for (int i = 0; i < 3; i++) {
            if (nodes[i].equals("x")) {
                continue;
            }
            if (!nodes[i].matches("[0-9]{1,10}")) {
                return null;
            }
            long n = Long.parseLong(nodes[i]);
            values[i] = n > SemanticVersion.MAX_NODE ? -1 : (int) n;
        }
        return new VersionSelector(values[0], values[1], values[2]);
    }

    boolean exact() {
        return major != null && minor != null && patch != null;
    }

    boolean matches(SemanticVersion v) {
        return (major == null || major == v.major()) && (minor == null || minor == v.minor())
                && (patch == null || patch == v.patch());
    }

    @Override
    public String toString() {
        return node(major) + "." + node(minor) + "." + node(patch);
    }

    private static String node(Integer n) {
        return n == null ? "x" : String.valueOf(n);
    }
}
