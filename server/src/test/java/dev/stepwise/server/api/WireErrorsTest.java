package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * The wire, below what an SDK lets one send: malformed and non-object bodies, unknown targets,
 * oversized requests and missing members, answered as AWS's JSON 1.0 front end answers them —
 * HTTP 400, {"__type": namespace#Name, "message": …} — and parsed by the SDK into the same errors.
 */
class WireErrorsTest {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String SFN = "com.amazonaws.swf.service.v2.model#";
    private static final String CORAL_SERVICE = "com.amazon.coral.service#";
    private static final String CORAL_VALIDATE = "com.amazon.coral.validate#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerFixture fixture;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws IOException {
        http.close();
        fixture.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> response) {
        String type() {
            return body.path("__type").asText(null);
        }

        String message() {
            return body.path("message").asText(null);
        }
    }

    private static Answer post(String target, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.endpoint())
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed, response);
    }

    private static Answer post(String target, String body) throws Exception {
        return post(target, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An error as AWS's front end writes it: status, exact __type, JSON 1.0 content type, a request id. */
    private static void assertError(Answer a, int status, String type) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.type()).isEqualTo(type);
        assertThat(a.type()).doesNotContain(":");
        assertThat(a.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith(CONTENT_TYPE));
        assertThat(a.response().headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    /** An SDK client whose requests an interceptor rewrites on the way out (what a broken client might send). */
    private static SfnClient sdkSending(UnaryOperator<SdkHttpRequest> rewriteRequest, String replacementBody) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                    ExecutionAttributes executionAttributes) {
                return rewriteRequest.apply(context.httpRequest());
            }

            @Override
            public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> modifyHttpContent(
                    Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
                if (replacementBody == null) {
                    return context.requestBody();
                }
                return java.util.Optional.of(software.amazon.awssdk.core.sync.RequestBody.fromString(replacementBody));
            }
        };
        return SfnClient.builder()
                .endpointOverride(fixture.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()).addExecutionInterceptor(interceptor))
                .build();
    }

    @Test
    @Covers("ListStateMachines")
    void malformedJsonIsASerializationException() throws Exception {
        Answer a = post("AWSStepFunctions.ListStateMachines", "{\"maxResults\": ");
        assertError(a, 400, CORAL_SERVICE + "SerializationException");

        try (SfnClient broken = sdkSending(r -> r.toBuilder().putHeader("Content-Length", "9").build(),
                "{not json")) {
            assertThatThrownBy(() -> broken.listStateMachines(r -> { })).isInstanceOfSatisfying(SfnException.class,
                    e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SerializationException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    @Covers("ListStateMachines")
    void aBodyThatIsNotAnObjectIsASerializationException() throws Exception {
        for (String body : new String[] {"[]", "42", "\"text\"", "[{\"maxResults\": 1}]"}) {
            assertError(post("AWSStepFunctions.ListStateMachines", body), 400, CORAL_SERVICE + "SerializationException");
        }
        // a member of the wrong JSON type too
        assertError(post("AWSStepFunctions.ListStateMachines", "{\"maxResults\": \"ten\"}"), 400,
                CORAL_SERVICE + "SerializationException");
        assertError(post("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\": 5}"), 400,
                CORAL_SERVICE + "SerializationException");
    }

    @Test
    void unknownTargetsAreUnknownOperationException() throws Exception {
        assertError(post("AWSStepFunctions.NoSuchOperation", "{}"), 400, CORAL_SERVICE + "UnknownOperationException");
        assertError(post("SomeOtherService.ListStateMachines", "{}"), 400, CORAL_SERVICE + "UnknownOperationException");
        assertError(post("NoDot", "{}"), 400, CORAL_SERVICE + "UnknownOperationException");
        assertError(post(null, "{}"), 400, CORAL_SERVICE + "UnknownOperationException");

        try (SfnClient misdirected = sdkSending(r -> r.toBuilder()
                .putHeader("X-Amz-Target", "AWSStepFunctions.NoSuchOperation").build(), null)) {
            assertThatThrownBy(() -> misdirected.listStateMachines(r -> { })).isInstanceOfSatisfying(
                    SfnException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    @Covers({"CreateStateMachine", "ListStateMachines"})
    void aMissingRequiredMemberIsAValidationExceptionInCoralsWords() throws Exception {
        Answer one = post("AWSStepFunctions.CreateStateMachine", JSON.writeValueAsString(
                JSON.createObjectNode().put("definition", PASS).put("roleArn", ROLE)));
        assertError(one, 400, CORAL_VALIDATE + "ValidationException");
        assertThat(one.message()).isEqualTo(
                "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");

        Answer three = post("AWSStepFunctions.CreateStateMachine", "{}");
        assertError(three, 400, CORAL_VALIDATE + "ValidationException");
        assertThat(three.message()).startsWith("3 validation errors detected: ").contains(
                "Value null at 'name' failed to satisfy constraint: Member must not be null",
                "Value null at 'definition' failed to satisfy constraint: Member must not be null",
                "Value null at 'roleArn' failed to satisfy constraint: Member must not be null");

        // the SDK parses it into its ValidationException
        String withoutName = "{\"definition\": \"{}\", \"roleArn\": \"" + ROLE + "\"}";
        try (SfnClient stripping = sdkSending(r -> r.toBuilder().putHeader("Content-Length",
                Integer.toString(withoutName.length())).build(), withoutName)) {
            assertThatThrownBy(() -> stripping.createStateMachine(r -> r.name("x").definition(PASS).roleArn(ROLE)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo("1 validation error detected: Value null at 'name' failed to "
                            + "satisfy constraint: Member must not be null"));
        }
        // nothing was created
        assertThat(fixture.sfn().listStateMachines(r -> { }).stateMachines()).noneMatch(m -> m.name().equals("x"));
    }

    @Test
    @Covers("DescribeStateMachine")
    void stepFunctionsErrorsCarryTheServiceNamespace() throws Exception {
        Answer a = post("AWSStepFunctions.DescribeStateMachine",
                "{\"stateMachineArn\": \"arn:aws:states:us-east-1:123456789012:stateMachine:none\"}");
        assertError(a, 400, SFN + "StateMachineDoesNotExist");
        assertThat(a.message()).isEqualTo(
                "State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:none'");
        Answer invalid = post("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\": \"nonsense\"}");
        assertError(invalid, 400, SFN + "InvalidArn");
    }

    @Test
    @Covers({"CreateStateMachine", "DescribeStateMachine"})
    void anOversizedRequestIsRefusedCleanlyAndLosesNothing() throws Exception {
        String arn = fixture.sfn().createStateMachine(r -> r.name("survivor").definition(PASS).roleArn(ROLE))
                .stateMachineArn();

        // over the 1,049,600 bytes AWS takes: 413, a plain-text body, as AWS answers (aws/aws-sdk-js-v3#4184)
        String huge = "{\"name\": \"huge\", \"roleArn\": \"" + ROLE + "\", \"definition\": \""
                + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(fixture.endpoint())
                .header("Content-Type", CONTENT_TYPE).header("X-Amz-Target", "AWSStepFunctions.CreateStateMachine")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("HTTP content length exceeded 1049600 bytes.");

        // the SDK sees an error, not a hang or a crash
        String bigDefinition = "x".repeat(1_049_600);
        assertThatThrownBy(() -> fixture.sfn().createStateMachine(r -> r.name("huge").definition(bigDefinition)
                .roleArn(ROLE))).isInstanceOfSatisfying(SfnException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(413));

        // under the server's limit but over the definition's 1 MiB: a validation error
        String big = "{\"name\": \"big\", \"roleArn\": \"" + ROLE + "\", \"definition\": \""
                + "x".repeat(1_048_577) + "\"}";
        Answer b = post("AWSStepFunctions.CreateStateMachine", big);
        assertError(b, 400, CORAL_VALIDATE + "ValidationException");

        // the server still answers, the store is intact
        assertThat(fixture.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(PASS);
        assertThat(fixture.sfn().listStateMachines(r -> { }).stateMachines()).extracting(m -> m.name())
                .contains("survivor").doesNotContain("huge", "big");
        assertThat(fixture.sfn().startExecution(r -> r.stateMachineArn(arn)).executionArn()).isNotNull();
    }

    @Test
    @Covers("CreateStateMachine")
    void aChunkedRequestIsReadWholeAndAnOversizedOneRefused() throws Exception {
        // no Content-Length: the body comes in chunks (the way a streaming client sends it)
        String body = "{\"name\": \"chunked\", \"roleArn\": \"" + ROLE + "\", \"definition\": "
                + JSON.writeValueAsString(PASS) + "}";
        HttpResponse<String> created = http.send(chunked("AWSStepFunctions.CreateStateMachine", body),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).path("stateMachineArn").asText()).endsWith(":chunked");

        String huge = "{\"name\": \"huge-chunked\", \"roleArn\": \"" + ROLE + "\", \"definition\": \""
                + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> refused = http.send(chunked("AWSStepFunctions.CreateStateMachine", huge),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(fixture.sfn().listStateMachines(r -> { }).stateMachines()).extracting(m -> m.name())
                .contains("chunked").doesNotContain("huge-chunked");
    }

    private static HttpRequest chunked(String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(fixture.endpoint()).header("Content-Type", CONTENT_TYPE)
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
    }

    @Test
    @Covers("ListStateMachines")
    void aServiceErrorIsParsedByTheSdkFromItsNamespacedType() {
        // what every ApiErrors check relies on, stated once: the SDK keeps what follows '#'
        assertThatThrownBy(() -> fixture.sfn().listStateMachines(r -> r.nextToken("x")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidToken"));
    }
}
