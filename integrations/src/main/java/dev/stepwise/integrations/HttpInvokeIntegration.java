package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Tasks ({@code arn:aws:states:::http:invoke}): a real HTTPS call described by the task's
 * Parameters (ApiEndpoint, Method, Headers, QueryParameters, RequestBody, Transform and
 * Authentication.ConnectionArn), authorised by a connection from the local connections file
 * ({@link Connections}). Plain {@code http://} endpoints only when the operator allows them
 * (local stand-ins); AWS calls HTTPS endpoints only.
 *
 * <p>As Step Functions does it: the connection's header, query string and body parameters are
 * merged over the task's (the connection's win on a clash; a string RequestBody cannot be merged
 * with body parameters and fails with States.Runtime); a JSON RequestBody is sent as JSON, or
 * URL-encoded with Transform.RequestBodyEncoding URL_ENCODED; each call says
 * {@code User-Agent: Amazon|StepFunctions|HttpInvoke|<region>} and asks for
 * {@code Range: bytes=0-262144}. The output is {@code {Headers, ResponseBody, StatusCode,
 * StatusText}} with the body parsed when it is JSON; a status other than 2xx fails the task with
 * {@code States.Http.StatusCode.<code>} whose cause is that same object as JSON text; a call that
 * cannot connect or gets no answer within 60 seconds fails with {@code States.Http.Socket}.
 */
public final class HttpInvokeIntegration implements Integration {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    /** Headers the HTTP layer owns, and AWS's reserved prefixes: a task may not set them. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** EventBridge refreshes an OAuth token that expires within this much. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    private final IntegrationConfig config;
    private final Clock clock;
    private final HttpClient client;
    private final Connections connections;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {}

    /** One request, before the connection's authorisation is added. */
    private record Request(String method, URI uri, TreeMap<String, String> headers, byte[] body) {}

    public HttpInvokeIntegration(IntegrationConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (config.ssl() != null) {
            b.sslContext(config.ssl());
        }
        this.client = b.build();
        this.connections = new Connections(config.connections());
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals("http") && resource.action().equals("invoke");
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        JsonNode p = call.parameters() == null ? Json.object() : call.parameters();
        String method = text(p, "Method");
        if (method == null || !METHODS.contains(method)) {
            throw runtime("The Method of http:invoke must be one of GET, POST, PUT, DELETE, PATCH, OPTIONS or HEAD"
                    + (method == null ? "." : ", not '" + method + "'."));
        }
        URI endpoint = endpoint(text(p, "ApiEndpoint"), "ApiEndpoint");
        String arn = text(p.path("Authentication"), "ConnectionArn");
        if (arn == null) {
            arn = text(p.path("InvocationConfig"), "ConnectionArn");
        }
        if (arn == null) {
            throw runtime("The Parameters of http:invoke must name a connection in Authentication.ConnectionArn.");
        }
        Connections.Connection connection = connections.find(arn);
        Request request = request(p, method, endpoint, connection, call.region());

        HttpResponse<byte[]> response = send(request, connection, false);
        if (connection.oauth() != null && (response.statusCode() == 401 || response.statusCode() == 407)) {
            // EventBridge gets a new token when the API refuses the one it has, and tries once more
            response = send(request, connection, true);
        }
        ObjectNode output = output(response);
        if (call.httpTrace() != null) {
            trace(call.httpTrace(), call.httpTrace().revealSecrets() ? request
                    : request(p, method, endpoint, connection.withoutInvocation(), call.region()), connection, response);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new IntegrationException("States.Http.StatusCode." + response.statusCode(), Json.write(output));
        }
        return output;
    }

    /** The request the task's Parameters and its connection's invocation parameters describe. */
    private Request request(JsonNode p, String method, URI endpoint, Connections.Connection connection, String region)
            throws IntegrationException {
        JsonNode transform = p.path("Transform");
        String encoding = transform.isObject() && text(transform, "RequestBodyEncoding") != null
                ? text(transform, "RequestBodyEncoding") : "NONE";
        if (!encoding.equals("NONE") && !encoding.equals("URL_ENCODED")) {
            throw runtime("Transform.RequestBodyEncoding must be NONE or URL_ENCODED, not '" + encoding + "'.");
        }
        UrlEncoding.ArrayFormat arrays = UrlEncoding.ArrayFormat.INDICES;
        String format = text(transform.path("RequestEncodingOptions"), "ArrayFormat");
        if (format != null) {
            try {
                arrays = UrlEncoding.ArrayFormat.valueOf(format);
            } catch (IllegalArgumentException e) {
                throw runtime("Transform.RequestEncodingOptions.ArrayFormat must be INDICES, REPEAT, COMMAS or "
                        + "BRACKETS, not '" + format + "'.");
            }
        }
        Connections.HttpParameters extra = connection.invocation();

        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("User-Agent", "Amazon|StepFunctions|HttpInvoke|" + region);
        headers.put("Range", "bytes=0-262144");
        JsonNode taskHeaders = p.path("Headers");
        if (!taskHeaders.isMissingNode() && !taskHeaders.isNull() && !taskHeaders.isObject()) {
            throw runtime("The Headers of http:invoke must be an object of header names and values.");
        }
        for (Map.Entry<String, JsonNode> h : taskHeaders.properties()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (RESERVED.contains(name) || name.startsWith("x-amz-") || name.startsWith("x-amzn-")) {
                throw runtime("The header '" + h.getKey() + "' cannot be set in the Headers of http:invoke.");
            }
            if (h.getValue().isContainerNode()) {
                throw runtime("The header '" + h.getKey() + "' must have a string value.");
            }
            headers.put(h.getKey(), h.getValue().isNull() ? "" : h.getValue().asText());
        }
        extra.headers().forEach(h -> headers.put(h.key(), h.value()));

        ObjectNode query = Json.object();
        JsonNode taskQuery = p.path("QueryParameters");
        if (taskQuery.isObject()) {
            query.setAll((ObjectNode) taskQuery);
        } else if (!taskQuery.isMissingNode() && !taskQuery.isNull()) {
            throw runtime("The QueryParameters of http:invoke must be an object of names and values.");
        }
        extra.query().forEach(q -> query.put(q.key(), q.value()));
        URI uri = withQuery(endpoint, UrlEncoding.encode(query, arrays));

        JsonNode body = p.get("RequestBody");
        if (!extra.body().isEmpty()) {
            if (body != null && !body.isNull() && !body.isObject()) {
                throw runtime("The RequestBody is " + (body.isTextual() ? "a string" : "not an object")
                        + ", so it cannot be merged with the body parameters of the connection '" + connection.arn()
                        + "'.");
            }
            ObjectNode merged = body == null || body.isNull() ? Json.object() : ((ObjectNode) body).deepCopy();
            extra.body().forEach(b -> merged.put(b.key(), b.value()));
            body = merged;
        }
        byte[] bytes = null;
        if (body != null && !body.isNull()) {
            String text;
            if (body.isTextual()) {
                text = body.asText();
            } else if (encoding.equals("URL_ENCODED")) {
                if (!body.isObject()) {
                    throw runtime("A URL_ENCODED RequestBody must be an object (or already encoded text).");
                }
                text = UrlEncoding.encode(body, arrays);
                headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            } else {
                text = Json.write(body);
                headers.putIfAbsent("Content-Type", "application/json; charset=UTF-8");
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        return new Request(method, uri, headers, bytes);
    }

    /** The endpoint as a URI, HTTPS unless plain HTTP is allowed. */
    private URI endpoint(String endpoint, String field) throws IntegrationException {
        if (endpoint == null || endpoint.isBlank()) {
            throw runtime("The Parameters of http:invoke must have an " + field + ".");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw runtime("The " + field + " '" + endpoint + "' is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !config.allowPlainHttp()) {
            throw runtime("The " + field + " '" + endpoint + "' is plain HTTP; http:invoke calls HTTPS endpoints "
                    + "only. Start the server with --http-allow-plain (STEPWISE_HTTP_ALLOW_PLAIN=true) to call a "
                    + "local plain-HTTP stand-in.");
        }
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw runtime("The " + field + " '" + endpoint + "' must be an https:// URL.");
        }
        return uri;
    }

    private static URI withQuery(URI uri, String query) {
        if (query.isEmpty()) {
            return uri;
        }
        String s = uri.toString();
        int fragment = s.indexOf('#');
        String base = fragment < 0 ? s : s.substring(0, fragment);
        String separator = uri.getRawQuery() == null ? "?" : base.endsWith("&") || base.endsWith("?") ? "" : "&";
        return URI.create(base + separator + query);
    }

    /** Sends the request with the connection's authorisation. */
    private HttpResponse<byte[]> send(Request r, Connections.Connection connection, boolean newToken)
            throws IntegrationException, InterruptedException {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(r.headers());
        authorize(headers, connection, connection.oauth() == null ? null : token(connection, newToken));
        return exchange(r.method(), r.uri(), headers, r.body());
    }

    /**
     * Adds the connection's authorisation to {@code headers}: its API key, its basic credentials,
     * or {@code bearer} for OAuth (nothing when it is null).
     */
    private static void authorize(Map<String, String> headers, Connections.Connection connection, String bearer) {
        switch (connection.authorizationType()) {
            case "API_KEY" -> headers.put(connection.apiKey().key(), connection.apiKey().value());
            case "BASIC" -> headers.put("Authorization", basic(connection.basic().key(), connection.basic().value()));
            default -> {
                if (bearer != null) {
                    headers.put("Authorization", "Bearer " + bearer);
                }
            }
        }
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IntegrationException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            headers.forEach(b::header);
        } catch (IllegalArgumentException e) {
            throw runtime("A header of the request cannot be sent: " + e.getMessage());
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new IntegrationException("States.Http.Socket", "The call to " + uri + " got no answer within "
                    + TIMEOUT.toSeconds() + " seconds.");
        } catch (IOException e) {
            throw new IntegrationException("States.Http.Socket", "The call to " + uri + " failed: " + e);
        }
    }

    /** An OAuth access token for the connection, from its authorization endpoint (client credentials). */
    private String token(Connections.Connection connection, boolean refresh)
            throws IntegrationException, InterruptedException {
        Connections.OAuth oauth = connection.oauth();
        String key = tokenKey(connection);
        Token cached = tokens.get(key);
        if (!refresh && cached != null && clock.instant().plus(TOKEN_MARGIN).isBefore(cached.expires())) {
            return cached.value();
        }
        URI endpoint = endpoint(oauth.authorizationEndpoint(), "AuthorizationEndpoint of '" + connection.arn() + "'");
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        oauth.parameters().headers().forEach(h -> headers.put(h.key(), h.value()));
        headers.put("Authorization", basic(oauth.clientId(), oauth.clientSecret()));
        ObjectNode query = Json.object();
        oauth.parameters().query().forEach(q -> query.put(q.key(), q.value()));
        ObjectNode form = Json.object();
        form.put("grant_type", "client_credentials");
        oauth.parameters().body().forEach(f -> form.put(f.key(), f.value()));
        byte[] body = null;
        if (oauth.httpMethod().equals("GET")) {
            query.setAll(form);
        } else {
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            body = UrlEncoding.encode(form, UrlEncoding.ArrayFormat.INDICES).getBytes(StandardCharsets.UTF_8);
        }
        URI uri = withQuery(endpoint, UrlEncoding.encode(query, UrlEncoding.ArrayFormat.INDICES));
        HttpResponse<byte[]> r = exchange(oauth.httpMethod(), uri, headers, body);
        String text = new String(r.body(), charset(r));
        JsonNode answer;
        try {
            answer = Json.parse(text);
        } catch (JsonProcessingException e) {
            answer = Json.object();
        }
        if (r.statusCode() / 100 != 2 || !answer.hasNonNull("access_token")) {
            throw runtime("The connection '" + connection.arn() + "' could not get an OAuth token from "
                    + oauth.authorizationEndpoint() + ": it answered " + r.statusCode() + " " + text);
        }
        long seconds = answer.path("expires_in").asLong(0);
        Token token = new Token(answer.get("access_token").asText(),
                seconds > 0 ? clock.instant().plusSeconds(seconds) : Instant.MAX);
        tokens.put(key, token);
        return token.value();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reports the exchange as TestState shows it at TRACE: {@code shown} is the request without what
     * the connection adds unless secrets are revealed; headers as "[Name: value, …]".
     */
    private void trace(HttpTrace trace, Request shown, Connections.Connection connection, HttpResponse<byte[]> r) {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(shown.headers());
        if (trace.revealSecrets()) {
            Token token = connection.oauth() == null ? null : tokens.get(tokenKey(connection));
            authorize(headers, connection, token == null ? null : token.value());
        }
        ObjectNode request = Json.object();
        request.put("protocol", shown.uri().getScheme());
        request.put("method", shown.method());
        request.put("url", shown.uri().toString());
        request.put("headers", headerText(headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())));
        request.put("body", shown.body() == null ? "" : new String(shown.body(), StandardCharsets.UTF_8));
        ObjectNode response = Json.object();
        response.put("protocol", shown.uri().getScheme());
        response.put("statusCode", Integer.toString(r.statusCode()));
        response.put("statusMessage", StatusText.of(r.statusCode()));
        response.put("headers", headerText(r.headers().map().entrySet().stream().filter(e -> !e.getKey().startsWith(":"))
                .map(e -> e.getKey() + ": " + String.join(",", e.getValue()))));
        response.put("body", new String(r.body(), charset(r)));
        trace.sink().accept(new HttpTrace.Exchange(request, response));
    }

    /** Tokens are cached per connection, authorization endpoint and client. */
    private static String tokenKey(Connections.Connection connection) {
        Connections.OAuth oauth = connection.oauth();
        return connection.arn() + "\n" + oauth.authorizationEndpoint() + "\n" + oauth.clientId();
    }

    private static String headerText(java.util.stream.Stream<String> lines) {
        return "[" + String.join(", ", lines.toList()) + "]";
    }

    /** {Headers, ResponseBody, StatusCode, StatusText}: header names in lower case, each with its values. */
    private static ObjectNode output(HttpResponse<byte[]> r) {
        ObjectNode out = Json.object();
        ObjectNode headers = out.putObject("Headers");
        r.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                List<String> all = new ArrayList<>(values);
                headers.set(name.toLowerCase(Locale.ROOT), Json.MAPPER.valueToTree(all));
            }
        });
        String text = new String(r.body(), charset(r));
        JsonNode body = Json.text(text);
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("json") && !text.isBlank()) {
            try {
                body = Json.parse(text);
            } catch (JsonProcessingException e) {
                // a body that says JSON but is not stays text
            }
        }
        out.set("ResponseBody", body);
        out.put("StatusCode", r.statusCode());
        out.put("StatusText", StatusText.of(r.statusCode()));
        return out;
    }

    private static Charset charset(HttpResponse<?> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        for (String part : type.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String text(JsonNode o, String member) {
        JsonNode v = o == null ? null : o.get(member);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static IntegrationException runtime(String cause) {
        return new IntegrationException("States.Runtime", cause);
    }
}
