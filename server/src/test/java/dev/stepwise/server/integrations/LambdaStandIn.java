package dev.stepwise.server.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small Lambda Invoke API on a real local port, as {@code sam local start-lambda} serves it:
 * {@code POST /2015-03-31/functions/{name}/invocations}. Functions are Java functions of the
 * payload text; an Event invocation is answered 202 at once and run afterwards.
 */
public final class LambdaStandIn implements AutoCloseable {
    /** What a function gives back: a payload, and whether it is an error payload (X-Amz-Function-Error). */
    public record Reply(String payload, boolean functionError) {
        public static Reply ok(String payload) {
            return new Reply(payload, false);
        }

        public static Reply error(String errorType, String message) {
            return new Reply("{\"errorType\":\"" + errorType + "\",\"errorMessage\":\"" + message + "\"}", true);
        }
    }

    /** One invocation as the stand-in received it. */
    public record Invocation(String function, String invocationType, String payload, String authorization) {}

    private final HttpServer server;
    private final Map<String, Function<String, Reply>> functions = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();

    public LambdaStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void function(String name, Function<String, Reply> body) {
        functions.put(name, body);
    }

    public List<Invocation> invocations() {
        return invocations;
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String encoded = path.substring("/2015-03-31/functions/".length(), path.length() - "/invocations".length());
        String name = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        String shortName = name.contains(":function:") ? name.substring(name.indexOf(":function:") + 10) : name;
        String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        invocations.add(new Invocation(shortName, type, payload, exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        Function<String, Reply> function = functions.get(shortName);
        if (function == null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            send(exchange, 404, "{\"Type\":\"User\",\"message\":\"Function not found: arn:aws:lambda:us-east-1:"
                    + "123456789012:function:" + shortName + "\"}");
            return;
        }
        if ("Event".equals(type)) {
            send(exchange, 202, "");
            async.submit(() -> function.apply(payload));
            return;
        }
        Reply reply = function.apply(payload);
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        if (reply.functionError()) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        }
        send(exchange, 200, reply.payload());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        async.shutdownNow();
    }
}
