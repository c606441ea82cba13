package dev.stepwise.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** http:invoke against a real HTTPS server started by the test. */
class HttpInvokeIntegrationTest {
    static final String API_KEY = "arn:aws:events:us-east-1:123456789012:connection/api-key/1";
    static final String BASIC = "arn:aws:events:us-east-1:123456789012:connection/basic/2";
    static final String MERGING = "arn:aws:events:us-east-1:123456789012:connection/merging/3";
    static final String OAUTH = "arn:aws:events:us-east-1:123456789012:connection/oauth/4";
    static final String RESOURCE = "arn:aws:states:::http:invoke";

    @TempDir
    static Path dir;
    static TestWebServer server;
    static Path connections;
    static HttpInvokeIntegration http;

    @BeforeAll
    static void start() throws Exception {
        server = TestWebServer.https(dir);
        connections = dir.resolve("connections.json");
        Files.writeString(connections, """
                {"connections": {
                  "%s": {"AuthorizationType": "API_KEY",
                         "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k-123"}}},
                  "%s": {"AuthorizationType": "BASIC",
                         "AuthParameters": {"BasicAuthParameters": {"Username": "ada", "Password": "s3cret:x"}}},
                  "%s": {"AuthorizationType": "API_KEY",
                         "AuthParameters": {
                           "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k-456"},
                           "InvocationHttpParameters": {
                             "HeaderParameters": [{"Key": "X-Team", "Value": "connection", "IsValueSecret": false}],
                             "QueryStringParameters": [{"Key": "region", "Value": "eu", "IsValueSecret": false}],
                             "BodyParameters": [{"Key": "source", "Value": "connection", "IsValueSecret": true}]}}},
                  "%s": {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                         "AuthParameters": {"OAuthParameters": {
                           "ClientParameters": {"ClientID": "client-1", "ClientSecret": "shh"},
                           "AuthorizationEndpoint": "%s", "HttpMethod": "POST",
                           "OAuthHttpParameters": {"BodyParameters": [{"Key": "scope", "Value": "read"}]}}}}
                }}""".formatted(API_KEY, BASIC, MERGING, OAUTH, server.uri("/oauth/token")));
        http = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(false, connections, server.clientContext()),
                Clock.systemUTC());
    }

    @BeforeEach
    void forgetEarlierRequests() {
        while (server.poll() != null) {
            // a failed test may leave its requests behind
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String params(String endpoint, String method, String connection, String more) {
        return """
                {"ApiEndpoint": "%s", "Method": "%s", "Authentication": {"ConnectionArn": "%s"}%s}"""
                .formatted(endpoint, method, connection, more.isEmpty() ? "" : ", " + more);
    }

    @Test
    void getSendsQueryParametersHeadersAndTheApiKeyAndAnswersAsAwsDoes() throws Exception {
        server.route("/items", 200, "application/json", "{\"items\": [1, 2]}");
        JsonNode out = http.call(TestCalls.call(RESOURCE, params(server.uri("/items?existing=1").toString(), "GET",
                API_KEY, "\"QueryParameters\": {\"limit\": 10, \"q\": \"a b&c\"}, \"Headers\": {\"X-Trace\": \"t-1\"}")));

        TestWebServer.Received r = server.take();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.rawQuery()).isEqualTo("existing=1&limit=10&q=a%20b%26c");
        assertThat(r.header("X-Trace")).isEqualTo("t-1");
        assertThat(r.header("x-api-key")).isEqualTo("k-123");
        assertThat(r.header("User-Agent")).isEqualTo("Amazon|StepFunctions|HttpInvoke|us-east-1");
        assertThat(r.header("Range")).isEqualTo("bytes=0-262144");

        assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(out.get("StatusText").asText()).isEqualTo("OK");
        assertThat(out.get("ResponseBody")).isEqualTo(Json.parse("{\"items\": [1, 2]}"));
        assertThat(out.get("Headers").get("content-type")).isEqualTo(Json.parse("[\"application/json\"]"));
        assertThat(out.get("Headers").get("x-test-server")).isEqualTo(Json.parse("[\"yes\"]"));
        assertThat(out.fieldNames()).toIterable().containsExactly("Headers", "ResponseBody", "StatusCode", "StatusText");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"})
    void everyMethodAwsAllowsIsSentAsIs(String method) throws Exception {
        JsonNode out = http.call(TestCalls.call(RESOURCE, params(server.uri("/m").toString(), method, API_KEY, "")));
        assertThat(server.take().method()).isEqualTo(method);
        assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
    }

    @Test
    void aMethodAwsDoesNotAllowFailsTheTask() throws Exception {
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/m").toString(), "TRACE",
                API_KEY, "")))).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("TRACE");
                });
        assertThat(server.poll()).isNull();
    }

    @Test
    void aJsonRequestBodyIsSentAsJson() throws Exception {
        http.call(TestCalls.call(RESOURCE, params(server.uri("/orders").toString(), "POST", API_KEY,
                "\"RequestBody\": {\"id\": 7, \"lines\": [\"a\"]}")));
        TestWebServer.Received r = server.take();
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"id\": 7, \"lines\": [\"a\"]}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INDICES  | name=a%20b&array%5B0%5D=x&array%5B1%5D=y&nested%5Bk%5D=v",
            "REPEAT   | name=a%20b&array=x&array=y&nested%5Bk%5D=v",
            "COMMAS   | name=a%20b&array=x%2Cy&nested%5Bk%5D=v",
            "BRACKETS | name=a%20b&array%5B%5D=x&array%5B%5D=y&nested%5Bk%5D=v"})
    void aUrlEncodedBodyWritesArraysInTheChosenFormat(String format, String expected) throws Exception {
        http.call(TestCalls.call(RESOURCE, params(server.uri("/form").toString(), "POST", API_KEY, """
                "RequestBody": {"name": "a b", "array": ["x", "y"], "nested": {"k": "v"}},
                "Transform": {"RequestBodyEncoding": "URL_ENCODED", "RequestEncodingOptions": {"ArrayFormat": "%s"}}"""
                .formatted(format))));
        TestWebServer.Received r = server.take();
        assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.body()).isEqualTo(expected);
    }

    @Test
    void urlEncodingWritesIndicesWhenNoArrayFormatIsGiven() throws Exception {
        http.call(TestCalls.call(RESOURCE, params(server.uri("/form").toString(), "POST", API_KEY,
                "\"RequestBody\": {\"a\": [1, true, null]}, \"Transform\": {\"RequestBodyEncoding\": \"URL_ENCODED\"}")));
        assertThat(server.take().body()).isEqualTo("a%5B0%5D=1&a%5B1%5D=true&a%5B2%5D=");
    }

    @Test
    void aBasicConnectionSendsTheCredentialsAsBasicAuthorization() throws Exception {
        http.call(TestCalls.call(RESOURCE, params(server.uri("/basic").toString(), "GET", BASIC, "")));
        String expected = "Basic " + Base64.getEncoder().encodeToString("ada:s3cret:x".getBytes(StandardCharsets.UTF_8));
        assertThat(server.take().header("Authorization")).isEqualTo(expected);
    }

    @Test
    void theConnectionsParametersAreMergedOverTheTasksAndWinOnAClash() throws Exception {
        http.call(TestCalls.call(RESOURCE, params(server.uri("/merge").toString(), "POST", MERGING, """
                "Headers": {"X-Team": "task", "X-Other": "task"},
                "QueryParameters": {"region": "us", "page": "2"},
                "RequestBody": {"source": "task", "amount": 3}""")));
        TestWebServer.Received r = server.take();
        assertThat(r.header("X-Team")).isEqualTo("connection");
        assertThat(r.header("X-Other")).isEqualTo("task");
        assertThat(r.header("x-api-key")).isEqualTo("k-456");
        assertThat(r.rawQuery()).isEqualTo("region=eu&page=2");
        assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"source\": \"connection\", \"amount\": 3}"));
    }

    @Test
    void aStringBodyCannotBeMergedWithTheConnectionsBodyParameters() throws Exception {
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/merge").toString(), "POST",
                MERGING, "\"RequestBody\": \"plain text\""))))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("cannot be merged").contains(MERGING);
                });
        assertThat(server.poll()).isNull();
    }

    @Test
    void aStatusOtherThan2xxFailsTheTaskWithItsStatusCode() throws Exception {
        server.route("/missing", 404, "application/json", "{\"message\": \"no such order\"}");
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/missing").toString(), "GET",
                API_KEY, "")))).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Http.StatusCode.404");
                    JsonNode cause = parse(e.cause());
                    assertThat(cause.get("StatusCode").asInt()).isEqualTo(404);
                    assertThat(cause.get("StatusText").asText()).isEqualTo("Not Found");
                    assertThat(cause.get("ResponseBody").get("message").asText()).isEqualTo("no such order");
                });
        server.take();
    }

    @Test
    void aServerErrorFailsTheTaskWithItsStatusCode() throws Exception {
        server.route("/broken", 503, "text/plain", "try later");
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/broken").toString(), "PUT",
                API_KEY, "")))).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Http.StatusCode.503");
                    assertThat(parse(e.cause()).get("ResponseBody").asText()).isEqualTo("try later");
                });
        server.take();
    }

    @Test
    void aBodyThatIsNotJsonIsAnsweredAsText() throws Exception {
        server.route("/text", 201, "text/plain; charset=UTF-8", "created ✓");
        JsonNode out = http.call(TestCalls.call(RESOURCE, params(server.uri("/text").toString(), "POST", API_KEY, "")));
        assertThat(out.get("ResponseBody").asText()).isEqualTo("created ✓");
        assertThat(out.get("StatusCode").asInt()).isEqualTo(201);
        assertThat(out.get("StatusText").asText()).isEqualTo("Created");
        server.take();
    }

    @Test
    void aReservedHeaderCannotBeSet() throws Exception {
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/h").toString(), "GET", API_KEY,
                "\"Headers\": {\"X-Amz-Date\": \"now\"}")))).isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.error()).isEqualTo("States.Runtime"));
        assertThat(server.poll()).isNull();
    }

    @Test
    void aConnectionMissingFromTheFileFailsTheTaskNamingTheOption() throws Exception {
        String unknown = "arn:aws:events:us-east-1:123456789012:connection/unknown/9";
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(server.uri("/x").toString(), "GET", unknown,
                "")))).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains(unknown).contains("--connections");
                });
        assertThat(server.poll()).isNull();
    }

    @Test
    void withoutAConnectionsFileAConnectionFailsTheTaskNamingTheOption() throws Exception {
        HttpInvokeIntegration none = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(false, null,
                server.clientContext()), Clock.systemUTC());
        assertThatThrownBy(() -> none.call(TestCalls.call(RESOURCE, params(server.uri("/x").toString(), "GET", API_KEY,
                "")))).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("--connections").contains("STEPWISE_CONNECTIONS");
                });
    }

    @Test
    void aTaskWithoutAConnectionFails() throws Exception {
        assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE,
                "{\"ApiEndpoint\": \"" + server.uri("/x") + "\", \"Method\": \"GET\"}")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("Authentication.ConnectionArn");
                });
    }

    @Test
    void aServerTheTlsSettingsDoNotTrustFailsWithASocketError() throws Exception {
        HttpInvokeIntegration defaults = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(false,
                connections, null), Clock.systemUTC());
        assertThatThrownBy(() -> defaults.call(TestCalls.call(RESOURCE, params(server.uri("/x").toString(), "GET",
                API_KEY, "")))).isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.error()).isEqualTo("States.Http.Socket"));
        assertThat(server.poll()).isNull();
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() throws Exception {
        try (TestWebServer plain = TestWebServer.plain()) {
            String endpoint = plain.uri("/plain").toString();
            assertThatThrownBy(() -> http.call(TestCalls.call(RESOURCE, params(endpoint, "GET", API_KEY, ""))))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.error()).isEqualTo("States.Runtime");
                        assertThat(e.cause()).contains("--http-allow-plain");
                    });
            assertThat(plain.poll()).isNull();

            HttpInvokeIntegration allowed = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(true,
                    connections, null), Clock.systemUTC());
            JsonNode out = allowed.call(TestCalls.call(RESOURCE, params(endpoint, "GET", API_KEY, "")));
            assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
            assertThat(plain.take().header("x-api-key")).isEqualTo("k-123");
        }
    }

    @Test
    void anOAuthConnectionGetsATokenOnceAndSendsItAsBearer() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        server.route("/oauth/token", r -> new TestWebServer.Answer(200, "application/json",
                "{\"access_token\": \"tok-" + issued.incrementAndGet() + "\", \"token_type\": \"Bearer\", "
                        + "\"expires_in\": 3600}"));
        HttpInvokeIntegration oauth = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(false, connections,
                server.clientContext()), Clock.systemUTC());

        oauth.call(TestCalls.call(RESOURCE, params(server.uri("/api").toString(), "GET", OAUTH, "")));
        TestWebServer.Received token = server.take();
        assertThat(token.path()).isEqualTo("/oauth/token");
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("client-1:shh".getBytes(StandardCharsets.UTF_8)));
        assertThat(token.body()).isEqualTo("grant_type=client_credentials&scope=read");
        assertThat(server.take().header("Authorization")).isEqualTo("Bearer tok-1");

        oauth.call(TestCalls.call(RESOURCE, params(server.uri("/api").toString(), "GET", OAUTH, "")));
        TestWebServer.Received second = server.take();
        assertThat(second.path()).isEqualTo("/api");
        assertThat(second.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(issued.get()).isEqualTo(1);
    }

    @Test
    void anOAuthTokenTheApiRefusesIsRenewedOnce() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        server.route("/oauth/token", r -> new TestWebServer.Answer(200, "application/json",
                "{\"access_token\": \"fresh-" + issued.incrementAndGet() + "\", \"expires_in\": 3600}"));
        // the API accepts only the second token it is shown
        server.route("/strict", r -> "Bearer fresh-2".equals(r.header("Authorization"))
                ? new TestWebServer.Answer(200, "application/json", "{}")
                : new TestWebServer.Answer(401, "application/json", "{\"message\": \"expired\"}"));
        HttpInvokeIntegration oauth = new HttpInvokeIntegration(IntegrationConfig.none().withHttp(false, connections,
                server.clientContext()), Clock.systemUTC());

        JsonNode out = oauth.call(TestCalls.call(RESOURCE, params(server.uri("/strict").toString(), "GET", OAUTH, "")));
        assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(issued.get()).isEqualTo(2);
        for (int i = 0; i < 4; i++) {
            server.take(); // token, refused call, token, accepted call
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
