package dev.stepwise.server.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Image Builder errors as the AWS SDK sees them. */
final class ImageBuilderAsserts {
    private static final String MODEL = "software.amazon.awssdk.services.imagebuilder.model.";

    private ImageBuilderAsserts() {}

    /**
     * The call fails with {@code code}, HTTP {@code status} and exactly {@code message} (when not
     * null), parsed by the SDK into the model's exception class of that name.
     */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
            try {
                assertThat(e).isInstanceOf(Class.forName(MODEL + code));
            } catch (ClassNotFoundException notModeled) {
                // SerializationException: the SDK has no class of its own
            }
        });
    }

    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        expectError(call, code, 400, message);
    }
}
