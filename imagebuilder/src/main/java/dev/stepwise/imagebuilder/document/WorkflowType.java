package dev.stepwise.imagebuilder.document;

import java.util.Locale;
import java.util.Optional;

/** The image creation stage a workflow runs in, as CreateWorkflow's {@code type} names it. */
public enum WorkflowType {
    BUILD, TEST, DISTRIBUTION;

    /** How ARNs name the type: "build", "test", "distribution". */
    public String arnSegment() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type an ARN's segment names; empty for anything else. */
    public static Optional<WorkflowType> fromArnSegment(String segment) {
        for (WorkflowType t : values()) {
            if (t.arnSegment().equals(segment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
