package dev.stepwise.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operation of a service: the caller and the request's members in, the response's members
 * out; a failure is a {@link ServiceException}. For rest-json services the members bound from the
 * URI, query string and headers are merged into the request as the service model names them.
 */
@FunctionalInterface
public interface Operation {
    ObjectNode handle(Caller caller, JsonNode request);
}
