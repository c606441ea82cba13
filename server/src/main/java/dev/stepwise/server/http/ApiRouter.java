package dev.stepwise.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RestJsonService;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every AWS service on the one port: finds the service and operation a request is for, gives the
 * operation the request's {@link Caller}, and writes its answer or error as that service's
 * protocol does. JSON protocol requests are routed by their X-Amz-Target prefix; rest-json
 * requests by method and path; a request that names neither (no target, no route) by the service
 * of its SigV4 credential scope. Free of any HTTP framework: {@link JettyApiHandler} carries it.
 */
public final class ApiRouter {
    /**
     * The largest request AWS's Step Functions front end takes; a larger one is answered 413 with
     * a plain-text body and the connection closed (seen from AWS in aws/aws-sdk-js-v3#4184).
     */
    public static final int MAX_REQUEST_BYTES = 1_049_600;
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);
    private static final String JSON_1_0 = "application/x-amz-json-1.0";

    private final Callers callers;
    private final BiConsumer<String, String> calls;
    private final Map<String, JsonService> byTarget = new HashMap<>();
    private final List<JsonService> jsonServices;
    private final List<RestRoute> restRoutes = new ArrayList<>();

    /** What goes back: status, content type, the request id, an error name header (or null) and the body. */
    public record Reply(int status, String contentType, String requestId, String errorType, byte[] body) {}

    /** Where a request goes: a JSON protocol service, or one rest-json route with its path labels. */
    public sealed interface Destination {}

    record ToJsonService(JsonService service, String operationName) implements Destination {}

    record ToRestRoute(RestRoute route, Map<String, String> labels) implements Destination {}

    /** A rest-json route with its path split into literal segments and {labels}. */
    record RestRoute(RestJsonService service, RestJsonService.Route route, String[] segments) {}

    /** {@code calls} hears of every call: the operation (or the unknown target) and "ok" or the error name. */
    public ApiRouter(Callers callers, BiConsumer<String, String> calls, List<JsonService> jsonServices,
                     List<RestJsonService> restServices) {
        this.callers = callers;
        this.calls = calls;
        this.jsonServices = List.copyOf(jsonServices);
        for (JsonService s : jsonServices) {
            byTarget.put(s.targetPrefix(), s);
        }
        for (RestJsonService s : restServices) {
            for (RestJsonService.Route r : s.routes()) {
                restRoutes.add(new RestRoute(s, r, segments(r.path())));
            }
        }
    }

    /**
     * The destination of a request, or null when it is not an API call (the host's own pages).
     * {@code target} (the X-Amz-Target header) may be null.
     */
    public Destination route(String method, String path, String target, Callers.Scope scope) {
        if (target != null) {
            int dot = target.indexOf('.');
            JsonService service = dot > 0 ? byTarget.get(target.substring(0, dot)) : null;
            // an unknown target is answered by the signing service, as an unknown operation
            return service != null ? new ToJsonService(service, target.substring(dot + 1))
                    : new ToJsonService(byScope(scope), null);
        }
        ToRestRoute rest = restRoute(method, path, scope);
        if (rest != null) {
            return rest;
        }
        if ("POST".equals(method) && "/".equals(path)) {
            // a JSON protocol request without its target: the signing service says whose it is
            return new ToJsonService(byScope(scope), null);
        }
        return null;
    }

    /** Answers a routed request. */
    public Reply handle(Destination destination, Callers.Scope scope, String query, byte[] body) {
        String requestId = requestId();
        Caller caller = callers.caller(scope);
        return switch (destination) {
            case ToJsonService j -> json(j, caller, body, requestId);
            case ToRestRoute r -> rest(r, caller, query, body, requestId);
        };
    }

    private Reply json(ToJsonService to, Caller caller, byte[] body, String requestId) {
        JsonService service = to.service();
        String contentType = service != null ? service.contentType() : JSON_1_0;
        String name = to.operationName();
        try {
            Operation operation = service == null || name == null ? null : service.operations().get(name);
            if (operation == null) {
                throw new ServiceException(400, ServiceException.CORAL_SERVICE + "UnknownOperationException", null);
            }
            ObjectNode response = operation.handle(caller, parse(body));
            calls.accept(name, "ok");
            return new Reply(200, contentType, requestId, null, bytes(response));
        } catch (ServiceException e) {
            return failed(e, String.valueOf(name), contentType, requestId, jsonErrorBody(e));
        } catch (RuntimeException e) {
            return internal(e, String.valueOf(name), contentType, requestId, true);
        }
    }

    private Reply rest(ToRestRoute to, Caller caller, String query, byte[] body, String requestId) {
        RestJsonService.Route route = to.route().route();
        String name = route.operationName();
        try {
            ObjectNode request = (ObjectNode) parse(body);
            Map<String, List<String>> params = queryParameters(query);
            route.query().forEach((param, member) -> {
                List<String> values = params.get(param);
                if (values != null && values.size() == 1) {
                    request.put(member, values.get(0));
                } else if (values != null && values.size() > 1) {
                    // a list member (UntagResource's tagKeys=a&tagKeys=b)
                    values.forEach(request.putArray(member)::add);
                }
            });
            to.labels().forEach(request::put);
            ObjectNode response = route.operation().handle(caller, request);
            calls.accept(name, "ok");
            // a service that answers its request id in the body too (Image Builder) is answered under that id
            String answeredId = response.path("requestId").isTextual() ? response.get("requestId").asText() : requestId;
            return new Reply(route.successStatus(), "application/json", answeredId, null, bytes(response));
        } catch (ServiceException e) {
            ObjectNode error = Json.object();
            if (e.getMessage() != null) {
                error.put("message", e.getMessage());
            }
            return failed(e, name, "application/json", requestId, error);
        } catch (RuntimeException e) {
            return internal(e, name, "application/json", requestId, false);
        }
    }

    private Reply failed(ServiceException e, String operation, String contentType, String requestId, ObjectNode body) {
        log.info("requestId={} operation={} error={} message={}", requestId, operation, e.errorName(), e.getMessage());
        calls.accept(operation, e.errorName());
        return new Reply(e.status(), contentType, requestId, e.errorName(), bytes(body));
    }

    private Reply internal(RuntimeException e, String operation, String contentType, String requestId,
                           boolean jsonProtocol) {
        if (storeUnavailable(e)) {
            // the database cannot be used now (lost, restarting): nothing of the call was acknowledged,
            // and the client may retry it (AWS SDKs retry a 503)
            log.warn("requestId={} operation={} store unavailable: {}", requestId, operation, e.getMessage());
            calls.accept(operation, "ServiceUnavailableException");
            ServiceException unavailable = new ServiceException(503, ServiceException.CORAL_SERVICE
                    + "ServiceUnavailableException", "Service Unavailable");
            ObjectNode body = jsonProtocol ? jsonErrorBody(unavailable)
                    : Json.object().put("message", unavailable.getMessage());
            return new Reply(503, contentType, requestId, jsonProtocol ? null : unavailable.errorName(), bytes(body));
        }
        log.error("requestId={} operation={} failed", requestId, operation, e);
        calls.accept(operation, "InternalFailure");
        ServiceException internal = new ServiceException(500, ServiceException.CORAL_SERVICE + "InternalFailure",
                "An internal error occurred: " + e.getClass().getSimpleName());
        ObjectNode body = jsonProtocol ? jsonErrorBody(internal) : Json.object().put("message", internal.getMessage());
        return new Reply(500, contentType, requestId, jsonProtocol ? null : internal.errorName(), bytes(body));
    }

    /** Whether the call failed because the store could not be used (a StoreException, however wrapped). */
    private static boolean storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.stepwise.engine.store.StoreException) {
                return true;
            }
        }
        return false;
    }

    private JsonService byScope(Callers.Scope scope) {
        for (JsonService s : jsonServices) {
            if (s.signingName().equals(scope.service())) {
                return s;
            }
        }
        // an unsigned request, or one for a service not served here: the first service answers
        return jsonServices.isEmpty() ? null : jsonServices.get(0);
    }

    /** The rest-json route of {@code method} and {@code path}; of several, the signing service's. */
    private ToRestRoute restRoute(String method, String path, Callers.Scope scope) {
        ToRestRoute first = null;
        String[] segments = segments(path);
        for (RestRoute r : restRoutes) {
            if (!r.route().method().equals(method)) {
                continue;
            }
            Map<String, String> labels = match(r.segments(), segments);
            if (labels == null) {
                continue;
            }
            ToRestRoute found = new ToRestRoute(r, labels);
            if (r.service().signingName().equals(scope.service())) {
                return found;
            }
            if (first == null) {
                first = found;
            }
        }
        return first;
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /** The labels of a template's {segments} in {@code path}, or null when the path is not the template's. */
    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                labels.put(t.substring(1, t.length() - 1), URLDecoder.decode(path[i], StandardCharsets.UTF_8));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return labels;
    }

    private static Map<String, List<String>> queryParameters(String query) {
        Map<String, List<String>> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
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

    private static ObjectNode jsonErrorBody(ServiceException e) {
        ObjectNode o = Json.object();
        o.put("__type", e.type());
        if (!e.members().isEmpty()) {
            e.members().forEach(o::put);
        } else if (e.getMessage() != null) {
            o.put("message", e.getMessage());
        }
        return o;
    }
}
