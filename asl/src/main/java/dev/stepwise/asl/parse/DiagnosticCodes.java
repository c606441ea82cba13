package dev.stepwise.asl.parse;

import java.util.Set;

/** AWS's diagnostic codes for state machine definitions. */
public final class DiagnosticCodes {
    public static final String INVALID_JSON_DESCRIPTION = "INVALID_JSON_DESCRIPTION";
    public static final String MISSING_DESCRIPTION = "MISSING_DESCRIPTION";
    public static final String SCHEMA_VALIDATION_FAILED = "SCHEMA_VALIDATION_FAILED";
    public static final String INVALID_RESOURCE = "INVALID_RESOURCE";
    public static final String MISSING_END_STATE = "MISSING_END_STATE";
    public static final String DUPLICATE_STATE_NAME = "DUPLICATE_STATE_NAME";
    public static final String INVALID_STATE_NAME = "INVALID_STATE_NAME";
    public static final String DUPLICATE_LABEL_NAME = "DUPLICATE_LABEL_NAME";
    public static final String INVALID_LABEL_NAME = "INVALID_LABEL_NAME";
    public static final String MISSING_TRANSITION_TARGET = "MISSING_TRANSITION_TARGET";
    public static final String TOO_DEEPLY_NESTED = "TOO_DEEPLY_NESTED";
    /** Not in the API reference's list, but what AWS reports for a JSONata expression that does not parse. */
    public static final String INVALID_JSONATA_EXPRESSION = "INVALID_JSONATA_EXPRESSION";
    public static final String NO_DOLLAR = "NO_DOLLAR";
    public static final String NO_PATH = "NO_PATH";
    public static final String PASS_RESULT_IS_STATIC = "PASS_RESULT_IS_STATIC";

    /** The codes that make a definition fail. */
    public static final Set<String> ERRORS = Set.of(INVALID_JSON_DESCRIPTION, MISSING_DESCRIPTION,
            SCHEMA_VALIDATION_FAILED, INVALID_RESOURCE, MISSING_END_STATE, DUPLICATE_STATE_NAME, INVALID_STATE_NAME,
            DUPLICATE_LABEL_NAME, INVALID_LABEL_NAME, MISSING_TRANSITION_TARGET, TOO_DEEPLY_NESTED,
            INVALID_JSONATA_EXPRESSION);

    /** The codes that only warn. */
    public static final Set<String> WARNINGS = Set.of(NO_DOLLAR, NO_PATH, PASS_RESULT_IS_STATIC);

    private DiagnosticCodes() {}
}
