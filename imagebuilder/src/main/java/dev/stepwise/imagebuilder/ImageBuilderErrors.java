package dev.stepwise.imagebuilder;

import dev.stepwise.api.ServiceException;

/**
 * Image Builder's errors as its rest-json API answers them: the error's name (the
 * {@code x-amzn-ErrorType} header), its HTTP status from the service model, and {"message": …}.
 * Invalid values are worded as AWS words them ("The value supplied for parameter 'type' is not
 * valid. …", seen from AWS); the other messages are written in that style.
 */
final class ImageBuilderErrors {
    private ImageBuilderErrors() {}

    static ServiceException invalidParameterValue(String parameter, String detail) {
        return error(400, "InvalidParameterValueException",
                "The value supplied for parameter '" + parameter + "' is not valid. " + detail);
    }

    /** An InvalidParameterValueException whose whole message is {@code message}. */
    static ServiceException invalidParameterValue(String message) {
        return error(400, "InvalidParameterValueException", message);
    }

    static ServiceException missingParameter(String parameter) {
        return invalidRequest("The request must include the parameter '" + parameter + "'.");
    }

    static ServiceException invalidRequest(String message) {
        return error(400, "InvalidRequestException", message);
    }

    static ServiceException invalidParameterCombination(String message) {
        return error(400, "InvalidParameterCombinationException", message);
    }

    static ServiceException invalidVersionNumber(String message) {
        return error(400, "InvalidVersionNumberException", message);
    }

    static ServiceException idempotentParameterMismatch(String clientToken) {
        return error(400, "IdempotentParameterMismatchException", "The client token '" + clientToken
                + "' was already used for a request with different parameters.");
    }

    static ServiceException resourceInUse(String message) {
        return error(400, "ResourceInUseException", message);
    }

    /** An ARN of the caller's that names nothing, for operations whose model lists no ResourceNotFoundException. */
    static ServiceException clientException(String message) {
        return error(400, "ClientException", message);
    }

    static ServiceException resourceNotFound(String message) {
        return error(404, "ResourceNotFoundException", message);
    }

    /** An invalid value given to the tag operations, whose model lists InvalidParameterException. */
    static ServiceException invalidParameter(String message) {
        return error(400, "InvalidParameterException", message);
    }

    /** A resource that others use, which can't be deleted (AWS's wording, seen from AWS). */
    static ServiceException resourceDependency(String arn) {
        return error(400, "ResourceDependencyException", "Resource dependency error: The resource ARN '" + arn
                + "' has other resources depended on it.");
    }

    /** A ResourceDependencyException whose whole message is {@code message}. */
    static ServiceException resourceDependencyBecause(String message) {
        return error(400, "ResourceDependencyException", message);
    }

    /** A create of a resource whose ARN is taken; {@code kind} as AWS names it ("ImageRecipe"; AWS's wording). */
    static ServiceException resourceAlreadyExists(String kind, String arn) {
        return error(400, "ResourceAlreadyExistsException", "The following resource '" + kind + "' already exists: '"
                + arn + "'.");
    }

    /** A write that lost its race with other writes of the same resource more times than it retries. */
    static ServiceException busy() {
        return error(500, "ServiceException", "The resource is being changed by other requests; retry the request.");
    }

    static ServiceException invalidPaginationToken() {
        return error(400, "InvalidPaginationTokenException", "The pagination token is not valid.");
    }

    static ServiceException forbidden(String message) {
        return error(403, "ForbiddenException", message);
    }

    /** What a request with dryRun answers when it would have succeeded (the model's wording). */
    static ServiceException dryRun() {
        return error(412, "DryRunOperationException", "The dry run operation of the resource was successful, and no "
                + "resources or mutations were actually performed due to the dry run flag in the request.");
    }

    /** An operation of the service model this face does not serve yet. */
    static ServiceException notSupported(String operation) {
        return invalidRequest(operation + " is not supported yet.");
    }

    private static ServiceException error(int status, String name, String message) {
        return new ServiceException(status, name, message);
    }
}
