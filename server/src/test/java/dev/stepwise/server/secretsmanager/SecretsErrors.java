package dev.stepwise.server.secretsmanager;

import dev.stepwise.server.api.ApiErrors;
import org.assertj.core.api.ThrowableAssert;

/** Asserts a Secrets Manager error as the SDK sees it: its code, HTTP 400, its message. */
final class SecretsErrors {
    private static final String MODEL = "software.amazon.awssdk.services.secretsmanager.model.";

    private SecretsErrors() {}

    /**
     * The call fails with {@code code} (HTTP 400) and exactly {@code message} (unchecked when null);
     * an error the SDK models must also come as the SDK's own exception class, as it does from AWS.
     */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        ApiErrors.expectError(MODEL, call, code, message);
    }

    static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
    static final String MARKED_FOR_DELETION =
            "You can't perform this operation on the secret because it was marked for deletion.";
}
