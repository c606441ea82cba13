package dev.stepwise.api;

import java.util.Map;

/**
 * A service spoken over an AWS JSON protocol (1.0 or 1.1): routed by its X-Amz-Target prefix
 * ("AWSStepFunctions", "TransferService"), or by its signing name ("states", "transfer") when a
 * request carries no target. Answers with its content type; errors carry {@code __type}.
 */
public interface JsonService {

    String targetPrefix();

    /** The service name in the SigV4 credential scope of its requests. */
    String signingName();

    String contentType();

    Map<String, Operation> operations();
}
