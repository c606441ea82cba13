package dev.stepwise.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.server.api.ApiErrors;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.services.transfer.model.ResourceExistsException;
import software.amazon.awssdk.services.transfer.model.ResourceNotFoundException;

/** Transfer's errors as the AWS SDK sees them: code, HTTP status, message, and Resource/ResourceType. */
final class TransferAsserts {
    private static final String MODEL = "software.amazon.awssdk.services.transfer.model.";

    private TransferAsserts() {}

    /**
     * The call fails with {@code code} (HTTP 400) and exactly {@code message} (not checked when
     * null), parsed by the SDK into its own exception class when it models the error.
     */
    static void expectError(ThrowableAssert.ThrowingCallable call, String code, String message) {
        ApiErrors.expectError(MODEL, call, code, message);
    }

    /** ResourceNotFoundException with its message and its Resource and ResourceType members. */
    static void expectNotFound(ThrowableAssert.ThrowingCallable call, String message, String resource,
                               String resourceType) {
        expectError(call, "ResourceNotFoundException", message);
        assertThatThrownBy(call).isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
            assertThat(e.resource()).isEqualTo(resource);
            assertThat(e.resourceType()).isEqualTo(resourceType);
        });
    }

    /** ResourceExistsException with its message and its Resource and ResourceType members. */
    static void expectExists(ThrowableAssert.ThrowingCallable call, String message, String resource,
                             String resourceType) {
        expectError(call, "ResourceExistsException", message);
        assertThatThrownBy(call).isInstanceOfSatisfying(ResourceExistsException.class, e -> {
            assertThat(e.resource()).isEqualTo(resource);
            assertThat(e.resourceType()).isEqualTo(resourceType);
        });
    }
}
