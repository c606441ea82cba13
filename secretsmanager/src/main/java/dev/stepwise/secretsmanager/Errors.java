package dev.stepwise.secretsmanager;

import dev.stepwise.api.ServiceException;

/**
 * Secrets Manager's errors as it answers them: HTTP 400, the error's bare name as {@code __type},
 * and its message. No message ever holds a secret value.
 */
final class Errors {
    private Errors() {}

    static ServiceException notFound() {
        return error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    /** A secret with no version under the label asked for (a secret created without a value has none). */
    static ServiceException noValueForStage(String stage) {
        return error("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: " + stage);
    }

    static ServiceException noValueForVersion(String versionId) {
        return error("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
    }

    static ServiceException markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }

    static ServiceException nameScheduledForDeletion() {
        return invalidRequest(
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    static ServiceException exists(String name) {
        return error("ResourceExistsException", "The operation failed because the secret " + name
                + " already exists.");
    }

    static ServiceException versionExists() {
        return error("ResourceExistsException",
                "You can't modify an existing version, you can only create a new version.");
    }

    static ServiceException invalidRequest(String message) {
        return error("InvalidRequestException", message);
    }

    static ServiceException invalidParameter(String message) {
        return error("InvalidParameterException", message);
    }

    static ServiceException invalidNextToken() {
        return error("InvalidNextTokenException", "The NextToken value is invalid.");
    }

    static ServiceException error(String name, String message) {
        return new ServiceException(400, name, message);
    }
}
