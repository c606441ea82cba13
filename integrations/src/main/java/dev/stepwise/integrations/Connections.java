package dev.stepwise.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EventBridge connections that http:invoke tasks name in Authentication.ConnectionArn, kept in
 * a local JSON file (the server's {@code --connections FILE}) instead of EventBridge and Secrets
 * Manager. Each connection is written as EventBridge's CreateConnection takes it:
 *
 * <pre>{@code
 * {"connections": {
 *   "arn:aws:events:us-east-1:123456789012:connection/stripe/0b1c…": {
 *     "AuthorizationType": "API_KEY",
 *     "AuthParameters": {
 *       "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "${env:STRIPE_KEY}"},
 *       "InvocationHttpParameters": {
 *         "HeaderParameters": [{"Key": "x-team", "Value": "payments"}],
 *         "QueryStringParameters": [], "BodyParameters": []}}}}}
 * }</pre>
 *
 * AuthorizationType is API_KEY (ApiKeyAuthParameters: ApiKeyName, ApiKeyValue), BASIC
 * (BasicAuthParameters: Username, Password) or OAUTH_CLIENT_CREDENTIALS (OAuthParameters:
 * ClientParameters {ClientID, ClientSecret}, AuthorizationEndpoint, HttpMethod, OAuthHttpParameters).
 * A string value {@code ${env:NAME}} is read from the environment, so secrets need not sit in the
 * file. The file is read at each call: edits apply without a restart.
 */
final class Connections {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** A header, query string or body parameter of a connection. */
    record Parameter(String key, String value) {}

    /** The parameters a connection adds to requests (InvocationHttpParameters, or OAuthHttpParameters). */
    record HttpParameters(List<Parameter> headers, List<Parameter> query, List<Parameter> body) {
        static final HttpParameters NONE = new HttpParameters(List.of(), List.of(), List.of());
    }

    /** OAuth client credentials: where to get the token, and with what. */
    record OAuth(String authorizationEndpoint, String httpMethod, String clientId, String clientSecret,
                 HttpParameters parameters) {}

    /**
     * A connection.
     *
     * @param apiKey for API_KEY, the header name and value
     * @param basic for BASIC, the username and password
     */
    record Connection(String arn, String authorizationType, Parameter apiKey, Parameter basic, OAuth oauth,
                      HttpParameters invocation) {

        /** The same connection without its invocation parameters (what TestState shows unless secrets are revealed). */
        Connection withoutInvocation() {
            return new Connection(arn, authorizationType, apiKey, basic, oauth, HttpParameters.NONE);
        }
    }

    private final Path file;
    private final UnaryOperator<String> environment;

    Connections(Path file) {
        this(file, System::getenv);
    }

    Connections(Path file, UnaryOperator<String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** The connection {@code arn}, or a task failure that says how to provide it. */
    Connection find(String arn) throws IntegrationException {
        if (file == null) {
            throw new IntegrationException("States.Runtime", "The connection '" + arn + "' is not configured: start "
                    + "the server with --connections FILE (or STEPWISE_CONNECTIONS) naming a connections file that "
                    + "defines it.");
        }
        JsonNode root;
        try {
            root = Json.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw failure("The connections file " + file + " (--connections) does not exist.");
        } catch (JsonProcessingException e) {
            throw failure("The connections file " + file + " (--connections) is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw failure("The connections file " + file + " (--connections) cannot be read: " + e.getMessage());
        }
        JsonNode c = root.path("connections").path(arn);
        if (!c.isObject()) {
            throw failure("The connection '" + arn + "' is not in the connections file " + file
                    + " (--connections): add it under \"connections\".");
        }
        return parse(arn, c);
    }

    private Connection parse(String arn, JsonNode c) throws IntegrationException {
        String type = c.path("AuthorizationType").asText("");
        JsonNode auth = c.path("AuthParameters");
        HttpParameters invocation = parameters(auth.path("InvocationHttpParameters"));
        String where = "The connection '" + arn + "' in " + file;
        switch (type) {
            case "API_KEY" -> {
                JsonNode p = auth.path("ApiKeyAuthParameters");
                return new Connection(arn, type, new Parameter(required(p, "ApiKeyName", where),
                        required(p, "ApiKeyValue", where)), null, null, invocation);
            }
            case "BASIC" -> {
                JsonNode p = auth.path("BasicAuthParameters");
                return new Connection(arn, type, null, new Parameter(required(p, "Username", where),
                        required(p, "Password", where)), null, invocation);
            }
            case "OAUTH_CLIENT_CREDENTIALS" -> {
                JsonNode p = auth.path("OAuthParameters");
                JsonNode client = p.path("ClientParameters");
                String method = text(p.path("HttpMethod"));
                OAuth oauth = new OAuth(required(p, "AuthorizationEndpoint", where), method == null ? "POST" : method,
                        required(client, "ClientID", where), required(client, "ClientSecret", where),
                        parameters(p.path("OAuthHttpParameters")));
                return new Connection(arn, type, null, null, oauth, invocation);
            }
            default -> throw failure(where + " has AuthorizationType '" + type
                    + "'; it must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS.");
        }
    }

    private HttpParameters parameters(JsonNode p) {
        if (!p.isObject()) {
            return HttpParameters.NONE;
        }
        return new HttpParameters(list(p.path("HeaderParameters")), list(p.path("QueryStringParameters")),
                list(p.path("BodyParameters")));
    }

    private List<Parameter> list(JsonNode array) {
        List<Parameter> out = new ArrayList<>();
        for (JsonNode p : array) {
            String key = text(p.path("Key"));
            if (key != null) {
                String value = text(p.path("Value"));
                out.add(new Parameter(key, value == null ? "" : value));
            }
        }
        return List.copyOf(out);
    }

    private String required(JsonNode o, String member, String where) throws IntegrationException {
        String v = text(o.path(member));
        if (v == null) {
            throw failure(where + " has no " + member + ".");
        }
        return v;
    }

    /** A scalar's text with ${env:NAME} replaced, or null when missing. */
    private String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull() || v.isContainerNode()) {
            return null;
        }
        Matcher m = ENV.matcher(v.asText());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static IntegrationException failure(String message) {
        return new IntegrationException("States.Runtime", message);
    }
}
