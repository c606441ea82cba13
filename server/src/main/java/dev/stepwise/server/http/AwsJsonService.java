package dev.stepwise.server.http;

import java.util.Map;

/**
 * A service spoken over an AWS JSON protocol: its X-Amz-Target prefix ("AWSStepFunctions"), its
 * content type and its table of operations.
 */
public interface AwsJsonService {

    String targetPrefix();

    String contentType();

    Map<String, Operation> operations();
}
