package dev.stepwise.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.JsonService;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RestJsonService;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service on the one port: a second AWS JSON service routed by its X-Amz-Target prefix, a
 * rest-json service routed by method and path, the signing service of the credential scope
 * deciding where neither does, and the caller (account, region) handed to every operation.
 * Stand-in services until the faces land.
 */
class ServicesOnOnePortTest {
    private static final String BOB = "222222222222";
    private static ServerFixture fixture;
    private static final HttpClient http = HttpClient.newHttpClient();

    private static ObjectNode whoami(Caller caller) {
        ObjectNode o = Json.object().put("account", caller.account()).put("region", caller.region());
        if (caller.accessKeyId() != null) {
            o.put("accessKeyId", caller.accessKeyId());
        }
        return o;
    }

    /** A JSON 1.1 service, as Transfer Family speaks. */
    private static final JsonService TEST_JSON = new JsonService() {
        @Override
        public String targetPrefix() {
            return "TestService";
        }

        @Override
        public String signingName() {
            return "testsvc";
        }

        @Override
        public String contentType() {
            return "application/x-amz-json-1.1";
        }

        @Override
        public Map<String, Operation> operations() {
            return Map.of("Whoami", (caller, request) -> whoami(caller),
                    "Fail", (caller, request) -> {
                        throw new ServiceException(400, "ResourceNotFoundException", "nothing here");
                    });
        }
    };

    /** A rest-json service, as Image Builder speaks; {@code name} tells which of two answered. */
    private static RestJsonService restService(String signingName) {
        return new RestJsonService() {
            @Override
            public String signingName() {
                return signingName;
            }

            @Override
            public List<Route> routes() {
                Operation getThing = (caller, request) -> whoami(caller).put("service", signingName)
                        .put("thing", request.path("thingName").asText())
                        .put("verbose", request.path("verbose").asText(null));
                Operation createThing = (caller, request) -> whoami(caller).put("service", signingName)
                        .set("received", request);
                Operation missing = (caller, request) -> {
                    throw new ServiceException(404, "ResourceNotFoundException",
                            "no such thing: " + request.path("id").asText());
                };
                return List.of(
                        new Route("GET", "/things/{thingName}", Map.of("verbose", "verbose"), 200, "GetThing", getThing),
                        new Route("PUT", "/CreateThing", Map.of(), 201, "CreateThing", createThing),
                        new Route("GET", "/echo", Map.of("k", "keys"), 200, "Echo", createThing),
                        new Route("GET", "/missing/{id}", "Missing", missing));
            }
        };
    }

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture(config -> config.withAccessKeyAccounts(Map.of("BOBKEY", BOB))
                .withServices(List.of(TEST_JSON), List.of(restService("restsvc"), restService("othersvc"))));
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String authorization(String accessKey, String region, String service) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20261206/" + region + "/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000";
    }

    private static HttpResponse<String> send(String method, String path, String target, String authorization,
                                             String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.parse(r.body());
    }

    @Test
    void aSecondJsonServiceIsRoutedByItsTargetPrefixWithTheCaller() throws Exception {
        HttpResponse<String> r = send("POST", "/", "TestService.Whoami", authorization("BOBKEY", "eu-west-1", "testsvc"),
                "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(json(r)).isEqualTo(Json.parse(
                "{\"account\": \"" + BOB + "\", \"region\": \"eu-west-1\", \"accessKeyId\": \"BOBKEY\"}"));

        HttpResponse<String> unsigned = send("POST", "/", "TestService.Whoami", null, "{}");
        assertThat(json(unsigned)).isEqualTo(Json.parse("{\"account\": \"123456789012\", \"region\": \"us-east-1\"}"));

        HttpResponse<String> failed = send("POST", "/", "TestService.Fail", null, "{}");
        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(failed.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(json(failed)).isEqualTo(Json.parse(
                "{\"__type\": \"ResourceNotFoundException\", \"message\": \"nothing here\"}"));
    }

    @Test
    void aRestJsonServiceIsRoutedByMethodAndPathWithItsLabelsAndQuery() throws Exception {
        HttpResponse<String> r = send("GET", "/things/a%2Fb?verbose=yes", null,
                authorization("BOBKEY", "us-west-2", "restsvc"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r)).isEqualTo(Json.parse("{\"account\": \"" + BOB + "\", \"region\": \"us-west-2\", "
                + "\"accessKeyId\": \"BOBKEY\", \"service\": \"restsvc\", \"thing\": \"a/b\", \"verbose\": \"yes\"}"));

        HttpResponse<String> created = send("PUT", "/CreateThing", null, authorization("k", "us-east-1", "restsvc"),
                "{\"name\": \"n\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("received")).isEqualTo(Json.parse("{\"name\": \"n\"}"));

        HttpResponse<String> missing = send("GET", "/missing/x7", null, null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(json(missing)).isEqualTo(Json.parse("{\"message\": \"no such thing: x7\"}"));
    }

    @Test
    void aRepeatedQueryParameterIsAListMember() throws Exception {
        assertThat(json(send("GET", "/echo?k=a&k=b%2Fc", null, null, null)).get("received"))
                .isEqualTo(Json.parse("{\"keys\": [\"a\", \"b/c\"]}"));
        assertThat(json(send("GET", "/echo?k=a", null, null, null)).get("received"))
                .isEqualTo(Json.parse("{\"keys\": \"a\"}"));
    }

    @Test
    void whereTwoServicesShareARouteTheCredentialScopesServiceDecides() throws Exception {
        assertThat(json(send("GET", "/things/t", null, authorization("k", "us-east-1", "othersvc"), null))
                .get("service").asText()).isEqualTo("othersvc");
        assertThat(json(send("GET", "/things/t", null, authorization("k", "us-east-1", "restsvc"), null))
                .get("service").asText()).isEqualTo("restsvc");
    }

    @Test
    void aJsonRequestWithoutATargetGoesToItsSigningService() throws Exception {
        HttpResponse<String> test = send("POST", "/", null, authorization("k", "us-east-1", "testsvc"), "{}");
        assertThat(test.statusCode()).isEqualTo(400);
        assertThat(test.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(json(test).get("__type").asText()).isEqualTo("com.amazon.coral.service#UnknownOperationException");

        HttpResponse<String> states = send("POST", "/", null, authorization("k", "us-east-1", "states"), "{}");
        assertThat(states.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        // a target of an unknown service does not reach another service's operation of that name
        HttpResponse<String> foreign = send("POST", "/", "NotServedHere.Whoami", authorization("k", "us-east-1",
                "testsvc"), "{}");
        assertThat(json(foreign).get("__type").asText()).isEqualTo("com.amazon.coral.service#UnknownOperationException");
    }

    @Test
    void stepFunctionsAndTheHostsOwnPagesShareThePort() throws Exception {
        assertThat(fixture.sfn().listStateMachines(r -> { }).stateMachines()).isNotNull();
        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/no-such-page", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theCredentialScopeIsReadFromTheHeaderOrAPresignedQuery() {
        assertThat(Callers.scope(authorization("AK", "ap-south-1", "states"), null))
                .isEqualTo(new Callers.Scope("AK", "ap-south-1", "states"));
        assertThat(Callers.scope(null, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261206%2Feu-north-1"
                + "%2Fimagebuilder%2Faws4_request&X-Amz-Signature=00"))
                .isEqualTo(new Callers.Scope("AK", "eu-north-1", "imagebuilder"));
        assertThat(Callers.scope(null, null)).isEqualTo(new Callers.Scope(null, null, null));
        Callers callers = new Callers("123456789012", "us-east-1", Map.of("AK", "999999999999"));
        assertThat(callers.caller(new Callers.Scope("AK", "eu-north-1", "states")))
                .isEqualTo(new Caller("999999999999", "eu-north-1", "AK"));
        assertThat(callers.caller(new Callers.Scope("OTHER", null, null)))
                .isEqualTo(new Caller("123456789012", "us-east-1", "OTHER"));
    }
}
