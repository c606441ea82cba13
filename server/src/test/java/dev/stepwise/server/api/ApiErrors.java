package dev.stepwise.server.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts an AWS error as the SDK sees it: its code, HTTP status and message. */
final class ApiErrors {
    private ApiErrors() {}

    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.statusCode()).isEqualTo(400);
            if (message != null) {
                org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }
}
