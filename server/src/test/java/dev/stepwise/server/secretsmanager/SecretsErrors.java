package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts a Secrets Manager error as the SDK sees it: its code, HTTP 400, its message. */
final class SecretsErrors {
    private static final String MODEL = "software.amazon.awssdk.services.secretsmanager.model.";

    private SecretsErrors() {}

    /**
     * The call fails with {@code code} (HTTP 400) and exactly {@code message} (unchecked when null);
     * an error the SDK models must also come as the SDK's own exception class, as it does from AWS.
     */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
            Class<?> modeled = modeled(code);
            if (modeled != null) {
                assertThat(e).isInstanceOf(modeled);
            }
        });
    }

    static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
    static final String MARKED_FOR_DELETION =
            "You can't perform this operation on the secret because it was marked for deletion.";

    private static Class<?> modeled(String code) {
        try {
            return Class.forName(MODEL + code);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
