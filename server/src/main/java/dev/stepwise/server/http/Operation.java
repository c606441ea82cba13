package dev.stepwise.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One operation of an AWS JSON protocol service: request members in, response members out. */
@FunctionalInterface
public interface Operation {
    ObjectNode handle(JsonNode request);
}
