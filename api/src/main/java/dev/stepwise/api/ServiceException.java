package dev.stepwise.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered to the client the way the AWS service answers it: HTTP status, the type (the
 * JSON protocols' {@code __type}, "namespace#Name" or just "Name") and the message.
 */
public final class ServiceException extends RuntimeException {
    public static final String SFN = "com.amazonaws.swf.service.v2.model#";
    public static final String CORAL_VALIDATE = "com.amazon.coral.validate#";
    public static final String CORAL_SERVICE = "com.amazon.coral.service#";

    private final int status;
    private final String type;
    private final Map<String, String> members;

    public ServiceException(int status, String type, String message) {
        this(status, type, message, Map.of());
    }

    /**
     * An error whose body carries {@code members} (in order) besides {@code __type}, instead of the
     * usual {"message": …}: for services whose error shapes have members of their own, e.g.
     * Transfer's {"Message": …, "Resource": …, "ResourceType": …}.
     */
    public ServiceException(int status, String type, String message, Map<String, String> members) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** A Step Functions error (HTTP 400), e.g. sfn("ExecutionDoesNotExist", "Execution Does Not Exist: '…'"). */
    public static ServiceException sfn(String name, String message) {
        return new ServiceException(400, SFN + name, message);
    }

    public static ServiceException validation(String message) {
        return new ServiceException(400, CORAL_VALIDATE + "ValidationException", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The body's members besides {@code __type}; empty for the usual {"message": …}. */
    public Map<String, String> members() {
        return members;
    }

    /** The error name clients see (what follows '#', if anything does). */
    public String errorName() {
        return type.substring(type.indexOf('#') + 1);
    }
}
