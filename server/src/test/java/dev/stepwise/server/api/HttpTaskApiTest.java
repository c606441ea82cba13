package dev.stepwise.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.integrations.IntegrationConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InspectionDataRequest;
import software.amazon.awssdk.services.sfn.model.InspectionDataResponse;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

/**
 * An http:invoke Task run by the server, driven by the AWS SDK for Java v2: the call reaches a
 * real HTTP server with the connection's API key, and the history records it as AWS does.
 */
class HttpTaskApiTest {
    static final String CONNECTION = "arn:aws:events:us-east-1:123456789012:connection/orders/1a2b";

    @TempDir
    static Path dir;
    static HttpServer api;
    static BlockingQueue<String> received = new LinkedBlockingQueue<>();
    static ServerFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " key="
                    + exchange.getRequestHeaders().getFirst("x-api-key") + " " + body);
            boolean found = exchange.getRequestURI().getPath().equals("/orders");
            byte[] answer = (found ? "{\"accepted\": true}" : "{\"message\": \"no such path\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(found ? 201 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        api.start();
        Path connections = dir.resolve("connections.json");
        Files.writeString(connections, """
                {"connections": {"%s": {"AuthorizationType": "API_KEY",
                  "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret-1"}}}}}"""
                .formatted(CONNECTION));
        fixture = new ServerFixture(WaitScale.REAL, Duration.ofSeconds(60),
                IntegrationConfig.none().withHttp(true, connections, null));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        api.stop(0);
    }

    private static String definition(String path) {
        return """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                  "Parameters": {"ApiEndpoint": "http://127.0.0.1:%d%s", "Method": "POST",
                    "Authentication": {"ConnectionArn": "%s"}, "RequestBody": {"order.$": "$.order"}},
                  "End": true}}}""".formatted(api.getAddress().getPort(), path, CONNECTION);
    }

    private static String run(String name, String path) {
        SfnClient sfn = fixture.sfn();
        String machine = sfn.createStateMachine(r -> r.name(name).roleArn(ServerFixture.ROLE)
                .definition(definition(path))).stateMachineArn();
        return sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"order\": \"o-7\"}")).executionArn();
    }

    @Test
    void anHttpTaskCallsTheApiAndRecordsTheHistoryAsAws() throws Exception {
        SfnClient sfn = fixture.sfn();
        String execution = run("HttpOk", "/orders");
        String output = Defs.awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED).output();

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /orders key=secret-1 {\"order\":\"o-7\"}");
        JsonNode result = Json.parse(output);
        assertThat(result.get("StatusCode").asInt()).isEqualTo(201);
        assertThat(result.get("StatusText").asText()).isEqualTo("Created");
        assertThat(result.get("ResponseBody")).isEqualTo(Json.parse("{\"accepted\": true}"));

        List<HistoryEvent> history = Defs.history(sfn, execution);
        assertThat(Defs.types(history)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        var scheduled = history.get(2).taskScheduledEventDetails();
        assertThat(scheduled.resourceType()).isEqualTo("http");
        assertThat(scheduled.resource()).isEqualTo("invoke");
        assertThat(scheduled.region()).isEqualTo("us-east-1");
        assertThat(Json.parse(scheduled.parameters()).get("RequestBody"))
                .isEqualTo(Json.parse("{\"order\": \"o-7\"}"));
        assertThat(history.get(3).taskStartedEventDetails().resourceType()).isEqualTo("http");
        assertThat(history.get(3).taskStartedEventDetails().resource()).isEqualTo("invoke");
        var succeeded = history.get(4).taskSucceededEventDetails();
        assertThat(succeeded.resourceType()).isEqualTo("http");
        assertThat(succeeded.resource()).isEqualTo("invoke");
        assertThat(Json.parse(succeeded.output()).get("StatusCode").asInt()).isEqualTo(201);
    }

    @Test
    void aNotFoundAnswerFailsTheExecutionWithItsStatusCode() throws Exception {
        SfnClient sfn = fixture.sfn();
        String execution = run("HttpMissing", "/nowhere");
        var described = Defs.awaitStatus(sfn, execution, ExecutionStatus.FAILED);
        assertThat(described.error()).isEqualTo("States.Http.StatusCode.404");
        assertThat(Json.parse(described.cause()).get("StatusCode").asInt()).isEqualTo(404);
        assertThat(received.poll(10, TimeUnit.SECONDS)).startsWith("POST /nowhere key=secret-1");

        List<HistoryEvent> history = Defs.history(sfn, execution);
        HistoryEvent failed = history.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).findFirst()
                .orElseThrow();
        assertThat(failed.taskFailedEventDetails().resourceType()).isEqualTo("http");
        assertThat(failed.taskFailedEventDetails().error()).isEqualTo("States.Http.StatusCode.404");
        assertThat(history.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
    }

    @Test
    @Covers("TestState")
    void testStateAtTraceShowsTheExchangeAndKeepsTheConnectionsSecretsUnlessAsked() throws Exception {
        SfnClient sfn = fixture.sfn();
        String state = """
                {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                 "Parameters": {"ApiEndpoint": "http://127.0.0.1:%d/orders", "Method": "POST",
                   "Authentication": {"ConnectionArn": "%s"}, "RequestBody": {"order": "o-8"}}, "End": true}"""
                .formatted(api.getAddress().getPort(), CONNECTION);

        TestStateResponse traced = sfn.testState(b -> b.definition(state).roleArn(ServerFixture.ROLE)
                .inspectionLevel(InspectionLevel.TRACE));
        // the call was made for real
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /orders key=secret-1 {\"order\":\"o-8\"}");
        assertThat(traced.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        InspectionDataRequest request = traced.inspectionData().request();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.protocol()).isEqualTo("http");
        assertThat(request.url()).isEqualTo("http://127.0.0.1:" + api.getAddress().getPort() + "/orders");
        assertThat(Json.parse(request.body())).isEqualTo(Json.parse("{\"order\": \"o-8\"}"));
        assertThat(request.headers()).contains("Content-Type: application/json").doesNotContain("secret-1");
        InspectionDataResponse response = traced.inspectionData().response();
        assertThat(response.statusCode()).isEqualTo("201");
        assertThat(response.statusMessage()).isEqualTo("Created");
        assertThat(Json.parse(response.body())).isEqualTo(Json.parse("{\"accepted\": true}"));

        TestStateResponse revealed = sfn.testState(b -> b.definition(state).roleArn(ServerFixture.ROLE)
                .inspectionLevel(InspectionLevel.TRACE).revealSecrets(true));
        assertThat(received.poll(10, TimeUnit.SECONDS)).startsWith("POST /orders key=secret-1");
        assertThat(revealed.inspectionData().request().headers()).contains("x-api-key: secret-1");

        // DEBUG shows the data flow but not the exchange
        TestStateResponse debug = sfn.testState(b -> b.definition(state).roleArn(ServerFixture.ROLE)
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(received.poll(10, TimeUnit.SECONDS)).startsWith("POST /orders");
        assertThat(debug.inspectionData().request()).isNull();
        assertThat(debug.inspectionData().result()).contains("\"StatusCode\":201");
    }
}
