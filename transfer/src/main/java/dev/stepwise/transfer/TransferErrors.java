package dev.stepwise.transfer;

import dev.stepwise.api.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transfer's errors as its front end writes them: HTTP 400, a plain {@code __type} (no namespace)
 * and the error shape's members, {@code Message} capitalised ({"__type": "ResourceNotFoundException",
 * "Message": "Unknown server", "Resource": "s-…", "ResourceType": "Server"}).
 */
final class TransferErrors {
    private TransferErrors() {}

    /** A resource that does not exist in the caller's account and region: "Unknown server", Resource, ResourceType. */
    static ServiceException notFound(String message, String resource, String resourceType) {
        return withResource("ResourceNotFoundException", message, resource, resourceType);
    }

    /** A resource that exists already: "User already exists", Resource, ResourceType. */
    static ServiceException exists(String message, String resource, String resourceType) {
        return withResource("ResourceExistsException", message, resource, resourceType);
    }

    static ServiceException invalidRequest(String message) {
        return plain("InvalidRequestException", message);
    }

    static ServiceException invalidNextToken() {
        return plain("InvalidNextTokenException", "Invalid next token");
    }

    static ServiceException conflict(String message) {
        return plain("ConflictException", message);
    }

    static ServiceException unknownServer(String serverId) {
        return notFound("Unknown server", serverId, "Server");
    }

    static ServiceException unknownUser(String userName) {
        return notFound("Unknown user", userName, "User");
    }

    static ServiceException unknownWorkflow(String workflowId) {
        return notFound("Unknown workflow", workflowId, "Workflow");
    }

    static ServiceException unknownHostKey(String hostKeyId) {
        return notFound("Unknown host key", hostKeyId, "HostKey");
    }

    static ServiceException unknownConnector(String connectorId) {
        return notFound("Unknown connector", connectorId, "Connector");
    }

    private static ServiceException withResource(String type, String message, String resource, String resourceType) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("Message", message);
        members.put("Resource", resource);
        members.put("ResourceType", resourceType);
        return new ServiceException(400, type, message, members);
    }

    private static ServiceException plain(String type, String message) {
        return new ServiceException(400, type, message, Map.of("Message", message));
    }
}
