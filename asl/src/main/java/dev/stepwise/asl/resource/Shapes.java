package dev.stepwise.asl.resource;

import java.util.regex.Pattern;

/** The resource parts of the ARNs a Task's Resource may be (see {@link TaskResource}). */
final class Shapes {
    static final Pattern INTEGRATION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9:_-]+(\\.sync(:2)?|\\.waitForTaskToken)?");
    static final Pattern FUNCTION = Pattern.compile("function:[^:]+(:[^:]+)?");
    static final Pattern ACTIVITY = Pattern.compile("activity:[^:]+");

    private Shapes() {}
}
