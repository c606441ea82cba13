package dev.stepwise.asl.parse;

/**
 * One problem found in a definition, as ValidateStateMachineDefinition reports it: a severity,
 * an AWS diagnostic code, a one-sentence message and the JSON pointer of the field
 * ("/States/A/Next", "/States/C/Choices[0]/Next", "/" for the root). The location is null where
 * AWS reports none (an empty definition, a workflow without a terminal state).
 */
public record Diagnostic(Severity severity, String code, String message, String location) {

    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        if (location != null && location.isEmpty()) {
            location = "/";
        }
    }

    public static Diagnostic error(String code, String message, String location) {
        return new Diagnostic(Severity.ERROR, code, message, location);
    }

    public static Diagnostic warning(String code, String message, String location) {
        return new Diagnostic(Severity.WARNING, code, message, location);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The form CreateStateMachine puts in its InvalidDefinition message: "CODE: message at location"
     * (AWS writes "at null" when the diagnostic has no location).
     */
    public String render() {
        return code + ": " + message + " at " + location;
    }
}
