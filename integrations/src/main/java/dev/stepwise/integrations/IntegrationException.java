package dev.stepwise.integrations;

/** A task's call failed with this error name and cause, as Step Functions would record them. */
public final class IntegrationException extends Exception {
    private final String error;
    private final String cause;

    public IntegrationException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
