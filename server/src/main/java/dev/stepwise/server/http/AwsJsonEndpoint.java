package dev.stepwise.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one POST route of the AWS JSON protocols: finds the operation named by X-Amz-Target, hands
 * it the parsed body and answers with its response, or the error as AWS writes errors
 * ({@code {"__type": …, "message": …}} with the error's status). Free of any HTTP framework:
 * {@link JettyAwsJsonHandler} carries it on the wire.
 */
public final class AwsJsonEndpoint {
    /**
     * The largest request AWS's Step Functions front end takes; a larger one is answered 413 with
     * a plain-text body and the connection closed (seen from AWS in aws/aws-sdk-js-v3#4184).
     */
    public static final int MAX_REQUEST_BYTES = 1_049_600;
    private static final Logger log = LoggerFactory.getLogger(AwsJsonEndpoint.class);

    private final Map<String, AwsJsonService> services = new HashMap<>();
    private final java.util.function.BiConsumer<String, String> calls;

    /** What goes back: status, content type, the request id, an error name header (or null) and the body. */
    public record Reply(int status, String contentType, String requestId, String errorType, byte[] body) {}

    /** {@code calls} hears of every call: the operation (or the unknown target) and "ok" or the error name. */
    public AwsJsonEndpoint(java.util.function.BiConsumer<String, String> calls, AwsJsonService... services) {
        this.calls = calls;
        for (AwsJsonService s : services) {
            this.services.put(s.targetPrefix(), s);
        }
    }

    /** Answers one request: {@code target} is its X-Amz-Target header (may be null), {@code body} its bytes. */
    public Reply handle(String target, byte[] body) {
        String requestId = requestId();
        AwsJsonService service = null;
        String operationName = null;
        if (target != null && target.indexOf('.') > 0) {
            service = services.get(target.substring(0, target.indexOf('.')));
            operationName = target.substring(target.indexOf('.') + 1);
        }
        String contentType = service != null ? service.contentType() : "application/x-amz-json-1.0";
        try {
            if (service == null) {
                throw new ServiceException(400, ServiceException.CORAL_SERVICE + "UnknownOperationException", null);
            }
            Operation operation = service.operations().get(operationName);
            if (operation == null) {
                throw new ServiceException(400, ServiceException.CORAL_SERVICE + "UnknownOperationException", null);
            }
            ObjectNode response = operation.handle(parse(body));
            calls.accept(operationName, "ok");
            return new Reply(200, contentType, requestId, null, bytes(response));
        } catch (ServiceException e) {
            log.info("requestId={} operation={} error={} message={}", requestId, operationName, e.errorName(),
                    e.getMessage());
            calls.accept(String.valueOf(operationName), e.errorName());
            return new Reply(e.status(), contentType, requestId, e.errorName(), bytes(errorBody(e)));
        } catch (RuntimeException e) {
            log.error("requestId={} operation={} failed", requestId, operationName, e);
            calls.accept(String.valueOf(operationName), "InternalFailure");
            ServiceException internal = new ServiceException(500, ServiceException.CORAL_SERVICE + "InternalFailure",
                    "An internal error occurred: " + e.getClass().getSimpleName());
            return new Reply(500, contentType, requestId, null, bytes(errorBody(internal)));
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request id for the x-amzn-RequestId header: unique, not secret. */
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & 0xffffffffffff0fffL) | 0x4000L,
                (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L).toString();
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                return Json.object();
            }
            if (!node.isObject()) {
                throw serialization("Start of structure or map found where not expected.");
            }
            return node;
        } catch (java.io.IOException e) {
            throw serialization(null);
        }
    }

    private static ServiceException serialization(String message) {
        return new ServiceException(400, ServiceException.CORAL_SERVICE + "SerializationException", message);
    }

    private static ObjectNode errorBody(ServiceException e) {
        ObjectNode o = Json.object();
        o.put("__type", e.type());
        if (e.getMessage() != null) {
            o.put("message", e.getMessage());
        }
        return o;
    }
}
