package dev.stepwise.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts an AWS error as the SDK sees it: its code, HTTP status and message (any service's). */
public final class ApiErrors {
    private static final String MODEL = "software.amazon.awssdk.services.sfn.model.";

    private ApiErrors() {}

    /** {@link #expectError(String, ThrowableAssert.ThrowingCallable, String, String)} of Step Functions. */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        expectError(MODEL, call, code, message);
    }

    /**
     * The call fails with {@code code} (HTTP 400) and exactly {@code message} (not checked when
     * null). When the SDK models the error in {@code modelPackage} ("software.amazon.awssdk.services.
     * sfn.model."), it must also have parsed it into its own exception class ({@code InvalidArn} →
     * {@code InvalidArnException}), as it does against AWS.
     */
    public static void expectError(String modelPackage, ThrowableAssert.ThrowingCallable call, String code,
                                   String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
            Class<?> modeled = modeledException(modelPackage, code);
            if (modeled != null) {
                assertThat(e).isInstanceOf(modeled);
            }
        });
    }

    private static Class<?> modeledException(String modelPackage, String code) {
        try {
            return Class.forName(modelPackage + (code.endsWith("Exception") ? code : code + "Exception"));
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
