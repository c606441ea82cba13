package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Where an HTTP task reports the raw exchange it made, for TestState at inspection level TRACE:
 * the request ({@code protocol, method, url, headers, body}) and the response ({@code protocol,
 * statusCode, statusMessage, headers, body}). Unless {@code revealSecrets}, what the connection
 * adds (its authorisation and its invocation parameters) is left out of the request shown.
 */
public record HttpTrace(boolean revealSecrets, Consumer<Exchange> sink) {

    /** One request and its response, as TestState's inspection data shows them. */
    public record Exchange(ObjectNode request, ObjectNode response) {}
}
