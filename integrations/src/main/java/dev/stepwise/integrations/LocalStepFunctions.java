package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** This server's own Step Functions API, for Task states that call Step Functions. */
public interface LocalStepFunctions {

    /** An error the API answered with: its code ("ExecutionAlreadyExists", "ValidationException") and message. */
    final class ApiError extends Exception {
        private final String code;

        public ApiError(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Calls an operation, as the account and region of the calling execution, with its request as
     * the wire carries it (camelCase members); answers its response.
     */
    ObjectNode call(String account, String region, String operation, ObjectNode request) throws ApiError;

    /** Completes once the execution has closed (at once when it is not running). */
    CompletableFuture<Void> closed(String executionArn);

    /**
     * The API {@code api} supplies once it exists: the API runs on the runtime that dispatches the
     * tasks that call it, so the integration is made before the API it calls.
     */
    static LocalStepFunctions late(java.util.function.Supplier<LocalStepFunctions> api) {
        return new LocalStepFunctions() {
            @Override
            public ObjectNode call(String account, String region, String operation, ObjectNode request)
                    throws ApiError {
                return api.get().call(account, region, operation, request);
            }

            @Override
            public CompletableFuture<Void> closed(String executionArn) {
                return api.get().closed(executionArn);
            }
        };
    }
}
